"""Issue 12, finding 8: on PostgreSQL the audit does not depend on the app. A registrar's login
changing case data outside the app (psql) is recorded by the server with that login; `check`
names every case whose audit replay differs from what is stored (a change that escaped the
triggers); the registrars' role cannot write the schema version; nobody can TRUNCATE or
rewrite the audit; the app's own saves are audited once; no password reaches the log."""

from __future__ import annotations

import zlib

import psycopg
import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, ConflictError
from desktop_app.store.maintenance import check_database
from tests.postgres_server import PostgresServer, RoleDatabase, role_database

Server = RoleDatabase


@pytest.fixture
def server(postgres: PostgresServer, spec: Spec) -> Server:
    return role_database(postgres, spec)


def _case(store: CaseStore, number: str) -> CaseRecord:
    record = CaseRecord(values={"case_number": number, "title": f"title of {number}"})
    record.add_entry("imaging_study", {"modality": "US", "size_mm": "64"})
    record.add_entry("imaging_study", {"modality": "MG"})
    return store.save(record, user="Ann")


def _code(connection: psycopg.Connection, group: str, field: str) -> int:
    row = connection.execute(
        "SELECT code FROM item_fields WHERE group_id = %s AND field_id = %s", (group, field)
    ).fetchone()
    assert row is not None
    return int(row[0])


def _replay_matches(store: CaseStore, case_id: int) -> bool:
    versions = store.versions(case_id)
    latest, stored = versions[max(versions)], store.load(case_id)
    return latest.same_content(stored) and latest.status == stored.status


def test_a_registrars_update_outside_the_app_is_audited_with_the_login(
    server: Server, spec: Spec
) -> None:
    store = CaseStore.open(server.url(server.registrar), spec)
    try:
        saved = _case(store, "OUT-1")
        case_id = saved.case_id or 0
        with server.sql(server.registrar) as registrar:
            title = _code(registrar, "", "title")
            registrar.execute("SET application_name = 'psql'")
            registrar.execute(
                "UPDATE case_items SET value_text = 'rewritten in psql' "
                "WHERE case_id = %s AND field_code = %s", (case_id, title)
            )  # fmt: skip
        last = store.audit_trail(case_id)[-1]
        assert (last["action"], last["field_id"]) == ("value_changed", "title")
        assert (last["old_value"], last["new_value"]) == ("title of OUT-1", "rewritten in psql")
        assert last["user_name"] == server.registrar
        assert "outside Case Abstractor (psql, from 127.0.0.1)" in last["reason"]
        assert _replay_matches(store, case_id)
        assert check_database(server.url(server.owner)) == []
        # The copy open before the outside change is now out of date: a conflict, not an
        # overwrite that would quietly undo the change.
        saved.values["title"] = "the registrar's own edit"
        with pytest.raises(ConflictError):
            store.save(saved, user="Ann")
    finally:
        store.close()


@pytest.mark.parametrize("bypass", ["replica", "disabled"])
def test_check_names_each_case_changed_where_the_audit_could_not_see(
    server: Server, spec: Spec, bypass: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = CaseStore.open(server.url(server.owner), spec)
    try:
        kept, changed = _case(store, "KEPT-1"), _case(store, "HIDDEN-2")
    finally:
        store.close()
    assert check_database(server.url(server.owner)) == []
    with server.sql("tester" if bypass == "replica" else server.owner) as connection:
        if bypass == "replica":  # a superuser's session: no ordinary trigger fires
            connection.execute("SET session_replication_role = replica")
        else:  # the owner switches the trigger off, writes, and switches it back on
            connection.execute("ALTER TABLE case_items DISABLE TRIGGER "
                               "case_abstractor_outside_update")  # fmt: skip
        connection.execute(
            "UPDATE case_items SET value_text = 'unseen' WHERE case_id = %s AND field_code = %s",
            (changed.case_id, _code(connection, "imaging_study", "modality")),
        )
        if bypass == "disabled":
            assert any("triggers are missing, disabled" in p
                       for p in check_database(server.url(server.owner)))  # fmt: skip
            connection.execute("ALTER TABLE case_items ENABLE TRIGGER "
                               "case_abstractor_outside_update")  # fmt: skip
    problems = check_database(server.url(server.owner))
    assert len(problems) == 1, problems
    assert "case HIDDEN-2" in problems[0] and "imaging_study entry" in problems[0]
    assert "unseen" not in problems[0]  # the place, never the value
    assert kept.case_id != changed.case_id
    from desktop_app import cli  # the command a registrar runs says the same, and exits 1

    assert cli.run_command(cli.parse(["check", "--db", server.url(server.registrar)])) == 1
    said = capsys.readouterr().out
    assert "case HIDDEN-2: the audit trail does not account for what is stored" in said
    assert "KEPT-1" not in said and "sound" not in said


def test_replay_of_every_case_equals_what_is_stored_after_outside_edits(
    server: Server, spec: Spec
) -> None:
    store = CaseStore.open(server.url(server.owner), spec)
    try:
        first, second = _case(store, "ED-1"), _case(store, "ED-2")
        a, b = first.case_id, second.case_id
        one, two = (e.entry_id for e in first.entries("imaging_study"))
        with server.sql(server.registrar) as sql:
            modality = _code(sql, "imaging_study", "modality")
            size = _code(sql, "imaging_study", "size_mm")
            site = _code(sql, "", "title")
            sql.execute("INSERT INTO case_items (case_id, field_code, entry_id, value_text) "
                        "VALUES (%s, %s, %s, '12')", (a, size, two))  # fmt: skip
            sql.execute("DELETE FROM case_items WHERE case_id = %s AND field_code = %s "
                        "AND entry_id = %s", (a, size, one))  # fmt: skip
            sql.execute("UPDATE group_entries SET position = 1 - position "
                        "WHERE case_id = %s", (a,))  # fmt: skip
            sql.execute("INSERT INTO group_entries (case_id, group_id, entry_id, position) "
                        "VALUES (%s, 'imaging_study', 9, 2)", (a,))  # fmt: skip
            sql.execute("INSERT INTO case_items (case_id, field_code, entry_id, value_text) "
                        "VALUES (%s, %s, 9, 'CT')", (a, modality))  # fmt: skip
            sql.execute("DELETE FROM case_items WHERE case_id = %s AND entry_id = %s", (b, one))
            sql.execute("DELETE FROM group_entries WHERE case_id = %s AND entry_id = %s",
                        (b, one))  # fmt: skip
            sql.execute(
                "UPDATE case_items SET value_text = value_text || ' (checked)' "
                "WHERE field_code = %s",
                (site,),
            )  # both cases in one statement
            sql.execute("UPDATE cases SET status = 'complete' WHERE id = %s", (b,))
        assert store.load(a).entry_order()["imaging_study"] == [two, one, 9]
        assert store.load(b).status == "complete"
        for case_id in (a, b):
            assert case_id is not None and _replay_matches(store, case_id), case_id
        outside = [e for e in store.audit_trail(a) if e["user_name"] == server.registrar]
        assert {e["action"] for e in outside} == {
            "value_added", "value_removed", "value_changed", "order_changed", "entry_added"
        }  # fmt: skip
    finally:
        store.close()
    assert check_database(server.url(server.registrar)) == []


def test_the_apps_own_saves_are_audited_once(server: Server, spec: Spec) -> None:
    store = CaseStore.open(server.url(server.registrar), spec)
    try:
        record = _case(store, "ONCE-1")  # 1 event
        record.values["title"] = "second"
        record.remove_entry("imaging_study", record.entries("imaging_study")[0].entry_id)
        store.save(record, user="Ann")  # 2
        case_id = record.case_id or 0
        store.set_removed(case_id, True, "entered twice", user="Ann")  # 3
        store.set_removed(case_id, False, "not a duplicate", user="Ann")  # 4
        with server.sql(server.registrar) as sql:
            rows = sql.execute("SELECT user_name, changes FROM audit_events "
                               "WHERE case_id = %s ORDER BY id", (case_id,)).fetchall()  # fmt: skip
            triggers = sql.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'case_abstractor_%%'"
            ).fetchone()
        assert [user for user, _c in rows] == ["Ann"] * 4
        assert all(zlib.decompress(bytes(changes)) for _u, changes in rows)  # the app's own
        assert triggers is not None and triggers[0] > 0  # the triggers were there, and quiet
        assert _replay_matches(store, case_id)
    finally:
        store.close()


def test_the_registrars_role_cannot_write_the_schema_version(server: Server) -> None:
    with server.sql(server.registrar) as registrar:
        for statement in ("UPDATE alembic_version SET version_num = '9999'",
                          "DELETE FROM alembic_version",
                          "INSERT INTO alembic_version VALUES ('9999')"):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                registrar.execute(statement)  # type: ignore[call-overload]
        assert registrar.execute("SELECT version_num FROM alembic_version").fetchall() != []
    with server.sql(server.owner) as owner:  # the owner, who upgrades, still may
        owner.execute("UPDATE alembic_version SET version_num = version_num")


def test_nobody_truncates_or_rewrites_the_audit_not_even_the_owner(
    server: Server, spec: Spec
) -> None:
    store = CaseStore.open(server.url(server.owner), spec)
    _case(store, "TR-1")
    store.close()
    for login in (server.owner, "tester"):  # the owner, and a superuser
        with server.sql(login) as connection:
            for statement in ("TRUNCATE audit_events", "TRUNCATE cases CASCADE",
                              "TRUNCATE case_items", "UPDATE audit_events SET reason = 'x'",
                              "DELETE FROM audit_events",
                              "UPDATE item_fields SET field_id = 'title' "
                              "WHERE field_id = 'modality'"):  # fmt: skip
                with pytest.raises(psycopg.Error, match=r"refused|append-only"):
                    connection.execute(statement)  # type: ignore[call-overload]
            counted = connection.execute("SELECT count(*) FROM audit_events").fetchone()
            assert counted is not None and counted[0] == 1
    assert check_database(server.url(server.owner)) == []


def test_triggers_lost_with_a_table_are_reported_and_put_back_by_the_owners_opening(
    server: Server, spec: Spec, caplog: pytest.LogCaptureFixture
) -> None:
    """A later migration may re-create a table (and its triggers go with it): `check` says
    so, a registrar's start goes on with a warning, the owner's next opening installs them."""
    with server.sql(server.owner) as owner:
        owner.execute("DROP TRIGGER case_abstractor_outside_update ON group_entries")
    assert any("triggers are missing" in p for p in check_database(server.url(server.owner)))
    CaseStore.open(server.url(server.registrar), spec).close()
    assert "triggers are not installed" in caplog.text
    CaseStore.open(server.url(server.owner), spec).close()
    assert check_database(server.url(server.owner)) == []
    with server.sql(server.owner) as owner:
        found = owner.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'case_abstractor_outside_update' "
            "AND tgrelid = 'group_entries'::regclass"
        ).fetchone()
    assert found == (1,)


def test_an_upgrade_from_the_previous_schema_installs_the_audit_and_keeps_check_sound(
    server: Server, spec: Spec
) -> None:
    from tests.conftest import downgrade

    store = CaseStore.open(server.url(server.owner), spec)
    _case(store, "UP-1")
    downgrade(store, "0006")  # the release before the compact store, without the triggers
    with server.sql(server.owner) as owner:
        owner.execute("DROP FUNCTION case_abstractor_outside_write() CASCADE")
    CaseStore.open(server.url(server.owner), spec).close()  # the owner's upgrade
    assert check_database(server.url(server.registrar)) == []
    with server.sql(server.registrar) as registrar:
        registrar.execute("UPDATE case_items SET value_text = 'after the upgrade' "
                          "WHERE value_text = 'title of UP-1'")  # fmt: skip
    store = CaseStore.open(server.url(server.registrar), spec)
    try:
        case_id = store.find("UP-1") or 0
        assert store.audit_trail(case_id)[-1]["user_name"] == server.registrar
        assert _replay_matches(store, case_id)
    finally:
        store.close()
    assert check_database(server.url(server.registrar)) == []
