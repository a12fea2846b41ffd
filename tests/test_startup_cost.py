"""What the first page costs to start: no database layer until a history is there, Alembic only to
migrate, the rubric read by libyaml exactly as by the pure-Python loader, and the launcher's preload."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from threshold import DEFAULT_RUBRIC_PATH, rubric
from threshold.rubric import _UniqueKeyLoader, load_yaml
from threshold.scenarios import DEFAULT_SCENARIOS_PATH
from threshold.store import Store
from threshold.store.schema import MIGRATIONS, head, migration_names

REPO = Path(__file__).resolve().parent.parent
#: What every page imports before it draws anything (app.py's imports and the page chrome).
FIRST_PAGE_MODULES = ["components.layout", "components.loading", "components.questionnaire", "components.storage"]


def loaded_after(code: str, data_dir: Path, modules: list[str]) -> dict[str, bool]:
    """Which of `modules` a fresh interpreter has loaded after running `code` from the repo root."""
    probe = f"import json, sys\n{code}\nprint(json.dumps({{m: m in sys.modules for m in {modules!r}}}))"
    env = {**os.environ, "THRESHOLD_DATA_DIR": str(data_dir)}
    env.pop("THRESHOLD_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_first_page_imports_no_database_layer_before_there_is_a_history(tmp_path):
    imports = "\n".join(f"import {m}" for m in FIRST_PAGE_MODULES)
    code = f"{imports}\nfrom components import storage\nassert not storage.database_exists()"
    loaded = loaded_after(code, tmp_path, ["sqlalchemy", "alembic", "threshold.store.store", *FIRST_PAGE_MODULES])
    assert loaded == {"sqlalchemy": False, "alembic": False, "threshold.store.store": False} | dict.fromkeys(
        FIRST_PAGE_MODULES, True
    )


def test_opening_an_up_to_date_history_does_not_import_alembic(tmp_path):
    Store(tmp_path / "threshold.sqlite3").save_draft({}, 0)  # made and migrated in this process
    code = "from threshold.store import Store\nStore.default().save_draft({'a': 1}, 1)"
    code += "\nassert Store.default().load_draft().answers == {'a': 1}"
    assert loaded_after(code, tmp_path, ["sqlalchemy", "alembic"]) == {"sqlalchemy": True, "alembic": False}


def test_a_new_history_is_still_migrated_by_alembic(tmp_path):
    code = "from threshold.store import Store\nStore.default().save_draft({}, 0)"
    assert loaded_after(code, tmp_path, ["alembic"]) == {"alembic": True}
    assert Store(tmp_path / "threshold.sqlite3").applied_migrations() == migration_names()


def test_the_newest_migration_is_known_without_alembic():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert head() == script.get_current_head()
    for revision in script.walk_revisions():  # each migration is named by its file, as head() assumes
        assert Path(revision.path).stem == revision.revision


@pytest.mark.parametrize(
    "path", [DEFAULT_RUBRIC_PATH, DEFAULT_SCENARIOS_PATH, REPO / "reader_words.yaml"], ids=lambda p: Path(p).name
)
def test_libyaml_reads_the_files_exactly_as_the_python_loader(path):
    text = Path(path).read_text(encoding="utf-8")
    assert yaml.__with_libyaml__, "PyYAML was built without libyaml here"
    assert load_yaml(text) == yaml.load(text, Loader=_UniqueKeyLoader)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("? [a, b]\n: 1\n", "a key must be a plain word or number"),
        ("a: [1, 2\n", "expected ',' or ']'"),
    ],
)
def test_what_libyaml_refuses_is_reported_as_the_python_loader_reports_it(text, problem):
    with pytest.raises(yaml.YAMLError) as fast:
        load_yaml(text)
    with pytest.raises(yaml.YAMLError) as slow:
        yaml.load(text, Loader=_UniqueKeyLoader)
    assert str(fast.value) == str(slow.value) and problem in str(fast.value)
    assert fast.value.problem_mark.line == slow.value.problem_mark.line  # the line the error names


def test_the_launcher_preloads_the_pages_and_the_rubric_once_the_server_is_up(tmp_path):
    # The launcher's preload, with the server already up: afterwards the pages' modules are loaded and
    # the rubric comes from the cache (reading the file again would fail here).
    code = f"""
import importlib.util
spec = importlib.util.spec_from_file_location("serve", {str(REPO / "scripts" / "serve.py")!r})
serve = importlib.util.module_from_spec(spec)
spec.loader.exec_module(serve)
assert not serve.server_is_up() and "components.layout" not in sys.modules
serve.server_is_up = lambda: True
serve.preload_once_serving()
from components import loading
loading.load_rubric = None
rubric = loading._cached_rubric(str(loading.rubric_path()), loading.rubric_path().stat().st_mtime)
assert rubric.version, rubric
"""
    assert loaded_after(code, tmp_path, [*FIRST_PAGE_MODULES, "sqlalchemy"]) == {
        **dict.fromkeys(FIRST_PAGE_MODULES, True),
        "sqlalchemy": False,  # no history yet: the first page will not open one
    }
    Store(tmp_path / "threshold.sqlite3").save_draft({}, 0)
    assert loaded_after(code, tmp_path, ["threshold.store.store", "sqlalchemy"]) == dict.fromkeys(
        ["threshold.store.store", "sqlalchemy"], True
    )


def test_the_rubric_module_still_refuses_deep_nesting_through_libyaml():
    depth = rubric.MAX_YAML_DEPTH + 5
    with pytest.raises(yaml.YAMLError, match="nested more than"):
        load_yaml("a: " + "[" * depth + "]" * depth)
