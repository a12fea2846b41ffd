"""Workshop rooms: participants answer a fictional scenario on their phones, the facilitator sees the room.

Pure core (no Streamlit), on its own tables and its own database (see `engine`): nothing personal
is kept in a room, and a room process never opens a personal history.
"""

from threshold.room.aggregate import Disputed, RoomResults, room_results
from threshold.room.codes import normalise_code
from threshold.room.engine import RoomDatabaseError, database_url, room_engine
from threshold.room.limits import GuessLimiter, TooManyGuesses
from threshold.room.rooms import (
    Participant,
    RoomError,
    RoomNotFound,
    Rooms,
    join_with_limit,
    room_questions,
    scenario_situation,
)

__all__ = [
    "Disputed",
    "GuessLimiter",
    "Participant",
    "RoomDatabaseError",
    "RoomError",
    "RoomNotFound",
    "RoomResults",
    "Rooms",
    "TooManyGuesses",
    "database_url",
    "join_with_limit",
    "normalise_code",
    "room_engine",
    "room_questions",
    "room_results",
    "scenario_situation",
]
