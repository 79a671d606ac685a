"""What is saved comes back, now that a case's values are read from its audit and
`case_items` is only their cohort index (0010): values of exactly SHORT and SHORT + 1
characters swapped and changed back, whitespace-only and multichoice values, a field coded
in this very save, an entry removed and added again under its id, a removal and a restore,
a save that fails half-way (nothing of it stays: not the event, not the index rows), a
second workstation's stale save (a conflict, the first one's values kept). Each state is
checked three ways: `load`, the bulk reader of the exports, and the cohort index (a
condition on each value finds the case); and `check` finds nothing amiss. On SQLite and on
PostgreSQL."""

from __future__ import annotations

import pytest

from desktop_app.record import CaseRecord, GroupEntry, ItemKey
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, save_path
from desktop_app.store.audit_check import replay_problems
from desktop_app.store.errors import ConflictError
from desktop_app.store.queries import CaseFilter, Condition

EXACT = "a" * 16  # held whole by the cohort index
OVER = "b" * 17  # held as a key row without its text
SITES = "lung|liver|bone|brain|adrenal"  # a multichoice longer than SHORT


def _same_everywhere(store: CaseStore, case_id: int, wanted: dict[ItemKey, str]) -> None:
    assert store.load(case_id).items() == wanted
    assert next(iter(store.load_many([case_id]))).items() == wanted
    for (group, _entry, field), value in wanted.items():
        if field == "metastatic_sites":
            condition = Condition(group, field, "contains", value.split("|")[-1])
        elif field.endswith("_date"):
            condition = Condition(group, field, "=", value)
        else:
            condition = Condition(group, field, "contains", value.strip() or value)
        found = [s.case_id for s in store.find_cases(CaseFilter(conditions=(condition,)))]
        assert case_id in found, (field, value)
    assert replay_problems(store.engine) == []


def test_values_at_the_index_boundary_and_changed_back(store: CaseStore) -> None:
    record = store.save(CaseRecord(values={
        "case_number": "V-1", "title": EXACT, "discussion": OVER, "institution": "   ",
        "metastatic_sites": SITES}), user="ann")  # fmt: skip
    case_id = record.case_id or 0
    first = record.items()
    _same_everywhere(store, case_id, first)
    record.values["title"], record.values["discussion"] = OVER, EXACT  # swapped
    record = store.save(record, user="ann")
    _same_everywhere(store, case_id, record.items())
    record.values["title"], record.values["discussion"] = EXACT, OVER  # back as they were
    record.values["metastatic_sites"] = "lung"
    record = store.save(record, user="ann")
    record.values["metastatic_sites"] = SITES
    record = store.save(record, user="ann")
    assert record.items() == first
    _same_everywhere(store, case_id, first)


def test_a_field_coded_in_this_save_and_an_entry_added_again(store: CaseStore) -> None:
    record = CaseRecord(values={"case_number": "V-2", "title": "new field",
                                "field_of_a_later_release": OVER + " kept"})  # fmt: skip
    record.add_entry("imaging", {"modality": "US", "study_date": "2015-05-10"})
    record = store.save(record, user="ann")
    case_id = record.case_id or 0
    _same_everywhere(store, case_id, record.items())
    entry_id = record.groups["imaging"][0].entry_id
    record.remove_entry("imaging", entry_id)
    record = store.save(record, user="ann")
    assert ("imaging", entry_id, "modality") not in store.load(case_id).items()
    record.entry_list("imaging").append(GroupEntry(entry_id, {"modality": "MRI"}))
    record = store.save(record, user="ann")
    _same_everywhere(store, case_id, record.items())
    assert store.load(case_id).groups["imaging"][0].values == {"modality": "MRI"}


def test_removed_and_restored(store: CaseStore) -> None:
    record = store.save(CaseRecord(values={"case_number": "V-3", "title": "kept",
                                           "discussion": OVER}), user="ann")  # fmt: skip
    case_id = record.case_id or 0
    store.set_removed(case_id, True, "entered twice")
    assert store.load(case_id).items() == record.items()
    store.set_removed(case_id, False, "it was not")
    restored = store.load(case_id)
    assert restored.status == "draft"
    _same_everywhere(store, case_id, record.items())
    restored.values["title"] = "edited after the restore"
    store.save(restored, user="ann")
    _same_everywhere(store, case_id, restored.items())


def test_a_save_that_fails_half_way_leaves_nothing(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = store.save(CaseRecord(values={"case_number": "V-4", "title": "before",
                                           "discussion": OVER}), user="ann")  # fmt: skip
    case_id = record.case_id or 0
    before = store.audit_trail(case_id)
    edited = record.copy()
    edited.values["title"], edited.values["discussion"] = "after", OVER + " changed"

    def fail(*_args: object) -> None:  # after the event and the index rows are written
        raise OSError("disk full")

    monkeypatch.setattr(save_path.search_index, "write_search", fail)
    with pytest.raises(OSError):
        store.save(edited, user="ann")
    monkeypatch.undo()
    assert store.audit_trail(case_id) == before
    _same_everywhere(store, case_id, record.items())
    assert store.find_cases(CaseFilter(conditions=(Condition("", "title", "=", "after"),))) == []
    saved = store.save(edited, user="ann")  # the same edit goes in on the next try
    _same_everywhere(store, case_id, saved.items())


def test_a_stale_save_from_a_second_workstation_is_a_conflict(store: CaseStore, spec: Spec) -> None:
    record = store.save(CaseRecord(values={"case_number": "V-5", "title": "first",
                                           "discussion": OVER}), user="ann")  # fmt: skip
    case_id = record.case_id or 0
    other = CaseStore.open(store.engine.url.render_as_string(hide_password=False), spec)
    try:
        mine, theirs = store.load(case_id), other.load(case_id)
        mine.values["discussion"] = OVER + " by ann"
        store.save(mine, user="ann")
        theirs.values["discussion"] = OVER + " by bob"
        with pytest.raises(ConflictError):
            other.save(theirs, user="bob")
        assert other.load(case_id).values["discussion"] == OVER + " by ann"
    finally:
        other.close()
    _same_everywhere(store, case_id, mine.items())
