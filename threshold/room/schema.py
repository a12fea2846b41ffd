"""The room tables: their own names and their own Alembic version table, apart from the history.

A room holds nothing personal: a join code, a scenario id, times, and per participant an optional
nickname, a random token and the answers about a fictional scenario.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Integer, MetaData, String, Table, Text

#: Alembic's record of the room schema's version, so the history's migrations never see it.
VERSION_TABLE = "room_alembic_version"
NICKNAME_CHARS = 30

metadata = MetaData()

rooms = Table(
    "room_rooms",
    metadata,
    Column("code", String(8), primary_key=True),
    Column("scenario_id", String(100), nullable=False),
    # Seconds since the epoch (UTC): compared, never shown, and the same on both engines.
    Column("opened_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
)

participants = Table(
    "room_participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("room_code", String(8), ForeignKey("room_rooms.code", ondelete="CASCADE"), nullable=False, index=True),
    Column("token", String(43), nullable=False, unique=True),
    Column("nickname", String(NICKNAME_CHARS)),
    Column("joined_at", Float, nullable=False),
    Column("finished_at", Float),
    # JSON: item id to option value (None for "Not sure"); the motive scores and the leading motives.
    Column("answers", Text),
    Column("scores", Text),
    Column("leading", Text),
)
