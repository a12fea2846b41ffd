"""Browser-test fixtures: Debian's Chromium for Playwright, and a real `streamlit run app.py` server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, is_healthy
from threshold import DEFAULT_RUBRIC_PATH
from threshold.store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
STARTUP_TIMEOUT_S = 30
STOP_TIMEOUT_S = 10

# Streamlit reruns and Vega renders are asynchronous; give every `expect` room on a slow machine.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, pointed at Debian's Chromium (Playwright cannot download its own here)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """`test-artifacts/` at the repo root (gitignored), for screenshots a person looks at after a run."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def server_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data directory of the server under test: a real database file, never the user's own."""
    return tmp_path_factory.mktemp("server_data")


@pytest.fixture
def server_store(server_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The running server's own store, for setting the scene and looking at what the server wrote."""
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(server_data_dir))
    return Store.default()


@pytest.fixture(autouse=True)
def empty_server_data(server_data_dir: Path) -> None:
    """Each browser test starts with no history and no draft; the server opens the file per operation."""
    for path in server_data_dir.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()


@contextmanager
def running_app(
    run_dir: Path, data_dir: Path, extra_env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run the app the way `make run` does (scripts/serve.py, which is `streamlit run app.py`) on a
    localhost port (a free one unless given) with `data_dir` as its data directory; yield its base URL
    and process, stop it after."""
    port = port or free_port()
    command = [
        sys.executable,
        str(REPO_ROOT / "scripts" / "serve.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with serving(command, port, run_dir, data_dir, extra_env) as running:
        yield running


@contextmanager
def running_rooms(
    run_dir: Path, data_dir: Path, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run room hosting mode the way `make room` does (scripts/serve_room.py) on a free localhost port."""
    port = free_port()
    command = [sys.executable, str(REPO_ROOT / "scripts" / "serve_room.py"), "--host", "127.0.0.1", "--port", str(port)]
    with serving(command, port, run_dir, data_dir, extra_env) as running:
        yield running


@contextmanager
def serving(
    command: list[str], port: int, run_dir: Path, data_dir: Path, extra_env: dict[str, str] | None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start `command` (a server on `port`), wait until it is healthy, yield its base URL and process, stop it."""
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "THRESHOLD_DATA_DIR": str(data_dir),
        "THRESHOLD_RUBRIC": str(DEFAULT_RUBRIC_PATH),
        **(extra_env or {}),
    }
    # A file, not a pipe: nobody reads the server's output while tests run, and a full pipe would block it.
    log_path = run_dir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not is_healthy(base_url):
            if server.poll() is not None:
                pytest.fail(f"streamlit exited with {server.returncode}:\n{log_path.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit not healthy after {STARTUP_TIMEOUT_S}s:\n{log_path.read_text(errors='replace')}"
                )
            time.sleep(0.1)
        yield base_url, server
    finally:
        stop(server)


@contextmanager
def serving_app(run_dir: Path, data_dir: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """`running_app` for a test that needs only the base URL."""
    with running_app(run_dir, data_dir, extra_env) as (base_url, _):
        yield base_url


def stop(server: subprocess.Popen) -> None:
    """Stop a server started here, and wait until it is gone."""
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory, server_data_dir: Path) -> Iterator[str]:
    """The app served for the whole session, with a throwaway data dir; yields its base URL."""
    with running_app(tmp_path_factory.mktemp("app_server"), server_data_dir) as (base_url, _):
        yield base_url


@pytest.fixture(scope="session")
def base_url(app_server: str) -> str:
    """The server under test, for relative `page.goto`; it also replaces pytest-playwright's fallback
    fixture, which pytest 9 warns about."""
    return app_server
