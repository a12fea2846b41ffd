"""The history (assessments and the rubrics they were scored with) and drafts."""

import sqlalchemy as sa
from alembic import op

revision = "0001_history_and_drafts"
down_revision = None

#: 64-bit ids on PostgreSQL, as SQLite's are; on SQLite the column stays its rowid ("INTEGER PRIMARY KEY").
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MOTIVES = ("familiarity", "curiosity", "guilt_closure", "control", "nostalgia", "growth")


def upgrade() -> None:
    op.create_table(
        "rubrics",
        sa.Column("content_hash", sa.Text, primary_key=True),
        sa.Column("version", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("id", ID, primary_key=True, autoincrement=False),
        sa.Column("uid", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("relationship", sa.Text, nullable=False),
        sa.Column("reached_out_on", sa.Text),
        sa.Column("taken_at", sa.Text, nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("profile", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("rubric_hash", sa.Text, sa.ForeignKey("rubrics.content_hash"), nullable=False),
        sa.Column("dominant", sa.Text, nullable=False),
        *(sa.Column(f"score_{m}", sa.Float) for m in MOTIVES),
        sa.CheckConstraint("relationship IN ('partner', 'friend', 'family', 'other')", name="relationship_known"),
    )
    op.create_index("assessments_taken_at", "assessments", ["taken_at"])
    op.create_index("assessments_name", "assessments", ["name"])
    op.create_table(
        "drafts",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
