"""Alembic's entry: always run by the store (`schema.ensure_migrated`) on a connection it holds."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection)
with context.begin_transaction():
    context.run_migrations()
