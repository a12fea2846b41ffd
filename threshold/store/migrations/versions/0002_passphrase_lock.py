"""The passphrase lock: at most one row, the salt, the key derivation's cost and a verifier; never the passphrase."""

import sqlalchemy as sa
from alembic import op

revision = "0002_passphrase_lock"
down_revision = "0001_history_and_drafts"


def upgrade() -> None:
    op.create_table(
        "passphrase_lock",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("salt", sa.LargeBinary, nullable=False),
        sa.Column("scrypt_n", sa.Integer, nullable=False),
        sa.Column("scrypt_r", sa.Integer, nullable=False),
        sa.Column("scrypt_p", sa.Integer, nullable=False),
        sa.Column("verifier", sa.Text, nullable=False),
        sa.CheckConstraint("id = 1", name="one_lock"),
    )
