"""What the benchmarks and the browser tests both need to run the app here: Debian's Chromium and
a free localhost port with a health check."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

# Playwright cannot download its own browser here; without the networking flags Chromium tries
# to reach Google's hosts at start, which this machine refuses.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_healthy(base_url: str) -> bool:
    """Whether the Streamlit server at `base_url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=1) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False
