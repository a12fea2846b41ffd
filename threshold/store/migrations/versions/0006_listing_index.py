"""One index for the history's list: newest first, filtered by name and relationship, from the index
alone. Rows hold the answers and profile, several kilobytes each, so a search that read the table
touched a page per row; the index holds just what the list filters and orders on."""

from alembic import op

revision = "0006_listing_index"
down_revision = "0005_row_bound_seals"


def upgrade() -> None:
    # A history carried over from before Alembic may never have had the old index.
    op.drop_index("assessments_taken_at", table_name="assessments", if_exists=True)
    op.create_index("assessments_listing", "assessments", ["taken_at", "id", "name_key", "relationship"])
