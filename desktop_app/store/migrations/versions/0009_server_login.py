"""The login the server saw, on every audit event (issue 12, finding 8: a forged event).

The app's own audit events carried only the names the app was given (the registrar's name,
the operating-system account). On a shared PostgreSQL server a registrar's login may set
the app's mark and insert an event of their own under any name. `audit_events` gets a
column `server_login`, filled on PostgreSQL by a BEFORE INSERT trigger with `session_user`,
whatever the client wrote there: a registrar's login cannot forge it (it cannot alter the
trigger, and the audit refuses UPDATE). The events written before this revision keep NULL:
the server did not record their login, and nothing is made up for them.

SQLite has no logins: the column is there (one schema for both dialects, as tables.py
declares it) and stays NULL; nothing fills it. No table is rebuilt on either (ALTER TABLE
ADD COLUMN), so every audit row, case and replayed version is the same after as before
(tests/test_pg_audit_login.py). The function and trigger are written out here so that this
migration stays what it is; store/pg_audit.py installs the same again (and refreshes them
at opening, should a later migration re-create the table).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"

FUNCTION = """CREATE OR REPLACE FUNCTION case_abstractor_server_login() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.server_login := session_user;
    RETURN NEW;
END $$"""
TRIGGER = """CREATE TRIGGER case_abstractor_server_login BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION case_abstractor_server_login()"""


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("server_login", sa.String(120), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)
        op.execute("DROP TRIGGER IF EXISTS case_abstractor_server_login ON audit_events")
        op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS case_abstractor_server_login ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS case_abstractor_server_login()")
        op.drop_column("audit_events", "server_login")
    else:  # SQLite 3.35+ drops a column in place (no rebuild: the append-only triggers stay)
        op.execute("ALTER TABLE audit_events DROP COLUMN server_login")
