"""Record → store → record on a temporary SQLite file, for every field type and group change."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, ConflictError, StoreError

EVERY_TYPE = {
    "case_number": "T-001",  # text
    "citation": "Doe J. A case.\nJournal 2020;1:1–2. µ ± ≥",  # longtext (shown: source published)
    "source": "published",  # choice
    "index_date": "2015-05",  # date (partial)
    "consent_documented": "true",  # boolean
    "age_at_presentation": "57",  # integer
    "ki67_percent": "15.5",  # decimal
}


def full_record() -> CaseRecord:
    record = CaseRecord(values=dict(EVERY_TYPE))
    record.add_entry(
        "imaging_study",
        {
            "modality": "US",
            "techniques": "bmode|doppler",
            "resistance_index": "0.74",
            "study_date": "+6m",
        },
    )
    specimen = record.add_entry("specimen", {"specimen_label": "S1", "procedure": "core"})
    record.add_entry(
        "ihc_result", {"specimen": str(specimen.entry_id), "marker": "SMA", "result": "positive"}
    )  # ref
    return record


def test_every_field_type_round_trips(store: CaseStore, database: str, spec: Spec) -> None:
    record = store.save(full_record(), user="tester")
    store.close()
    reopened = CaseStore.open(database, spec)
    loaded = reopened.load(record.case_id or 0)
    assert loaded.items() == full_record().items()
    assert loaded.entry_order() == record.entry_order()
    assert loaded.row_version == 1
    types = {spec.field(g, f).type for (g, _e, f) in loaded.items()}
    assert types >= {
        "text",
        "longtext",
        "integer",
        "decimal",
        "date",
        "choice",
        "multichoice",
        "boolean",
        "ref",
    }
    reopened.close()


def test_group_entries_added_edited_reordered_removed(store: CaseStore) -> None:
    from sqlalchemy import func, select

    from desktop_app.store.field_codes import codes_in
    from desktop_app.store.tables import case_items

    record = store.save(full_record())
    second = record.add_entry("imaging_study", {"modality": "MG", "birads": "4B"})
    first_id = record.entries("imaging_study")[0].entry_id
    record.move_entry("imaging_study", second.entry_id, -1)
    record.entry("imaging_study", first_id).values["size_mm"] = "64"
    store.save(record)
    loaded = store.load(record.case_id or 0)
    assert [e.entry_id for e in loaded.entries("imaging_study")] == [second.entry_id, first_id]
    assert loaded.entry("imaging_study", first_id).values["size_mm"] == "64"

    loaded.remove_entry("imaging_study", first_id)
    store.save(loaded)
    again = store.load(record.case_id or 0)
    assert [e.entry_id for e in again.entries("imaging_study")] == [second.entry_id]
    # A removed entry's id is never given again.
    assert again.add_entry("imaging_study").entry_id > first_id
    with store.engine.connect() as connection:
        left = connection.execute(
            select(func.count())
            .select_from(case_items)
            .where(
                case_items.c.field_code.in_(codes_in("imaging_study", ["size_mm", "modality"])),
                case_items.c.entry_id == first_id,
            )
        ).scalar()
    assert left == 0


def test_only_changes_are_written_and_audited(store: CaseStore) -> None:
    record = store.save(full_record(), user="ann")
    before = len(store.audit_trail(record.case_id or 0))
    record.values["age_at_presentation"] = "58"
    del record.values["ki67_percent"]
    store.save(record, user="bob")
    new = store.audit_trail(record.case_id or 0)[before:]
    changes = {(e["field_id"], e["old_value"], e["new_value"], e["action"]) for e in new}
    assert changes == {
        ("age_at_presentation", "57", "58", "value_changed"),
        ("ki67_percent", "15.5", None, "value_removed"),
    }
    assert {e["user_name"] for e in new} == {"bob"}


def test_case_list_summary_and_search(store: CaseStore) -> None:
    record = full_record()
    record.values.update(title="Glomus tumour", diagnosis="8711/3", sex="female")
    store.save(record)
    other = CaseRecord(values={"case_number": "T-002", "title": "Scalp"})
    store.save(other)
    [case] = store.list_cases("glomus")
    assert (case.case_number, case.age, case.sex, case.icdo3) == ("T-001", 57, "Female", "8711/3")
    assert case.diagnosis == "Glomus tumour, malignant"
    assert [c.case_number for c in store.list_cases()] == ["T-001", "T-002"]


def test_missing_case_number_is_assigned_and_problems_counted(store: CaseStore) -> None:
    record = store.save(CaseRecord(values={"title": "No number"}))
    assert record.values["case_number"] == f"C{record.case_id:06d}"
    [case] = store.list_cases()
    assert case.problem_count >= 2  # age and sex are required


def test_duplicate_case_number_is_refused_with_a_message(store: CaseStore) -> None:
    store.save(CaseRecord(values={"case_number": "SAME"}))
    with pytest.raises(StoreError, match="'SAME' is already used"):
        store.save(CaseRecord(values={"case_number": "SAME"}))


def test_a_stale_save_is_refused(store: CaseStore, database: str, spec: Spec) -> None:
    record = store.save(full_record())
    other = CaseStore.open(database, spec)
    theirs = other.load(record.case_id or 0)
    theirs.values["title"] = "theirs"
    other.save(theirs)
    record.values["title"] = "mine"
    with pytest.raises(ConflictError):
        store.save(record)
    assert store.load(record.case_id or 0).values["title"] == "theirs"
    other.close()


def test_sqlite_is_set_up_to_lose_nothing(sqlite_store: CaseStore) -> None:
    store = sqlite_store
    with store.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        pragma = {
            name: raw.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }


def test_schema_comes_from_the_alembic_migration(store: CaseStore) -> None:
    from sqlalchemy import inspect, text

    with store.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    tables = set(inspect(store.engine).get_table_names())
    from desktop_app.store.migrate import head_revision
    from desktop_app.store.tables import metadata

    assert version == head_revision() == "0011"
    # SQLite also has the case list's full-text indexes (virtual tables and their own tables).
    fts = {"case_search", "case_search_identifiers"}
    search = fts if store.engine.dialect.name == "sqlite" else set()
    search |= {f"{n}_{p}" for n in search for p in ("data", "idx", "content", "docsize", "config")}
    if store.engine.dialect.name == "postgresql":
        search = {"case_search"}  # a table with trigram indexes
    # the migrations make them all
    assert tables == set(metadata.tables) | {"alembic_version"} | search
    for name in ("case_items", "derived_items"):  # and the value indexes tables.py declares
        made = {i["name"] for i in inspect(store.engine).get_indexes(name)}
        assert made == {i.name for i in metadata.tables[name].indexes}


def test_a_database_from_a_newer_release_is_refused_untouched(db_path: Path, spec: Spec) -> None:
    from sqlalchemy import text

    CaseStore.open(db_path, spec).close()
    store = CaseStore.open(db_path, spec)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    store.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer release of Case Abstractor"):
        CaseStore.open(db_path, spec)
    assert db_path.read_bytes() == before
