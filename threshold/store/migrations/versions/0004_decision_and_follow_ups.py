"""The options page's record and a follow-up's replies (sealed JSON, '' for none), and the uid of the
assessment a follow-up follows: a uid, not an id, so the link survives export and import."""

import sqlalchemy as sa
from alembic import op

revision = "0004_decision_and_follow_ups"
down_revision = "0003_their_message"


def upgrade() -> None:
    op.add_column("assessments", sa.Column("decision", sa.Text, nullable=False, server_default=""))
    op.add_column("assessments", sa.Column("replies", sa.Text, nullable=False, server_default=""))
    op.add_column("assessments", sa.Column("follow_up_of", sa.Text))
    op.create_index("assessments_follow_up_of", "assessments", ["follow_up_of"])
