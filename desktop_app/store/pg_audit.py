"""The server-side audit of a PostgreSQL database: what a login changes in the case data
OUTSIDE the app (psql, a report tool, a script) is recorded in `audit_events` by triggers,
with the login that made it, so that the audit no longer depends on the app.

- Statement-level AFTER triggers with transition tables on the values (`case_items`), the
  entries (`group_entries`) and the cases (`cases`: a new case, a status) turn each outside
  statement into one audit event per case it touched, in the same encoding as the app's own
  events (store/audit.py; plain JSON, which the reader accepts): the case's row version is
  moved on (a registrar's open copy then meets a conflict, not a silent overwrite), the
  event's user is `session_user`, its reason names the outside program.
- The app's own saves are not recorded twice: the app marks its write transactions with
  `SET LOCAL case_abstractor.app_save` (`mark_app_save`) and writes its own event; the
  triggers skip a transaction so marked. The mark is no secret: a change that escapes the
  triggers (a login that sets it, a trigger disabled, session_replication_role = replica)
  is what `check` finds by replaying every case's audit (store/audit_check.py).
- Every audit event gets the login the server saw (`server_login`, `session_user`) from a
  BEFORE INSERT trigger, whatever the client wrote: the app's events and a forged one alike
  (0009); `check` names the events whose login could not have written them
  (store/audit_check.py).
- TRUNCATE is refused on the audit for everyone (the owner too), and on the case data
  outside the app (a TRUNCATE has no rows for a trigger to record); the field codes
  (`item_fields`) may not be changed or deleted outside the app either. Only the owner may
  write `alembic_version`: the grants a registrars' role received by default are revoked.

The triggers read the transition rows as JSON by column name, never a column list, so a
later migration that adds columns keeps them working; `install` is idempotent (CREATE OR
REPLACE, DROP TRIGGER IF EXISTS) and is run by the migration runner after every upgrade,
and at opening when a table was re-created without them (`ensure`). No Alembic revision.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger("case_abstractor")

APP_SAVE = "case_abstractor.app_save"  # the transaction-local mark of the app's own writes
DATA_TABLES = ("case_items", "group_entries", "cases")  # audited when written outside
GUARDED = ("item_fields",)  # codes given once: no UPDATE or DELETE outside the app
APPEND_ONLY = "audit_events"
PREFIX = "case_abstractor_"
MISSING = ("the server-side audit triggers are missing, disabled or of another release "
           "(the owner's next opening installs them)")  # fmt: skip

_MARKED = f"coalesce(current_setting('{APP_SAVE}', true), '') <> ''"
_STAMP = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""

# One event for one case: the case moves to its next version, changed by this login.
_EVENT = f"""
CREATE OR REPLACE FUNCTION {PREFIX}outside_event(target integer, changes jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
DECLARE
    version integer;
    stamp text := {_STAMP};
    program text := coalesce(nullif(current_setting('application_name', true), ''),
                             'no program name');
BEGIN
    IF changes IS NULL OR jsonb_array_length(changes) = 0 THEN
        RETURN;
    END IF;
    UPDATE cases SET row_version = row_version + 1, updated_by = left(session_user, 120),
                     updated_at = stamp
     WHERE id = target RETURNING row_version INTO version;
    IF NOT FOUND THEN
        RETURN;  -- the case itself is going in this statement
    END IF;
    INSERT INTO audit_events (case_id, row_version, at_utc, user_name, os_user, reason,
                              changes)
    VALUES (target, version, stamp, left(session_user, 120), '',
            'changed outside Case Abstractor (' || left(program, 60) || ', from '
                || coalesce(host(inet_client_addr()), 'the server itself') || ')',
            convert_to(changes::text, 'UTF8'));
END $$"""

# The changes of one statement, as the app encodes them: [action, where, entry, (old,) new].
_RECORD = f"""
CREATE OR REPLACE FUNCTION {PREFIX}record_outside(tbl text, olds jsonb, news jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
DECLARE
    one record;
BEGIN
    IF tbl = 'case_items' THEN
        FOR one IN
            WITH o AS (SELECT (r->>'case_id')::int AS case_id, (r->>'field_code')::int AS code,
                              (r->>'entry_id')::int AS entry, r->>'value_text' AS txt
                         FROM jsonb_array_elements(olds) r),
                 n AS (SELECT (r->>'case_id')::int AS case_id, (r->>'field_code')::int AS code,
                              (r->>'entry_id')::int AS entry, r->>'value_text' AS txt
                         FROM jsonb_array_elements(news) r),
                 d AS (SELECT coalesce(o.case_id, n.case_id) AS case_id,
                              coalesce(o.code, n.code) AS code,
                              coalesce(o.entry, n.entry) AS entry, o.txt AS old, n.txt AS new
                         FROM o FULL JOIN n ON o.case_id = n.case_id AND o.code = n.code
                                           AND o.entry = n.entry
                        WHERE o.txt IS DISTINCT FROM n.txt)
            SELECT case_id, jsonb_agg(CASE
                       WHEN old IS NULL THEN jsonb_build_array('+', code, entry, new)
                       WHEN new IS NULL THEN jsonb_build_array('-', code, entry, old, NULL)
                       ELSE jsonb_build_array('~', code, entry, old, new) END
                       ORDER BY code, entry) AS changes,
                   bool_or(new = '' OR (old = '' AND new IS NOT NULL)) AS long_text
              FROM d GROUP BY case_id ORDER BY case_id
        LOOP
            IF one.long_text THEN  -- a long value's key row (0010): its text is not here
                RAISE EXCEPTION 'case %: a long value''s text is not in case_items (its row '
                    'there holds only its key, ''''): change it in Case Abstractor',
                    one.case_id;
            END IF;
            PERFORM {PREFIX}outside_event(one.case_id, one.changes);
        END LOOP;
    ELSIF tbl = 'group_entries' THEN
        FOR one IN
            WITH o AS (SELECT (r->>'case_id')::int AS case_id, r->>'group_id' AS grp,
                              (r->>'entry_id')::int AS entry, (r->>'position')::int AS pos
                         FROM jsonb_array_elements(olds) r),
                 n AS (SELECT (r->>'case_id')::int AS case_id, r->>'group_id' AS grp,
                              (r->>'entry_id')::int AS entry, (r->>'position')::int AS pos
                         FROM jsonb_array_elements(news) r),
                 touched AS (SELECT case_id, grp FROM o UNION SELECT case_id, grp FROM n),
                 now_rows AS (SELECT g.case_id, g.group_id AS grp, g.entry_id AS entry,
                                     g.position AS pos
                                FROM group_entries g JOIN touched t
                                  ON t.case_id = g.case_id AND t.grp = g.group_id),
                 before_rows AS (SELECT * FROM now_rows x WHERE NOT EXISTS (
                                     SELECT 1 FROM n WHERE n.case_id = x.case_id
                                        AND n.grp = x.grp AND n.entry = x.entry)
                                 UNION ALL SELECT case_id, grp, entry, pos FROM o),
                 orders AS (SELECT t.case_id, t.grp,
                                   (SELECT coalesce(string_agg(b.entry::text, ','
                                            ORDER BY b.pos, b.entry), '') FROM before_rows b
                                     WHERE b.case_id = t.case_id AND b.grp = t.grp) AS old,
                                   (SELECT coalesce(string_agg(a.entry::text, ','
                                            ORDER BY a.pos, a.entry), '') FROM now_rows a
                                     WHERE a.case_id = t.case_id AND a.grp = t.grp) AS new
                              FROM touched t),
                 c AS (SELECT n.case_id, n.grp, 1 AS kind, n.entry,
                              jsonb_build_array('e+', n.grp, n.entry) AS change
                         FROM n WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.case_id = n.case_id
                                                     AND o.grp = n.grp AND o.entry = n.entry)
                       UNION ALL
                       SELECT o.case_id, o.grp, 2, o.entry, jsonb_build_array('e-', o.grp, o.entry)
                         FROM o WHERE NOT EXISTS (SELECT 1 FROM n WHERE n.case_id = o.case_id
                                                     AND n.grp = o.grp AND n.entry = o.entry)
                       UNION ALL
                       SELECT case_id, grp, 3, 0, jsonb_build_array('o', grp, 0, old, new)
                         FROM orders WHERE old <> new)
            SELECT case_id, jsonb_agg(change ORDER BY grp, kind, entry) AS changes
              FROM c GROUP BY case_id ORDER BY case_id
        LOOP
            PERFORM {PREFIX}outside_event(one.case_id, one.changes);
        END LOOP;
    ELSIF tbl = 'cases' THEN
        FOR one IN
            SELECT (n->>'id')::int AS case_id,
                   CASE WHEN o IS NULL THEN jsonb_build_array(
                            jsonb_build_array('c', '', 0, 'draft'),
                            jsonb_build_array('s', '', 0, 'draft', n->>'status'))
                        ELSE jsonb_build_array(
                            jsonb_build_array('s', '', 0, o->>'status', n->>'status'))
                   END AS changes
              FROM jsonb_array_elements(news) n
              LEFT JOIN jsonb_array_elements(olds) o ON (o->>'id') = (n->>'id')
             WHERE o IS NULL OR (o->>'status') IS DISTINCT FROM (n->>'status')
             ORDER BY 1
        LOOP
            PERFORM {PREFIX}outside_event(one.case_id, one.changes);
        END LOOP;
    END IF;
END $$"""

# The trigger itself: nothing for the app's own transactions, else the rows as JSON.
_WRITE = f"""
CREATE OR REPLACE FUNCTION {PREFIX}outside_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
DECLARE
    olds jsonb := '[]';
    news jsonb := '[]';
BEGIN
    IF {_MARKED} THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT coalesce(jsonb_agg(to_jsonb(r)), '[]') INTO olds FROM old_rows r;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT coalesce(jsonb_agg(to_jsonb(r)), '[]') INTO news FROM new_rows r;
    END IF;
    PERFORM {PREFIX}record_outside(TG_TABLE_NAME, olds, news);
    RETURN NULL;
END $$"""

_REFUSE = f"""
CREATE OR REPLACE FUNCTION {PREFIX}refuse() RETURNS trigger
LANGUAGE plpgsql SET search_path = {{schema}}, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME <> '{APPEND_ONLY}' AND {_MARKED} THEN
        RETURN NULL;  -- a migration of the app's
    END IF;
    RAISE EXCEPTION '% of % is refused: %', TG_OP, TG_TABLE_NAME, CASE
        WHEN TG_TABLE_NAME = '{APPEND_ONLY}' THEN 'the audit trail is append-only'
        WHEN TG_OP = 'TRUNCATE' THEN 'a TRUNCATE escapes the audit; DELETE the rows instead'
        ELSE 'the field codes are given once and never changed' END
        USING ERRCODE = 'insufficient_privilege';
END $$"""

# The login the server saw, on every audit event, whatever the client wrote there (0009):
# a login that sets the app's mark and writes an event under another name is named by it.
LOGIN_COLUMN = "server_login"
_LOGIN = f"""
CREATE OR REPLACE FUNCTION {PREFIX}server_login() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.{LOGIN_COLUMN} := session_user;
    RETURN NEW;
END $$"""

_REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _triggers() -> list[tuple[str, str, str]]:
    """(table, trigger name, CREATE TRIGGER statement) of every trigger installed."""
    found = []
    for table in DATA_TABLES:
        for event, referencing in _REFERENCING.items():
            if table == "cases" and event == "DELETE":
                continue  # a case with an audit cannot be deleted (its events refer to it)
            name = f"{PREFIX}outside_{event.lower()}"
            found.append((table, name, f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                          f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION "
                          f"{PREFIX}outside_write()"))  # fmt: skip
    for table in (*DATA_TABLES, APPEND_ONLY):
        name = f"{PREFIX}no_truncate"
        found.append((table, name, f"CREATE TRIGGER {name} BEFORE TRUNCATE ON {table} "
                      f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}refuse()"))  # fmt: skip
    name = f"{PREFIX}server_login"
    found.append((APPEND_ONLY, name, f"CREATE TRIGGER {name} BEFORE INSERT ON {APPEND_ONLY} "
                  f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}server_login()"))  # fmt: skip
    for table in GUARDED:
        name = f"{PREFIX}codes_kept"
        found.append((table, name, f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
                      f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}refuse()"))  # fmt: skip
    return found


FUNCTIONS = (_EVENT, _RECORD, _WRITE, _REFUSE, _LOGIN)
SIGNATURE = hashlib.sha256(
    "\n".join([*FUNCTIONS, *(s for _t, _n, s in _triggers())]).encode()
).hexdigest()[:16]


def mark_app_save(connection: Connection) -> None:
    """Mark the caller's transaction as the app's own write (it writes its own audit event),
    so that the server-side triggers do not record it again. Nothing on SQLite."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL {APP_SAVE} = 'on'")


def installed(connection: Connection) -> bool:
    """Whether this release's functions and every trigger are in place (one query)."""
    names = [(table, name) for table, name, _s in _triggers()]
    row = connection.execute(
        text(
            "SELECT obj_description(to_regproc(:function)::oid, 'pg_proc'), "
            "(SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            " WHERE c.relnamespace = current_schema()::regnamespace "
            " AND t.tgenabled <> 'D' AND (c.relname || '.' || t.tgname) = ANY(:wanted))"
        ),
        {"function": f"{PREFIX}outside_write", "wanted": [f"{t}.{n}" for t, n in names]},
    ).one()
    return row[0] == f"case abstractor audit {SIGNATURE}" and int(row[1]) == len(names)


def install(connection: Connection) -> None:
    """Create or replace the functions and triggers, and take writes to alembic_version away
    from every role but the owner, in the caller's transaction (the owner's: only the owner
    of the tables may). Idempotent."""
    schema = connection.execute(text("SELECT quote_ident(current_schema())")).scalar_one()
    for function in FUNCTIONS:
        _plain(connection, function.replace("{schema}", str(schema)))
    for table, name, statement in _triggers():
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(
        f"COMMENT ON FUNCTION {PREFIX}outside_write() IS 'case abstractor audit {SIGNATURE}'"
    )
    _owner_only(connection, "alembic_version")


def _plain(connection: Connection, statement: str) -> None:
    """A statement as written ("%" is PL/pgSQL's here, not a parameter's mark)."""
    connection.exec_driver_sql(statement.replace("%", "%%"))


def _owner_only(connection: Connection, table: str) -> None:
    """Revoke every write to `table` from every role but its owner (the default privileges
    of the README's set-up give the registrars' role all four on every new table)."""
    grantees = connection.execute(
        text(
            "SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' "
            "ELSE quote_ident(pg_get_userbyid(a.grantee)) END "
            "FROM pg_class c, aclexplode(c.relacl) a "
            "WHERE c.oid = to_regclass(:table) AND a.grantee <> c.relowner "
            "AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')"
        ),
        {"table": table},
    ).scalars()
    for grantee in list(grantees):
        connection.exec_driver_sql(
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {grantee}"
        )


def ensure(engine: Engine, lock: Any) -> None:
    """At opening a PostgreSQL database at the newest schema: install the triggers when they
    are missing or of another release. A login that may not (a registrar's) leaves them as
    they are with a warning in the log: the owner's next opening installs them."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        if installed(connection):
            return
    try:
        with engine.begin() as connection:
            lock(connection)
            if not installed(connection):
                install(connection)
    except DBAPIError as exc:
        log.warning("the server-side audit triggers are not installed (this login may not "
                    "install them; the owner's next opening does): %s", exc.orig)  # fmt: skip
