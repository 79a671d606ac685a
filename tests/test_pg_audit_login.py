"""Issue 12, finding 8, the rest: on PostgreSQL every audit event carries the login the server
saw (0009's `server_login`, set by a trigger whatever the client sends), so a registrar who
sets the app's mark and inserts an event of their own under another name is named by it;
the History tab shows that login beside the app's name; `check` names the events a login
could not have written as the app; the migration from 0008 keeps every case and replay;
SQLite, which has no logins, is unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import inspect, text

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store import tables as t
from desktop_app.store.backup import list_backups
from desktop_app.store.engine import make_engine
from desktop_app.store.maintenance import check_database
from desktop_app.store.migrate import head_revision
from tests.conftest import downgrade
from tests.postgres_server import PostgresServer, role_database
from tests.postgres_server import RoleDatabase as Server
from tests.test_compact_store import _saved_and_edited
from tests.test_pg_audit import _case, _code, _replay_matches

OUTSIDE = "changed outside Case Abstractor (psql, from 127.0.0.1)"


@pytest.fixture
def server(postgres: PostgresServer, spec: Spec) -> Server:
    return role_database(postgres, spec)


def _forge(sql: psycopg.Connection, case_id: int, title: int, name: str, reason: str) -> None:
    """What a registrar's login can do in psql: set the app's mark (no trigger records the
    change), change a value, and write a matching event under any name, login included."""
    with sql.transaction():
        sql.execute("SET LOCAL case_abstractor.app_save = 'on'")
        old = sql.execute("SELECT value_text FROM case_items WHERE case_id = %s "
                          "AND field_code = %s", (case_id, title)).fetchone()  # fmt: skip
        assert old is not None
        sql.execute("UPDATE case_items SET value_text = 'forged title' WHERE case_id = %s "
                    "AND field_code = %s", (case_id, title))  # fmt: skip
        version = sql.execute("UPDATE cases SET row_version = row_version + 1 WHERE id = %s "
                              "RETURNING row_version", (case_id,)).fetchone()  # fmt: skip
        assert version is not None
        changes = json.dumps([["~", title, 0, old[0], "forged title"]])
        sql.execute(
            "INSERT INTO audit_events (case_id, row_version, at_utc, user_name, os_user, "
            "reason, changes, server_login) VALUES (%s, %s, '2026-01-01T00:00:00+00:00', "
            "%s, %s, %s, %s, %s)",
            (case_id, version[0], name, name, reason, changes.encode(), name),
        )


def _logins(sql: psycopg.Connection, case_id: int) -> list[tuple[str, str | None]]:
    rows = sql.execute("SELECT user_name, server_login FROM audit_events WHERE case_id = %s "
                       "ORDER BY id", (case_id,)).fetchall()  # fmt: skip
    return [(str(user), login) for user, login in rows]


def _who_column(qtbot: Any, store: CaseStore, case_id: int) -> list[str]:
    from desktop_app.ui.history_dialog import HEADERS, HistoryDialog

    dialog = HistoryDialog(store.spec, store.audit_trail(case_id), "the case")
    qtbot.addWidget(dialog)
    column = HEADERS.index("Who")
    items = [dialog.table.item(r, column) for r in range(dialog.table.rowCount())]
    assert all(item is not None for item in items), "a row of the history has no Who cell"
    return [item.text() for item in items if item is not None]


def test_a_registrar_forging_an_event_under_another_name_gets_their_own_login(
    server: Server, spec: Spec, qtbot: Any
) -> None:
    store = CaseStore.open(server.url(server.registrar), spec)
    try:
        case_id = _case(store, "FORGE-1").case_id or 0
        with server.sql(server.registrar) as sql:
            _forge(sql, case_id, _code(sql, "", "title"), "ana", "typo")
            logins = _logins(sql, case_id)
        # the name they wrote stays as written; the login is the one the server saw
        assert logins == [("Ann", server.registrar), ("ana", server.registrar)]
        assert store.load(case_id).values["title"] == "forged title"
        assert _replay_matches(store, case_id)  # the forgery accounts for the change...
        shown = _who_column(qtbot, store, case_id)
        assert shown[-1] == f"saved as 'ana' by login {server.registrar}"  # ...but not for who
        assert shown[0] == f"saved as 'Ann' by login {server.registrar}"
    finally:
        store.close()
    # A registrar of the app's roles saving under another name is what the app does every
    # day (the registrar's name is set in the app): without a mapping, check cannot call it
    # a forgery; the History tab shows it.
    assert check_database(server.url(server.owner)) == []


def test_an_event_passed_off_as_the_servers_record_is_named_by_check(
    server: Server, spec: Spec
) -> None:
    store = CaseStore.open(server.url(server.registrar), spec)
    try:
        kept, forged = _case(store, "REAL-1"), _case(store, "FAKE-2")
        with server.sql(server.registrar) as sql:
            title = _code(sql, "", "title")
            sql.execute(
                "UPDATE case_items SET value_text = 'a real outside change' "
                "WHERE case_id = %s AND field_code = %s",
                (kept.case_id, title),
            )
            _forge(sql, forged.case_id or 0, title, "dr_smith", OUTSIDE)
    finally:
        store.close()
    problems = check_database(server.url(server.owner))
    assert len(problems) == 1, problems  # the trigger's own record of REAL-1 is not named
    assert problems[0].startswith("case FAKE-2: audit event ")
    assert f"under the name 'dr_smith', but login {server.registrar} wrote it" in problems[0]


def test_check_names_an_event_written_with_the_login_trigger_off_or_by_an_outsider(
    server: Server, spec: Spec
) -> None:
    store = CaseStore.open(server.url(server.registrar), spec)
    try:
        first, second = _case(store, "OFF-1"), _case(store, "OUT-2")
    finally:
        store.close()
    outsider = f"{server.registrar}_helper"
    server.add_appending_login(outsider)  # outside the app's roles, allowed to append
    with server.sql(outsider) as sql:
        sql.execute("INSERT INTO audit_events (case_id, row_version, at_utc, user_name, "
                    "os_user, reason, changes) VALUES (%s, 1, 'x', 'Ann', '', '', '[]')",
                    (second.case_id,))  # fmt: skip
    with server.sql(server.owner) as sql:  # the owner switches the login's trigger off
        sql.execute("ALTER TABLE audit_events DISABLE TRIGGER case_abstractor_server_login")
        sql.execute("INSERT INTO audit_events (case_id, row_version, at_utc, user_name, "
                    "os_user, reason, changes) VALUES (%s, 1, 'x', 'Ann', '', '', '[]')",
                    (first.case_id,))  # fmt: skip
        assert any("triggers are missing, disabled" in p
                   for p in check_database(server.url(server.owner)))  # fmt: skip
        sql.execute("ALTER TABLE audit_events ENABLE TRIGGER case_abstractor_server_login")
    problems = check_database(server.url(server.owner))
    assert len(problems) == 2, problems
    assert problems[0].startswith("case OFF-1: audit event ")
    assert "has no login recorded by the server" in problems[0]
    assert problems[1].startswith("case OUT-2: audit event ")
    assert f"saved as 'Ann' by login {outsider}, which is not a member" in problems[1]


def test_the_apps_own_events_carry_the_login_and_the_trigger_comes_back(
    server: Server, spec: Spec, qtbot: Any
) -> None:
    with server.sql(server.owner) as sql:  # as a later migration re-creating the table would
        sql.execute("DROP TRIGGER case_abstractor_server_login ON audit_events")
    assert any("triggers are missing" in p for p in check_database(server.url(server.owner)))
    CaseStore.open(server.url(server.owner), spec).close()  # the owner's opening puts it back
    assert check_database(server.url(server.owner)) == []
    store = CaseStore.open(server.url(server.registrar), spec)
    try:
        record = _case(store, "APP-1")
        record.values["title"] = "second"
        store.save(record, user=server.registrar)  # a registrar who uses the login as name
        case_id = record.case_id or 0
        with server.sql(server.registrar) as sql:
            assert _logins(sql, case_id) == [("Ann", server.registrar),
                                             (server.registrar, server.registrar)]  # fmt: skip
        shown = _who_column(qtbot, store, case_id)  # a row per change, in order
        assert list(dict.fromkeys(shown)) == [
            f"saved as 'Ann' by login {server.registrar}",
            server.registrar,  # the same name as the login: shown once
        ]
    finally:
        store.close()


def _columns(engine: Any, table: str) -> list[tuple[str, str, bool]]:
    return [(c["name"], str(c["type"]), bool(c["nullable"]))
            for c in inspect(engine).get_columns(table)]  # fmt: skip


def test_a_0008_database_is_upgraded_keeping_every_case_and_replay(
    database: str, spec: Spec, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store = CaseStore.open(database, spec)
    ids = _saved_and_edited(store, 4)
    before = {i: (_trail(store, i), store.versions(i), store.load(i)) for i in ids}
    downgrade(store, "0008")  # as the release before this one left it
    old = make_engine(database)
    try:
        assert "server_login" not in {c for c, _t, _n in _columns(old, "audit_events")}
        with old.connect() as c:
            audit_before = c.execute(text("SELECT * FROM audit_events ORDER BY id")).all()
    finally:
        old.dispose()
    store = CaseStore.open(database, spec)  # the upgrade to 0009
    try:
        with store.engine.connect() as c:
            version = c.execute(text("SELECT version_num FROM alembic_version")).scalar()
            audit_after = c.execute(text("SELECT * FROM audit_events ORDER BY id")).all()
        assert version == head_revision()  # 0009, and 0010 after it
        assert [tuple(r)[:-1] for r in audit_after] == [tuple(r) for r in audit_before]
        assert {r[-1] for r in audit_after} == {None}  # no login is made up for old events
        for i in ids:  # each case, its trail and each replayed version as they were
            trail, versions, loaded = before[i]
            assert all("server_login" not in e for e in store.audit_trail(i))
            assert _trail(store, i) == trail
            again = store.versions(i)
            assert sorted(versions) == sorted(again)
            for n, record in versions.items():
                assert record.same_content(again[n]) and record.status == again[n].status
            assert loaded.same_content(store.load(i)) and loaded.status == store.load(i).status
        server_side = store.engine.dialect.name == "postgresql"
        if not server_side:  # the backup taken before migrating, at 0008
            backups = list_backups(Path(database))
            assert len(backups) == 1
            saved = make_engine(str(backups[0]))
            with saved.connect() as c:
                kept = c.execute(text("SELECT version_num FROM alembic_version")).scalar()
            saved.dispose()
            assert kept == "0008"
        # the migrated database has the columns of a fresh one, and tables.py says the same
        fresh_target = (
            request.getfixturevalue("postgres").new_database()
            if server_side
            else str(tmp_path / "fresh.sqlite")
        )
        fresh = CaseStore.open(fresh_target, spec)
        assert _columns(store.engine, "audit_events") == _columns(fresh.engine, "audit_events")
        fresh.close()
        declared = [c.name for c in t.audit_events.columns]
        assert [c for c, _t, _n in _columns(store.engine, "audit_events")] == declared
        # and after it a save records the login on PostgreSQL, none on SQLite
        record = store.load(ids[1])
        record.values["title"] = "after 0009"
        store.save(record, user="carol", reason="a late correction")
        last = store.audit_trail(ids[1])[-1]
        assert last.get("server_login") == ("tester" if server_side else None)
    finally:
        store.close()


def _trail(store: CaseStore, case_id: int) -> list[dict[str, Any]]:
    """The trail as 0008 could keep it (not the event ids, not the login it has no column for)."""
    return [{k: v for k, v in e.items() if k not in ("id", "server_login")}
            for e in store.audit_trail(case_id)]  # fmt: skip


def test_sqlite_records_no_login_and_shows_the_name_alone(
    db_path: Path, spec: Spec, qtbot: Any
) -> None:
    store = CaseStore.open(db_path, spec)
    try:
        record = store.save(CaseRecord(values={"case_number": "S-1", "title": "t"}), user="Ann")
        case_id = record.case_id or 0
        with store.engine.connect() as c:
            logins = c.execute(text("SELECT server_login FROM audit_events")).scalars().all()
        assert logins == [None]  # the column is there (one schema) and stays empty
        assert all("server_login" not in e for e in store.audit_trail(case_id))
        assert set(_who_column(qtbot, store, case_id)) == {"Ann"}
    finally:
        store.close()
    assert check_database(db_path) == []
