"""Run the app as `streamlit run app.py [OPTIONS]` does, with two changes to how Streamlit serves it.

1. No look-ups of this machine's addresses. When a WebSocket arrives with an Origin it does not
   know, Streamlit checks that Origin against this machine's internal IP (a UDP connect towards
   8.8.8.8) and its public IP (an HTTP request to checkip.amazonaws.com), inside the server's event
   loop: any web page could freeze the app for as long as that request takes and make it send
   traffic out. The server binds 127.0.0.1 only, so both answers are 127.0.0.1, which Streamlit
   already allows; we fill its cache with that before it starts, and a foreign Origin is refused
   at once, with nothing leaving the machine.
2. Downloads are private. A report is served from `/media/<hash>` with no cookie, and Streamlit
   keeps it there and lets the browser cache it. Every `/media/` response here says
   `Cache-Control: no-store` (the browser keeps it in no cache), and a downloaded file is dropped
   from Streamlit's memory as soon as the download itself has been sent (another click builds it
   again). Streamlit's page also fetches the address once to check it; when that check arrives
   after the download it finds the file gone, and Streamlit only logs it in the browser console.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit import config, net_util
from streamlit.runtime import Runtime
from streamlit.runtime.media_file_storage import MediaFileKind
from streamlit.runtime.runtime import RuntimeState
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_app

APP = Path(__file__).resolve().parent.parent / "app.py"
LOOPBACK = "127.0.0.1"
MEDIA_ROUTE = "/media/"
#: How long the preload waits for the server to come up before giving up (the pages then import as usual).
PRELOAD_WAIT_S = 60


def skip_address_lookups() -> None:
    """Answer Streamlit's internal- and external-IP questions with the loopback address it binds."""
    net_util._internal_ip = LOOPBACK
    net_util._external_ip = LOOPBACK


class PrivateMedia:
    """ASGI middleware: `/media/` responses are never stored by the browser, and a download is
    forgotten by the server once it has been sent whole."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        base = "/" + (config.get_option("server.baseUrlPath") or "").strip("/")
        if not path.startswith(base.rstrip("/") + MEDIA_ROUTE):
            await self.app(scope, receive, send)
            return
        # The download is the browser's navigation to the file; Streamlit's check of the address is a fetch.
        downloading = (b"sec-fetch-mode", b"navigate") in scope.get("headers", [])
        sent_whole = False
        status = 0

        async def send_unstored(message: Message) -> None:
            nonlocal sent_whole, status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", b"no-store")]}
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                sent_whole = status == 200 and scope["method"] == "GET" and downloading
            await send(message)

        await self.app(scope, receive, send_unstored)
        if sent_whole:
            forget_download(path.rsplit(MEDIA_ROUTE, 1)[1])


def forget_download(file_name: str) -> None:
    """Drop a deferred download's file from Streamlit's media store, where it would wait for two more
    reruns; images, and files that a page still links to, are left alone."""
    manager = Runtime.instance().media_file_mgr
    file_id = Path(file_name).stem
    # Streamlit's own lock and deletion, the way its clean-up after a rerun removes a file.
    with manager._lock:
        metadata = manager._file_metadata.get(file_id)
        shown = any(file_id in files.values() for files in manager._files_by_session_and_coord.values())
        if metadata is not None and metadata.kind == MediaFileKind.DOWNLOADABLE and not shown:
            manager._delete_file(file_id)


def add_private_media() -> None:
    """Put PrivateMedia into the middleware Streamlit builds its Starlette app with."""
    streamlit_middleware = starlette_app.create_streamlit_middleware
    starlette_app.create_streamlit_middleware = lambda: [*streamlit_middleware(), Middleware(PrivateMedia)]


def server_is_up() -> bool:
    """Whether the server takes connections on its address and port (its start is then over)."""
    if not (Runtime.exists() and Runtime.instance().state is not RuntimeState.INITIAL):
        return False
    address = config.get_option("server.address") or LOOPBACK
    try:
        socket.create_connection((address, config.get_option("server.port")), timeout=0.1).close()
    except OSError:
        return False
    return True


def preload_once_serving() -> None:
    """Once the server is up, import what every page imports and read the rubric, while the browser
    is still loading Streamlit's page: the first page then does not wait for them (about half a
    second). Started earlier, it would slow the server's own start by as much."""
    deadline = time.monotonic() + PRELOAD_WAIT_S
    while not server_is_up():
        if time.monotonic() > deadline:
            return
        time.sleep(0.02)
    sys.path.insert(0, str(APP.parent))  # as Streamlit puts the app's folder there to run it
    from components import layout, loading, questionnaire, storage  # noqa: F401  (imported to be ready)

    loading.preload_rubric()
    # With a history, the database layer too. Only imported: the history itself is opened by a page,
    # which in private mode or a workshop does not open it at all.
    if storage.database_exists():
        from threshold.store import Store  # noqa: F401


if __name__ == "__main__":
    skip_address_lookups()
    add_private_media()
    threading.Thread(target=preload_once_serving, name="threshold-preload", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())
