"""The real server refuses WebSockets that are not this app's own, and refusing one sends nothing
off the machine: raw WebSocket handshakes against `make run`'s server (scripts/serve.py)."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import serving_app

pytestmark = pytest.mark.browser

# Written into the server's own Python as sitecustomize: an audit hook that records every name
# the process resolves and every address it connects to that is not this machine.
NETWORK_AUDIT = textwrap.dedent(
    """
    import ipaddress, json, os, sys

    _LOG = os.environ["THRESHOLD_NETWORK_AUDIT_LOG"]
    _LOCAL_NAMES = {None, "", "localhost"}

    def _is_loopback(host):
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return host in _LOCAL_NAMES

    def _record(event, args):
        if event == "socket.getaddrinfo":
            host = args[0].decode() if isinstance(args[0], bytes) else args[0]
        elif event == "socket.connect" and isinstance(args[1], tuple):
            host = args[1][0]
        else:
            return
        if not _is_loopback(host):
            with open(_LOG, "a") as log:
                log.write(json.dumps([event, str(host)]) + "\\n")

    sys.addaudithook(_record)
    """
)


def handshake(base_url: str, *, host: str, origin: str | None) -> int:
    """Open /_stcore/stream as a browser would, with the given Host and Origin; return the HTTP status."""
    address = urlsplit(base_url)
    request = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
        "Sec-WebSocket-Version: 13",
        *([f"Origin: {origin}"] if origin else []),
    ]
    with socket.create_connection((address.hostname, address.port), timeout=60) as conn:
        conn.sendall(("\r\n".join(request) + "\r\n\r\n").encode())
        status_line = conn.recv(4096).split(b"\r\n", 1)[0]
    return int(status_line.split()[1])


@pytest.fixture(scope="module")
def audited_server(tmp_path_factory: pytest.TempPathFactory):
    """The app, with every outside name look-up and connection of its process written to a log."""
    hook_dir = tmp_path_factory.mktemp("network_audit")
    (hook_dir / "sitecustomize.py").write_text(NETWORK_AUDIT)
    audit_log = hook_dir / "outside.jsonl"
    audit_log.touch()
    env = {"PYTHONPATH": str(hook_dir), "THRESHOLD_NETWORK_AUDIT_LOG": str(audit_log)}
    run_dir = tmp_path_factory.mktemp("audited_server")
    with serving_app(run_dir, tmp_path_factory.mktemp("audited_data"), env) as base_url:
        yield base_url, audit_log


def outside_traffic(audit_log: Path) -> list[list[str]]:
    return [json.loads(line) for line in audit_log.read_text().splitlines()]


def test_a_websocket_naming_this_machine_is_accepted(audited_server) -> None:
    base_url, _ = audited_server
    host = urlsplit(base_url).netloc
    assert handshake(base_url, host=host, origin=base_url) == 101
    assert handshake(base_url, host=host.replace("127.0.0.1", "localhost"), origin=None) == 101


@pytest.mark.parametrize("rebound_name", ["attacker.example", "127.0.0.1.attacker.example"])
def test_dns_rebinding_is_refused(audited_server, rebound_name: str) -> None:
    """A page on an attacker's domain whose name now points at 127.0.0.1 sends its own domain as
    both Host and Origin: that WebSocket would read the history once unlocked."""
    base_url, _ = audited_server
    port = urlsplit(base_url).port
    assert handshake(base_url, host=f"{rebound_name}:{port}", origin=f"http://{rebound_name}:{port}") == 403


def test_a_foreign_origin_is_refused_without_reaching_outside(audited_server) -> None:
    """Refusing a web page's WebSocket must not make Streamlit look up this machine's public IP
    online (which froze the server for as long as the request took) nor open any outside socket."""
    base_url, audit_log = audited_server
    host = urlsplit(base_url).netloc
    assert handshake(base_url, host=host, origin="http://attacker.example") == 403
    assert handshake(base_url, host=host, origin="null") == 403
    assert outside_traffic(audit_log) == []


def test_the_audit_sees_outside_traffic(tmp_path: Path) -> None:
    """The audit hook records an outside look-up in a process it is loaded into; otherwise an empty
    log would prove nothing."""
    (tmp_path / "sitecustomize.py").write_text(NETWORK_AUDIT)
    audit_log = tmp_path / "outside.jsonl"
    audit_log.touch()
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "THRESHOLD_NETWORK_AUDIT_LOG": str(audit_log)}
    look_up = "import socket\ntry:\n    socket.getaddrinfo('audit-probe.invalid', 80)\nexcept OSError:\n    pass"
    subprocess.run([sys.executable, "-c", look_up], env=env, check=True)
    assert ["socket.getaddrinfo", "audit-probe.invalid"] in outside_traffic(audit_log)
