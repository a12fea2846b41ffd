"""Run the app as `streamlit run app.py [OPTIONS]` does, without Streamlit's own look-ups of this
machine's addresses.

When a WebSocket arrives with an Origin it does not know, Streamlit checks that Origin against
this machine's internal IP (a UDP connect towards 8.8.8.8) and its public IP (an HTTP request to
checkip.amazonaws.com), inside the server's event loop: any web page could freeze the app for as
long as that request takes and make it send traffic out. The server binds 127.0.0.1 only, so
both answers are 127.0.0.1, which Streamlit already allows; we fill its cache with that before it
starts, and the foreign Origin is refused at once, with no request leaving the machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit import net_util
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"
LOOPBACK = "127.0.0.1"


def skip_address_lookups() -> None:
    """Answer Streamlit's internal- and external-IP questions with the loopback address it binds."""
    net_util._internal_ip = LOOPBACK
    net_util._external_ip = LOOPBACK


if __name__ == "__main__":
    skip_address_lookups()
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())
