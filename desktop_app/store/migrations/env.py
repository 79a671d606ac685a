"""Alembic environment: run on the connection the store hands over (see store.migrate)."""

from alembic import context

from desktop_app.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
)
with context.begin_transaction():
    context.run_migrations()
