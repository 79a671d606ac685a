"""What a save stores and what the store gives back, written out in each test (issue 16: the
survivors of mutation testing of store/case_store.py's save and versions). Field ids are
those of the shipped forms (forms/*.toml)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, ConflictError, StoreError, search_index
from desktop_app.store.errors import ReasonRequired
from tests.test_mutation_view import with_field


def test_every_saved_version_comes_back_from_the_history(sqlite_store: CaseStore) -> None:
    record = sqlite_store.save(CaseRecord(values={"case_number": "V-1", "title": "First"}))
    record.values["title"] = "Second"
    record.values["age_at_presentation"] = "57"
    sqlite_store.save(record)
    del record.values["age_at_presentation"]
    sqlite_store.save(record)
    versions = sqlite_store.versions(record.case_id or 0)
    assert sorted(versions) == [1, 2, 3]
    assert versions[1].values == {"case_number": "V-1", "title": "First"}
    assert versions[2].values == {"case_number": "V-1", "title": "Second",
                                  "age_at_presentation": "57"}  # fmt: skip
    assert versions[3].values == {"case_number": "V-1", "title": "Second"}
    assert [v.status for _n, v in sorted(versions.items())] == ["draft", "draft", "draft"]


def test_a_failed_save_under_forms_without_a_case_number_changes_nothing(
    tmp_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registry's forms that declare no case-number column: a save that fails (a full
    disk) still raises the store's message and leaves the caller's record as it was."""
    number = next(f for f in spec.case_fields if f.summary == "case_number")
    plain = with_field(spec, number.id, summary="")
    store = CaseStore.open(tmp_path / "plain.sqlite", plain)

    def full_disk(*_args: object) -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    record = CaseRecord(values={"title": "no number column"})
    given = record.copy()
    with monkeypatch.context() as patched:
        patched.setattr(search_index, "write_search", full_disk)
        with pytest.raises(StoreError, match="disk is full"):
            store.save(record)
    assert (record.case_id, record.row_version, record.to_json()) == (None, 0, given.to_json())
    saved = store.save(record)
    assert store.load(saved.case_id or 0).values == {"title": "no number column"}
    store.close()


def test_a_save_without_a_name_is_the_accounts_and_without_a_reason_has_none(
    sqlite_store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "rlopez")  # the login name getpass reads first
    record = sqlite_store.save(CaseRecord(values={"case_number": "U-1"}))
    [other] = sqlite_store.save_many([CaseRecord(values={"case_number": "U-2"})])
    for case in (record, other):
        events = sqlite_store.audit_trail(case.case_id or 0)
        assert {(e["user_name"], e["os_user"]) for e in events} == {("rlopez", "rlopez")}
        assert {e["reason"] for e in events} <= {"", None}


def test_a_complete_case_changed_through_save_many_needs_a_reason(
    sqlite_store: CaseStore,
) -> None:
    record = sqlite_store.save(CaseRecord(values={"case_number": "R-1"}))
    record.status = "complete"
    sqlite_store.save(record)
    record.values["title"] = "changed after completion"
    with pytest.raises(ReasonRequired):
        sqlite_store.save_many([record])
    [saved] = sqlite_store.save_many([record], reason="pathology addendum")
    assert sqlite_store.load(saved.case_id or 0).values["title"] == "changed after completion"


def test_forms_without_a_case_number_column_still_store_every_case(
    tmp_path: Path, spec: Spec
) -> None:
    """Every case gets a number of its own in the list (the store's generated C000001 …)
    when the forms declare no case-number field; before, the second case was refused as
    'The case number '' is already used by another case'."""
    number = next(f for f in spec.case_fields if f.summary == "case_number")
    store = CaseStore.open(tmp_path / "plain.sqlite", with_field(spec, number.id, summary=""))
    first = store.save(CaseRecord(values={"title": "First"}))
    second = store.save(CaseRecord(values={"title": "Second"}))
    listed = {(c.case_number, c.title) for c in store.list_cases()}
    assert listed == {(f"C{first.case_id:06d}", "First"), (f"C{second.case_id:06d}", "Second")}
    store.close()


def test_reordering_a_complete_cases_entries_needs_a_reason(sqlite_store: CaseStore) -> None:
    record = CaseRecord(values={"case_number": "O-1"})
    first = record.add_entry("imaging_study", {"modality": "US"})
    second = record.add_entry("imaging_study", {"modality": "MG"})
    record.status = "complete"
    record = sqlite_store.save(record)
    record.move_entry("imaging_study", second.entry_id, -1)  # no value changes
    with pytest.raises(ReasonRequired):
        sqlite_store.save(record)
    sqlite_store.save(record, reason="studies were in the wrong order")
    loaded = sqlite_store.load(record.case_id or 0)
    assert [e.entry_id for e in loaded.entries("imaging_study")] == [
        second.entry_id, first.entry_id
    ]  # fmt: skip


def test_a_status_change_is_audited_from_what_it_was(sqlite_store: CaseStore) -> None:
    record = sqlite_store.save(CaseRecord(values={"case_number": "S-1"}))
    record.status = "complete"
    sqlite_store.save(record)
    changes = [(e["old_value"], e["new_value"]) for e in sqlite_store.audit_trail(
        record.case_id or 0) if e["action"] == "status_changed"]  # fmt: skip
    assert changes == [("draft", "complete")]


def test_a_complete_case_saved_unchanged_needs_no_reason_but_reopening_it_does(
    sqlite_store: CaseStore,
) -> None:
    record = CaseRecord(values={"case_number": "Q-1"}, status="complete")
    record = sqlite_store.save(record)
    record = sqlite_store.save(record)  # nothing changed: no reason asked
    assert record.row_version == 2
    record.status = "draft"
    with pytest.raises(ReasonRequired):
        sqlite_store.save(record)
    sqlite_store.save(record, reason="the pathology report was amended")
    assert sqlite_store.load(record.case_id or 0).status == "draft"


def test_the_case_row_keeps_who_created_it_and_who_changed_it_last(
    sqlite_store: CaseStore,
) -> None:
    from sqlalchemy import select

    from desktop_app.store import tables

    record = sqlite_store.save(CaseRecord(values={"case_number": "W-1"}), user="ann")
    record.values["title"] = "edited"
    sqlite_store.save(record, user="bob")
    cases = tables.cases.c
    with sqlite_store.engine.connect() as connection:
        row = connection.execute(
            select(cases.created_by, cases.updated_by, cases.status, cases.title,
                   cases.form_version)
        ).one()  # fmt: skip
    # the forms' version (forms/*.toml) the case was last saved under
    assert tuple(row) == ("ann", "bob", "draft", "edited", sqlite_store.spec.version)
    assert sqlite_store.spec.version != ""


def test_the_case_list_shows_when_a_case_was_last_changed(
    sqlite_store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.store import case_store

    monkeypatch.setattr(case_store, "_now", lambda: "2026-01-05T09:00:00+00:00")
    record = sqlite_store.save(CaseRecord(values={"case_number": "T-1"}))
    monkeypatch.setattr(case_store, "_now", lambda: "2026-02-11T16:30:00+00:00")
    record.values["title"] = "edited a month later"
    sqlite_store.save(record)
    [listed] = sqlite_store.list_cases()
    assert listed.updated_at == "2026-02-11T16:30:00+00:00"


def test_a_stale_save_says_which_versions_and_the_merge_gets_the_case(
    sqlite_store: CaseStore,
) -> None:
    mine = sqlite_store.save(CaseRecord(values={"case_number": "K-1"}))
    theirs = sqlite_store.load(mine.case_id or 0)
    for title in ("theirs", "theirs again"):
        theirs.values["title"] = title
        theirs = sqlite_store.save(theirs)
    mine.values["title"] = "mine"
    with pytest.raises(ConflictError) as refused:
        sqlite_store.save(mine)
    assert (refused.value.case_id, refused.value.expected, refused.value.found) == (
        mine.case_id, 1, 3
    )  # fmt: skip
    assert "your version 1, now 3" in str(refused.value)


def test_saving_one_case_leaves_another_of_the_same_version_alone(
    sqlite_store: CaseStore,
) -> None:
    first = sqlite_store.save(CaseRecord(values={"case_number": "A-1", "title": "First"}))
    second = sqlite_store.save(CaseRecord(values={"case_number": "A-2", "title": "Second"}))
    assert first.row_version == second.row_version == 1
    second.values["title"] = "Second, edited"
    sqlite_store.save(second)
    assert {(c.case_number, c.title) for c in sqlite_store.list_cases()} == {
        ("A-1", "First"), ("A-2", "Second, edited")
    }  # fmt: skip


def test_an_entry_id_is_never_given_again_after_the_entry_is_removed(
    sqlite_store: CaseStore,
) -> None:
    record = sqlite_store.save(CaseRecord(values={"case_number": "E-1"}))
    entry = record.add_entry("imaging_study", {"modality": "US"})
    record = sqlite_store.save(record)
    record.remove_entry("imaging_study", entry.entry_id)
    sqlite_store.save(record)
    loaded = sqlite_store.load(record.case_id or 0)
    assert loaded.add_entry("imaging_study").entry_id == entry.entry_id + 1


def test_the_case_list_shows_nothing_for_what_was_not_given(
    sqlite_store: CaseStore, tmp_path: Path, spec: Spec
) -> None:
    sqlite_store.save(CaseRecord(values={"case_number": "N-1", "age_at_presentation": "~60"}))
    [listed] = sqlite_store.list_cases()
    # "about 60" is no whole number for the age column; nothing else was given
    assert (listed.title, listed.age, listed.sex, listed.site, listed.diagnosis,
            listed.icdo3) == ("", None, "", "", "", "")  # fmt: skip
    title = next(f for f in spec.case_fields if f.summary == "title")
    store = CaseStore.open(tmp_path / "untitled.sqlite", with_field(spec, title.id, summary=""))
    store.save(CaseRecord(values={"case_number": "N-2", title.id: "not a column here"}))
    assert [c.title for c in store.list_cases()] == [""]
    store.close()


def test_the_case_list_shows_not_stated_in_words(sqlite_store: CaseStore) -> None:
    sqlite_store.save(CaseRecord(values={"case_number": "NS-1", "sex": "?not_stated",
                                         "title": "?unknown"}))  # fmt: skip
    [listed] = sqlite_store.list_cases()
    assert (listed.sex, listed.title) == ("Not stated", "Unknown")


def test_the_history_records_each_entry_added_moved_and_removed(sqlite_store: CaseStore) -> None:
    record = CaseRecord(values={"case_number": "H-1"})
    first = record.add_entry("imaging_study", {"modality": "US"})
    second = record.add_entry("imaging_study", {"modality": "MG"})
    record = sqlite_store.save(record)
    record.move_entry("imaging_study", second.entry_id, -1)
    record = sqlite_store.save(record)
    sqlite_store.save(record)  # nothing changed: nothing recorded
    record.remove_entry("imaging_study", first.entry_id)
    sqlite_store.save(record)
    study = "imaging_study"
    assert [
        (e["row_version"], e["action"], e["group_id"], e["entry_id"], e["field_id"],
         e["old_value"], e["new_value"])
        for e in sqlite_store.audit_trail(record.case_id or 0)
    ] == [
        (0, "case_created", "", 0, "", None, "draft"),
        (1, "entry_added", study, 1, "", None, None),
        (1, "entry_added", study, 2, "", None, None),
        (1, "order_changed", study, 0, "", "", "1,2"),
        (1, "value_added", "", 0, "case_number", None, "H-1"),
        (1, "value_added", study, 1, "modality", None, "US"),
        (1, "value_added", study, 2, "modality", None, "MG"),
        (2, "order_changed", study, 0, "", "1,2", "2,1"),
        (4, "entry_removed", study, 1, "", None, None),
        (4, "order_changed", study, 0, "", "2,1", "2"),
        (4, "value_removed", study, 1, "modality", "US", None),
    ]  # fmt: skip


def test_a_number_is_stored_as_a_number_for_searches_when_added_and_when_changed(
    sqlite_store: CaseStore,
) -> None:
    from sqlalchemy import select

    from desktop_app.store import tables

    record = sqlite_store.save(CaseRecord(values={"case_number": "M-1",
                                                  "age_at_presentation": "57"}))  # fmt: skip
    items = tables.case_items.c

    def numbers() -> set[float | None]:
        with sqlite_store.engine.connect() as connection:
            return set(connection.execute(select(items.value_num)).scalars())

    assert numbers() == {None, 57.0}  # the case number is no number
    record.values["age_at_presentation"] = "58"
    sqlite_store.save(record)
    assert numbers() == {None, 58.0}
