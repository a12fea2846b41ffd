"""A throwaway PostgreSQL cluster for tests: Debian's server, in a temporary directory, on a free
127.0.0.1 port, stopped (and its files removed) when the test session ends.

Set THRESHOLD_TEST_DATABASE_URL to use a server of your own instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")
USER = "postgres"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: run as its own user when this process is root."""
    if os.geteuid() != 0:
        return list(command)
    return ["su", USER, "-s", "/bin/sh", "-c", " ".join(f"'{part}'" for part in command)]


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a fresh cluster and yield a SQLAlchemy URL to its `postgres` database."""
    if url := os.environ.get("THRESHOLD_TEST_DATABASE_URL"):
        yield url
        return
    if not (BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL 15 is not installed ({BIN}); scripts/ensure-system-packages.sh installs it")
    root = Path(tempfile.mkdtemp(prefix="threshold-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, USER, USER)
    port = free_port()
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(as_postgres(str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", USER), **run)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off -c max_connections=300"
    subprocess.run(
        as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(root / "log"), "start"), **run
    )
    try:
        yield f"postgresql+psycopg://{USER}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"), capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)
