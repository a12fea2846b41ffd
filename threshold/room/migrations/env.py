"""Alembic environment of the room tables: run by `threshold.room.engine.migrate` on its own connection."""

from alembic import context

from threshold.room.schema import VERSION_TABLE, metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
