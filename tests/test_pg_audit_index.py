"""The server-side audit on the cohort index of 0010: an outside write to `case_items` is
what a case's values are read from after it (its audit event). A long value's row holds ''
for its text: an outside UPDATE that leaves that '' as it is (only the number) records no
change and the value stays whole; an outside change of a short value is read back."""

from __future__ import annotations

import psycopg
import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.maintenance import check_database
from tests.test_pg_audit import Server, _code, _replay_matches, server  # noqa: F401

NOTE = "a long note about the patient's home and the family's history"


def test_an_outside_update_of_a_long_values_number_keeps_the_value(
    server: Server,  # noqa: F811
    spec: Spec,
) -> None:
    store = CaseStore.open(server.url(server.registrar), spec)
    try:
        saved = store.save(CaseRecord(values={"case_number": "LONG-1", "title": "short",
                                              "psychosocial": NOTE}), user="Ann")  # fmt: skip
        case_id = saved.case_id or 0
        events = len(store.audit_trail(case_id))
        with server.sql(server.registrar) as registrar:
            note, title = _code(registrar, "", "psychosocial"), _code(registrar, "", "title")
            row = registrar.execute(
                "SELECT value_text FROM case_items WHERE case_id = %s AND field_code = %s",
                (case_id, note),
            ).fetchone()
            assert row is not None and row[0] == ""  # the long value's key row
            registrar.execute("UPDATE case_items SET value_num = 3 WHERE case_id = %s "
                              "AND field_code = %s", (case_id, note))  # fmt: skip
            registrar.execute("UPDATE case_items SET value_text = 'renamed' WHERE case_id = %s "
                              "AND field_code = %s", (case_id, title))  # fmt: skip
        loaded = store.load(case_id)
        assert loaded.values["psychosocial"] == NOTE
        assert loaded.values["title"] == "renamed"
        trail = store.audit_trail(case_id)
        assert len(trail) == events + 1  # the title's change only
        assert (trail[-1]["field_id"], trail[-1]["new_value"]) == ("title", "renamed")
        assert _replay_matches(store, case_id)
        loaded.values["psychosocial"] = NOTE + " (updated)"
        store.save(loaded, user="Ann")
        assert store.load(case_id).values["psychosocial"] == NOTE + " (updated)"
    finally:
        store.close()
    assert check_database(server.url(server.owner)) == []


def test_an_outside_edit_of_a_long_values_text_is_refused_not_taken_as_the_value(
    server: Server,  # noqa: F811
    spec: Spec,
) -> None:
    """A script written for the schema before 0010 ("append ' (checked)' to every note")
    finds '' where a long value's text was: were its result recorded, the note would read
    ' (checked)' from then on. The server refuses such a statement (the text is not there
    to change), and the value stays whole; a short value's change still goes through."""
    store = CaseStore.open(server.url(server.registrar), spec)
    try:
        saved = store.save(CaseRecord(values={"case_number": "LONG-2", "title": "short",
                                              "psychosocial": NOTE}), user="Ann")  # fmt: skip
        case_id = saved.case_id or 0
        events = len(store.audit_trail(case_id))
        with server.sql(server.registrar) as registrar:
            note = _code(registrar, "", "psychosocial")
            for statement in (
                "UPDATE case_items SET value_text = value_text || ' (checked)' "
                "WHERE case_id = %s AND field_code = %s",
                "UPDATE case_items SET value_text = 'replaced' WHERE case_id = %s "
                "AND field_code = %s",
            ):
                with pytest.raises(psycopg.Error, match="long value"), registrar.transaction():
                    registrar.execute(statement, (case_id, note))
        loaded = store.load(case_id)
        assert loaded.values["psychosocial"] == NOTE
        assert len(store.audit_trail(case_id)) == events
        assert _replay_matches(store, case_id)
    finally:
        store.close()
    assert check_database(server.url(server.owner)) == []
