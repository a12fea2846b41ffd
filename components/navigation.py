"""Every page by name, and the sidebar's list of them: the one place a page's file path is written.

No Streamlit here, so tests and benchmarks can name pages without starting Streamlit's runtime.
"""

from __future__ import annotations

HOME = "app.py"
MESSAGE = "pages/0_Message.py"
QUESTIONNAIRE = "pages/1_Questionnaire.py"
PROFILE = "pages/2_Profile.py"
HISTORY = "pages/3_History.py"
SAVED = "pages/4_Saved.py"
COMPARE = "pages/5_Compare.py"
PRIVACY = "pages/6_Privacy.py"
WORKSHOP = "pages/7_Workshop.py"
RUBRIC = "pages/8_Rubric.py"
OPTIONS = "pages/9_Options.py"
FOLLOW_UP = "pages/10_Follow_up.py"
ABOUT = "pages/11_About.py"

#: Every page file the app has, the home page first.
PAGES = (
    HOME,
    MESSAGE,
    QUESTIONNAIRE,
    PROFILE,
    HISTORY,
    SAVED,
    COMPARE,
    PRIVACY,
    WORKSHOP,
    RUBRIC,
    OPTIONS,
    FOLLOW_UP,
    ABOUT,
)

#: The sidebar, in the order a person meets the pages. Saved, Compare and Follow-up open from the history.
NAVIGATION = [
    (HOME, "Home"),
    (MESSAGE, "Their message"),
    (QUESTIONNAIRE, "Questionnaire"),
    (PROFILE, "Reflection"),
    (OPTIONS, "Your options"),
    (HISTORY, "History"),
    (PRIVACY, "Privacy"),
    (WORKSHOP, "Workshop"),
    (RUBRIC, "How scoring works"),
    (ABOUT, "About this tool"),
]
#: Closed while a workshop is on, so its link is hidden then (nothing of a user's history on a projector).
CLOSED_IN_A_WORKSHOP = {HISTORY}


class RoomPages:
    """The room server's own pages (room_app/, started by `make room`), as its entry script names them.
    Nothing of the personal app is among them."""

    JOIN = "app.py"
    HOST = "pages/1_Host.py"
    ALL = (JOIN, HOST)
