"""Their message as pasted and whose chat lines are theirs, kept with an assessment and in the draft."""

import sqlalchemy as sa
from alembic import op

revision = "0003_their_message"
down_revision = "0002_passphrase_lock"


def upgrade() -> None:
    for table in ("assessments", "drafts"):
        op.add_column(table, sa.Column("message", sa.Text, nullable=False, server_default=""))
        op.add_column(table, sa.Column("message_speaker", sa.Text, nullable=False, server_default=""))
