"""Room hosting mode: serve only the workshop rooms (room_app/), for phones on a network.

    python scripts/serve_room.py --host 192.168.1.20 [--port 8502] [--public-url URL] [--allow-host NAME]...

This is the only way Threshold listens beyond 127.0.0.1. It runs `room_app/app.py`, whose own pages
directory holds the join page and the host page and nothing else: no history, draft, lock or private
page exists on this server, on any URL, and it never opens the personal history database (rooms
have their own, see threshold/room/engine.py). `server.allowedHosts` lists only the address it binds
and the names given with --allow-host (the public name behind a proxy). The downloads and address
look-ups are handled as in scripts/serve.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from serve import add_private_media
from streamlit import net_util
from streamlit.web import cli

ROOT = Path(__file__).resolve().parent.parent
ROOM_APP = ROOT / "room_app" / "app.py"
ROOM_URL_ENV = "THRESHOLD_ROOM_URL"


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on, as phones will type it")
    parser.add_argument("--port", type=int, default=8502)
    parser.add_argument(
        "--public-url", help=f"the join address shown to phones (default http://HOST:PORT/); ${ROOM_URL_ENV}"
    )
    parser.add_argument(
        "--allow-host", action="append", default=[], metavar="NAME", help="another name this server is reached by"
    )
    return parser.parse_known_args(argv)


def streamlit_arguments(args: argparse.Namespace, rest: list[str]) -> list[str]:
    allowed = [args.host, *args.allow_host]
    flags = [
        "--server.address", args.host,
        "--server.port", str(args.port),
        "--browser.serverAddress", args.host,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    for name in allowed:
        flags += ["--server.allowedHosts", name]
    return ["streamlit", "run", str(ROOM_APP), *flags, *rest]


def main(argv: list[str]) -> int:
    args, rest = parse(argv)
    os.environ.setdefault(ROOM_URL_ENV, args.public_url or f"http://{args.host}:{args.port}/")
    # Streamlit's Origin check asks for this machine's addresses; the answer is the one it serves.
    net_util._internal_ip = args.host
    net_util._external_ip = args.host
    add_private_media()
    os.chdir(ROOT)  # .streamlit/config.toml (theme, no telemetry), overridden above where rooms differ
    sys.path.insert(0, str(ROOT))  # room_app's pages import components/ and threshold/
    sys.argv = streamlit_arguments(args, rest)
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
