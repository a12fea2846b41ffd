"""`python -m threshold save`, `list`, `export` and `import`, run as a user would, on a data dir of their own."""

import argparse
import csv
import io
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import DATA, MINI_RUBRIC_PATH, ROOT
from threshold.cli import build_parser
from threshold.store import DATABASE_NAME, DATABASE_URL_ENV, Store

VALID_EXPORT = DATA / "imports" / "valid_v1.json"


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def threshold(data_dir, databases):
    """`python -m threshold ...` on a data dir of its own; on PostgreSQL, with THRESHOLD_DATABASE_URL naming a
    database of its own for each data dir, against the real server."""
    servers = {}

    def target(data=data_dir):
        """What the commands run on `data` store into, for `Store(...)`."""
        return servers.setdefault(data, databases.new()) if databases.postgresql else data / DATABASE_NAME

    def run(*args, data=data_dir):
        env = {**os.environ, "THRESHOLD_DATA_DIR": str(data)}
        if databases.postgresql:
            env[DATABASE_URL_ENV] = target(data)
        command = [sys.executable, "-m", "threshold", *map(str, args)]
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)

    run.target = target
    return run


@pytest.fixture
def answers(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": {"a1": 4, "a2": 1, "a3": 1, "b1": 2, "b2": 0}}))
    return path


def save(threshold, answers, name, *options):
    return threshold("save", answers, "--name", name, "--rubric", MINI_RUBRIC_PATH, *options)


def test_save_prints_the_new_id_and_keeps_every_field(threshold, answers, data_dir):
    run = save(threshold, answers, "Alex", "--relationship", "partner", "--reached-out", "2025-03-14", "--notes", "hm")
    assert (run.returncode, run.stdout, run.stderr) == (0, "1\n", "")
    saved = Store(threshold.target()).get(1)
    assert (saved.name, saved.relationship, str(saved.reached_out_on), saved.notes) == (
        "Alex",
        "partner",
        "2025-03-14",
        "hm",
    )
    assert saved.profile.dominant == ["familiarity", "curiosity"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--name", " "), "error: name: give a name"),
        (("--name", "x" * 201), "error: name: 201 characters is over the limit"),
        (("--name", "A", "--relationship", "enemy"), "invalid choice: 'enemy'"),
        (("--name", "A", "--reached-out", "14/03/2025"), "'14/03/2025' is not a date like 2025-03-14"),
    ],
)
def test_save_refuses_bad_values_without_a_traceback(threshold, answers, data_dir, options, message):
    run = threshold("save", answers, "--rubric", MINI_RUBRIC_PATH, *options)
    assert run.returncode != 0 and run.stdout == ""
    assert message in run.stderr and "Traceback" not in run.stderr


def test_save_refuses_answers_that_do_not_fit(threshold, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"answers": {"a1": 9}}))
    run = save(threshold, path, "Alex")
    assert run.returncode == 1 and "a1: answer 9 is not one of" in run.stderr


def test_list_prints_one_line_per_assessment_newest_first(threshold, answers):
    assert threshold("list").stdout == ""
    for name in ("Alex", "Sam", "<b>Jo</b>"):
        save(threshold, answers, name)
    run = threshold("list")
    assert run.returncode == 0, run.stderr
    lines = [line.split("\t") for line in run.stdout.splitlines()]
    assert [(row[0], row[2], row[3]) for row in lines] == [
        ("3", "<b>Jo</b>", "familiarity, curiosity"),
        ("2", "Sam", "familiarity, curiosity"),
        ("1", "Alex", "familiarity, curiosity"),
    ]
    assert [row[0] for row in (x.split("\t") for x in threshold("list", "--search", "AL").stdout.splitlines())] == ["1"]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Ev\u202eil", "Ev<U+202E>il"),  # right-to-left override: the rest of the line would read backwards
        ("Sam\u200b", "Sam<U+200B>"),  # zero-width space: two names that look the same
        ("\u2066Jo\u2069\u200f", "<U+2066>Jo<U+2069><U+200F>"),
        ("Zoë 👩\u200d👩", "Zoë 👩\u200d👩"),  # joiners stay: emoji need them
    ],
)
def test_list_shows_hiding_and_reordering_characters_as_codes(threshold, answers, name, shown):
    save(threshold, answers, name)
    run = threshold("list")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\t")[2] == shown


def test_export_then_import_elsewhere_then_again(threshold, answers, tmp_path):
    save(threshold, answers, "Alex")
    save(threshold, answers, "Sam", "--notes", "=1+1")
    out = tmp_path / "all.json"
    run = threshold("export", "--all", "--out", out)
    assert (run.returncode, run.stdout) == (0, f"exported 2 assessments to {out} as json\n")
    elsewhere = tmp_path / "elsewhere"
    assert threshold("import", out, data=elsewhere).stdout == "added 2, skipped 0 already here\n"
    assert threshold("import", out, data=elsewhere).stdout == "added 0, skipped 2 already here\n"
    assert threshold("list", data=elsewhere).stdout.count("\n") == 2


@pytest.mark.parametrize(("out", "options"), [("some.csv", ()), ("some.txt", ("--format", "csv"))])
def test_export_csv_by_suffix_or_by_option(threshold, answers, tmp_path, out, options):
    save(threshold, answers, "Alex")
    save(threshold, answers, "Sam", "--notes", "=1+1")
    run = threshold("export", "--id", "2", "--out", tmp_path / out, *options)
    assert run.returncode == 0 and run.stdout.endswith("as csv\n")
    (row,) = csv.DictReader(io.StringIO((tmp_path / out).read_text()))
    assert (row["id"], row["name"], row["notes"]) == ("2", "Sam", "'=1+1")


def test_export_names_an_unknown_id_and_writes_nothing(threshold, tmp_path):
    run = threshold("export", "--id", "7", "--out", tmp_path / "x.json")
    assert run.returncode == 1 and "error: no saved assessment has id 7" in run.stderr
    assert not (tmp_path / "x.json").exists()


def test_export_needs_an_id_or_all(threshold, tmp_path):
    run = threshold("export", "--out", tmp_path / "x.json")
    assert run.returncode == 2 and "one of the arguments --id --all is required" in run.stderr


def test_import_refuses_a_bad_file_clearly(threshold, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(VALID_EXPORT.read_text().replace('"format_version": 1', '"format_version": 3'))
    run = threshold("import", path)
    assert run.returncode == 1 and run.stdout == ""
    assert "format_version 3 was written by a newer Threshold" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("command", ["save", "list", "export", "import", "lock", "wipe"])
def test_every_history_command_and_option_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text()
    (commands,) = (a.choices for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    options = [o for action in commands[command]._actions for o in action.option_strings if o.startswith("--")]
    assert [x for x in [f"python -m threshold {command}", *options] if x not in readme and x != "--help"] == []


def test_a_follow_up_is_saved_with_its_link_and_show_prints_it(threshold, answers, data_dir):
    assert save(threshold, answers, "Alex").stdout == "1\n"
    run = threshold("save", answers, "--follow-up-of", "1", "--rubric", MINI_RUBRIC_PATH)
    assert (run.returncode, run.stdout, run.stderr) == (0, "2\n", "")
    assert Store(threshold.target()).get(2).name == "Alex"  # a follow-up keeps the first one's name
    shown = json.loads(threshold("show", "2", "--format", "json").stdout)
    assert (shown["id"], shown["name"], shown["follow_up_of"], shown["follow_ups"]) == (2, "Alex", 1, [])
    assert json.loads(threshold("show", "1", "--format", "json").stdout)["follow_ups"] == [2]
    text = threshold("show", "2").stdout
    assert "follow_up_of: 1\n" in text and "name: Alex\n" in text
    assert "follow_up_of" not in threshold("show", "1").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "9"), "error: no saved assessment has id 9"),
        (("save", "ANSWERS", "--follow-up-of", "9"), "error: no saved assessment has id 9"),
        (("save", "ANSWERS"), "error: --name: give who it is about"),
    ],
)
def test_show_and_follow_up_name_what_is_missing(threshold, answers, args, message):
    save(threshold, answers, "Alex")
    run = (
        threshold(*[answers if a == "ANSWERS" else a for a in args], "--rubric", MINI_RUBRIC_PATH)
        if args[0] == "save"
        else threshold(*args)
    )
    assert run.returncode == 1 and run.stderr.startswith(message) and "Traceback" not in run.stderr
