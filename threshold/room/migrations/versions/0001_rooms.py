"""Rooms and their participants.

Revision ID: 0001_rooms
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_rooms"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "room_rooms",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("scenario_id", sa.String(100), nullable=False),
        sa.Column("opened_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_index("ix_room_rooms_expires_at", "room_rooms", ["expires_at"])
    op.create_table(
        "room_participants",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("room_code", sa.String(8), sa.ForeignKey("room_rooms.code", ondelete="CASCADE"), nullable=False),
        sa.Column("token", sa.String(43), nullable=False, unique=True),
        sa.Column("nickname", sa.String(30)),
        sa.Column("joined_at", sa.Float, nullable=False),
        sa.Column("finished_at", sa.Float),
        sa.Column("answers", sa.Text),
        sa.Column("scores", sa.Text),
        sa.Column("leading", sa.Text),
    )
    op.create_index("ix_room_participants_room_code", "room_participants", ["room_code"])


def downgrade() -> None:
    op.drop_table("room_participants")
    op.drop_table("room_rooms")
