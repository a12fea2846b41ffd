"""Room hosting mode's command line: what `make room` asks of Streamlit, and that `make run` is unchanged."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from tests.conftest import ROOT


def serve_room():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location("serve_room", ROOT / "scripts" / "serve_room.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def option_values(argv: list[str], name: str) -> list[str]:
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == name]


def test_room_mode_listens_where_told_and_allows_only_the_names_it_serves():
    module = serve_room()
    args, rest = module.parse(["--host", "192.168.1.20", "--allow-host", "rooms.example.org", "--logger.level", "info"])
    argv = module.streamlit_arguments(args, rest)
    assert argv[:3] == ["streamlit", "run", str(ROOT / "room_app" / "app.py")]
    assert option_values(argv, "--server.address") == ["192.168.1.20"]
    assert option_values(argv, "--server.allowedHosts") == ["192.168.1.20", "rooms.example.org"]
    assert option_values(argv, "--server.port") == ["8502"]
    assert argv[-2:] == ["--logger.level", "info"]


def test_room_mode_defaults_to_this_machine_only():
    module = serve_room()
    argv = module.streamlit_arguments(*module.parse([]))
    assert option_values(argv, "--server.address") == ["127.0.0.1"]
    assert option_values(argv, "--server.allowedHosts") == ["127.0.0.1"]


def test_the_room_app_has_only_room_pages_and_make_run_serves_the_personal_app_on_loopback():
    assert sorted(p.name for p in (ROOT / "room_app" / "pages").iterdir() if p.suffix == ".py") == ["1_Host.py"]
    makefile = (ROOT / "Makefile").read_text()
    assert "\t$(PY) scripts/serve.py --server.port $(PORT)\n" in makefile
    assert 'address = "127.0.0.1"' in (ROOT / ".streamlit" / "config.toml").read_text()
    assert "room: $(VENV)/.app-installed\n\t$(PY) scripts/serve_room.py" in makefile


def test_the_room_pages_do_not_even_load_the_personal_store():
    """What room_app/ imports (components.room, workshop, loading) leaves the history's modules unloaded."""
    probe = (
        "import sys, components.room, components.workshop, components.loading\n"
        "print(sorted(m for m in sys.modules if m in ('threshold.store', 'components.storage', 'components.lock')))"
    )
    shown = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
