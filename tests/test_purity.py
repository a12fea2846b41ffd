"""The domain package stays pure: no Streamlit, so it runs and tests without a UI."""

import ast
import subprocess
import sys

from tests.conftest import ROOT

PACKAGE = ROOT / "threshold"


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_module_of_threshold_imports_streamlit():
    offenders = {
        str(path.relative_to(ROOT)): name
        for path in PACKAGE.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] == "streamlit"
    }
    assert offenders == {}


def test_importing_every_module_loads_no_streamlit():
    modules = [f"threshold.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__"}]
    code = f"import sys; import {', '.join(modules)}; print('streamlit' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"
