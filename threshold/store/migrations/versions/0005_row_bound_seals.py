"""Seal format 2 binds each sealed value to its row: drafts get a uid of their own (kept when another
window claims the draft), and the lock records whether the file may still hold text from before it."""

import sqlalchemy as sa
from alembic import op

revision = "0005_row_bound_seals"
down_revision = "0004_decision_and_follow_ups"


def upgrade() -> None:
    op.add_column("drafts", sa.Column("uid", sa.Text))
    op.add_column("passphrase_lock", sa.Column("scrub_pending", sa.Integer, nullable=False, server_default="0"))
