"""Migration 0010 on both databases: cases saved by this release, taken back to 0009
(values whole in `case_items` again) and upgraded once more read the same, with no
reconciling event (their audit and their values agree), and `check` finds nothing. On
PostgreSQL the migration's own writes (the long texts emptied in the index) are not taken
for outside changes by the server's triggers: were they, every long value would read ''."""

from __future__ import annotations

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.audit_check import replay_problems
from desktop_app.store.maintenance import check_database
from desktop_app.store.migrate import current_revision, head_revision
from tests.conftest import downgrade

LONG = "a long discussion of the differential diagnosis"


def test_down_to_0009_and_up_again_reads_the_same(database: str, spec: Spec) -> None:
    store = CaseStore.open(database, spec)
    record = CaseRecord(values={"case_number": "M-1", "title": "x" * 16, "discussion": LONG,
                                "metastatic_sites": "lung|liver|bone|brain|adrenal"})  # fmt: skip
    record.add_entry("imaging", {"modality": "US", "study_date": "2015-05-10"})
    saved = store.save(record, user="ann")
    saved.values["discussion"] = LONG + ", revised"
    saved = store.save(saved, user="ann")
    other = store.save(CaseRecord(values={"case_number": "M-2", "title": "y" * 17}), user="bo")
    wanted = {c.case_id: c.items() for c in (saved, other)}
    trails = {case_id: store.audit_trail(case_id or 0) for case_id in wanted}
    downgrade(store, "0009")
    store = CaseStore.open(database, spec)
    try:
        assert current_revision(store.engine) == head_revision()
        for case_id, items in wanted.items():
            assert store.load(case_id or 0).items() == items
            assert store.audit_trail(case_id or 0) == trails[case_id]  # nothing reconciled
        assert replay_problems(store.engine) == []
    finally:
        store.close()
    assert check_database(database) == []


def test_values_changed_where_the_audit_could_not_see_are_kept(database: str, spec: Spec) -> None:
    """A 0009 database whose values were changed with the audit's triggers off (PostgreSQL:
    the owner disabled them; SQLite has none): the migration keeps what was stored, through
    one reconciling event per case, and `check` is clean after it."""
    store = CaseStore.open(database, spec)
    kept = store.save(CaseRecord(values={"case_number": "K-1", "title": "as saved",
                                         "discussion": LONG}), user="ann")  # fmt: skip
    other = store.save(CaseRecord(values={"case_number": "K-2", "title": "untouched"}))
    engine = store.engine
    downgrade(store, "0009")
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        if postgres:
            connection.exec_driver_sql("ALTER TABLE case_items DISABLE TRIGGER USER")
        connection.exec_driver_sql(
            "UPDATE case_items SET value_text = value_text || ', edited by hand' "
            f"WHERE case_id = {kept.case_id} AND length(value_text) > 16"
        )
        connection.exec_driver_sql(
            "UPDATE case_items SET value_text = 'retitled' WHERE value_text = 'as saved'"
        )
        if postgres:
            connection.exec_driver_sql("ALTER TABLE case_items ENABLE TRIGGER USER")
    engine.dispose()
    store = CaseStore.open(database, spec)
    try:
        loaded = store.load(kept.case_id or 0)
        assert loaded.values["discussion"] == LONG + ", edited by hand"
        assert loaded.values["title"] == "retitled"
        last = store.audit_trail(kept.case_id or 0)[-1]
        assert (last["user_name"], last["reason"]) == (
            "migration", "values as stored before migration 0010")  # fmt: skip
        assert store.load(other.case_id or 0).items() == other.items()
        assert "migration" not in {e["user_name"] for e in store.audit_trail(other.case_id or 0)}
        assert replay_problems(store.engine) == []
    finally:
        store.close()
    assert check_database(database) == []
