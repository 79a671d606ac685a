"""Audit events name the case version they produced, so that every version can be rebuilt;
and the database itself refuses any change to or deletion of an audit event.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_events_no_{what.lower()} BEFORE {what} ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""
    for what in ("UPDATE", "DELETE")
]
POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()""",
]


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("row_version", sa.Integer, nullable=False, server_default="0"))
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("row_version")
