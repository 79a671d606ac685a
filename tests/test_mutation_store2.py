"""What a save writes, value by value and entry by entry (issue 16: the mutants of
store/case_store.py's `_write_items` and `_write_entries`), seen only through the store's
public API (save, load, versions, audit_trail, cohort searches), so that the tests hold
whatever tables the store keeps. Field ids are those of the shipped forms (forms/*.toml);
every expected value is written out here."""

from __future__ import annotations

import pytest

from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore
from desktop_app.store.errors import ReasonRequired
from desktop_app.store.queries import CaseFilter, Condition

STUDY, SPECIMEN = "imaging_study", "specimen"


def _history(store: CaseStore, case_id: int | None, since: int = 1) -> list[tuple[object, ...]]:
    """The audit trail from row version `since` on: version, action, where, old, new."""
    return [
        (e["row_version"], e["action"], e["group_id"], e["entry_id"], e["field_id"],
         e["old_value"], e["new_value"])
        for e in store.audit_trail(case_id or 0)
        if e["row_version"] >= since
    ]  # fmt: skip


def _cohort(store: CaseStore, *conditions: Condition) -> list[str]:
    return [c.case_number for c in store.find_cases(CaseFilter(conditions=conditions))]


def _studies(store: CaseStore, case_id: int | None) -> list[dict[str, str]]:
    return [dict(e.values) for e in store.load(case_id or 0).entries(STUDY)]


def test_a_value_changed_or_removed_in_one_case_stays_in_every_other_case(
    sqlite_store: CaseStore,
) -> None:
    """Two cases hold the same fields, in the case and in an entry of the same id: changing
    and removing one case's values leaves the other case as it was saved."""
    cases = []
    for number in ("P-1", "P-2"):
        record = CaseRecord(values={"case_number": number, "title": "Glomus tumour",
                                    "age_at_presentation": "57"})  # fmt: skip
        record.add_entry(STUDY, {"modality": "US", "size_mm": "12"})
        cases.append(sqlite_store.save(record))
    first, second = cases
    first.values["title"] = "Malignant glomus tumour"
    del first.values["age_at_presentation"]
    [entry] = first.entries(STUDY)
    entry.values["size_mm"] = "14"
    del entry.values["modality"]
    sqlite_store.save(first)
    assert sqlite_store.load(second.case_id or 0).values == {
        "case_number": "P-2", "title": "Glomus tumour", "age_at_presentation": "57"
    }  # fmt: skip
    assert _studies(sqlite_store, second.case_id) == [{"modality": "US", "size_mm": "12"}]
    assert sqlite_store.load(first.case_id or 0).values == {
        "case_number": "P-1", "title": "Malignant glomus tumour"
    }  # fmt: skip
    assert _studies(sqlite_store, first.case_id) == [{"size_mm": "14"}]
    assert _history(sqlite_store, second.case_id, since=2) == []


def test_a_value_changed_or_removed_in_one_entry_stays_in_the_others(
    sqlite_store: CaseStore,
) -> None:
    """Three imaging studies with the same fields: the second's size changes, the third's
    modality goes; the first keeps both, and each keeps its own."""
    record = CaseRecord(values={"case_number": "E-1"})
    for modality, size in (("US", "12"), ("MG", "15"), ("MRI", "18")):
        record.add_entry(STUDY, {"modality": modality, "size_mm": size})
    record = sqlite_store.save(record)
    _first, second, third = record.entries(STUDY)
    second.values["size_mm"] = "16"
    del third.values["modality"]
    sqlite_store.save(record)
    assert _studies(sqlite_store, record.case_id) == [
        {"modality": "US", "size_mm": "12"},
        {"modality": "MG", "size_mm": "16"},
        {"size_mm": "18"},
    ]
    assert _history(sqlite_store, record.case_id, since=2) == [
        (2, "value_removed", STUDY, 3, "modality", "MRI", None),  # removals come first
        (2, "value_changed", STUDY, 2, "size_mm", "15", "16"),
    ]


def test_a_value_changed_in_one_field_leaves_the_case_s_other_fields(
    sqlite_store: CaseStore,
) -> None:
    record = sqlite_store.save(CaseRecord(values={
        "case_number": "F-1", "title": "Scalp leiomyosarcoma", "age_at_presentation": "71",
        "sex": "M"}))  # fmt: skip
    record.values["title"] = "Scalp leiomyosarcoma, recurrent"
    sqlite_store.save(record)
    assert sqlite_store.load(record.case_id or 0).values == {
        "case_number": "F-1", "title": "Scalp leiomyosarcoma, recurrent",
        "age_at_presentation": "71", "sex": "M",
    }  # fmt: skip


def test_every_change_of_a_save_is_stored_and_audited_whatever_its_place_in_the_case(
    sqlite_store: CaseStore,
) -> None:
    """A save that changes values before and after unchanged ones (in the order the history
    lists them: removals first, then the case's own fields, then each group's entries, by
    group, entry and field) keeps every change, and the history says each one with the
    value before and after."""
    record = CaseRecord(values={"case_number": "A-1", "title": "Osteosarcoma",
                                "age_at_presentation": "34", "sex": "F"})  # fmt: skip
    record.add_entry(STUDY, {"modality": "US", "size_mm": "20"})
    specimen = record.add_entry(SPECIMEN, {"specimen_type": "core_biopsy"})
    record = sqlite_store.save(record)
    record.values["age_at_presentation"] = "35"  # a field before the unchanged case number
    record.values["title"] = "Osteosarcoma metastatic to the breast"  # after it
    [study] = record.entries(STUDY)
    study.values["size_mm"] = "22"  # after the unchanged modality
    del study.values["modality"]
    specimen.values["specimen_type"] = "excision"
    record = sqlite_store.save(record)
    loaded = sqlite_store.load(record.case_id or 0)
    assert loaded.values == {"case_number": "A-1", "sex": "F", "age_at_presentation": "35",
                             "title": "Osteosarcoma metastatic to the breast"}  # fmt: skip
    assert _studies(sqlite_store, record.case_id) == [{"size_mm": "22"}]
    assert [dict(e.values) for e in loaded.entries(SPECIMEN)] == [{"specimen_type": "excision"}]
    assert _history(sqlite_store, record.case_id, since=2) == [
        (2, "value_removed", STUDY, 1, "modality", "US", None),
        (2, "value_changed", "", 0, "age_at_presentation", "34", "35"),
        (2, "value_changed", "", 0, "title", "Osteosarcoma",
         "Osteosarcoma metastatic to the breast"),
        (2, "value_changed", STUDY, 1, "size_mm", "20", "22"),
        (2, "value_changed", SPECIMEN, 2, "specimen_type", "core_biopsy", "excision"),
    ]  # fmt: skip


def test_the_first_save_records_each_value_added_and_versions_rebuild_each_save(
    sqlite_store: CaseStore,
) -> None:
    record = CaseRecord(values={"case_number": "V-1", "title": "Leiomyosarcomatosis"})
    record.add_entry(STUDY, {"modality": "MG"})
    record = sqlite_store.save(record)
    assert [e for e in _history(sqlite_store, record.case_id) if "value" in str(e[1])] == [
        (1, "value_added", "", 0, "case_number", None, "V-1"),
        (1, "value_added", "", 0, "title", None, "Leiomyosarcomatosis"),
        (1, "value_added", STUDY, 1, "modality", None, "MG"),
    ]
    [study] = record.entries(STUDY)
    study.values["modality"] = "US"
    study.values["size_mm"] = "9"
    del record.values["title"]
    record = sqlite_store.save(record)
    versions = sqlite_store.versions(record.case_id or 0)
    assert versions[1].values == {"case_number": "V-1", "title": "Leiomyosarcomatosis"}
    assert [dict(e.values) for e in versions[1].entries(STUDY)] == [{"modality": "MG"}]
    assert versions[2].values == {"case_number": "V-1"}
    assert [dict(e.values) for e in versions[2].entries(STUDY)] == [
        {"modality": "US", "size_mm": "9"}
    ]


@pytest.mark.parametrize("change", ["remove a value", "remove the last entry", "add an entry"])
def test_any_change_to_a_complete_case_needs_a_reason(sqlite_store: CaseStore, change: str) -> None:
    record = CaseRecord(values={"case_number": "C-1", "title": "Glomus tumour"},
                        status="complete")  # fmt: skip
    entry = record.add_entry(STUDY, {"modality": "US"})
    record = sqlite_store.save(record)
    if change == "remove a value":
        del record.values["title"]
    elif change == "remove the last entry":
        record.remove_entry(STUDY, entry.entry_id)
    else:
        record.add_entry(SPECIMEN)
    with pytest.raises(ReasonRequired):
        sqlite_store.save(record)
    assert sqlite_store.load(record.case_id or 0).values["title"] == "Glomus tumour"
    sqlite_store.save(record, reason="amended report")


def test_the_history_records_entries_of_groups_emptied_and_groups_begun(
    sqlite_store: CaseStore,
) -> None:
    """Removing every entry of one group and adding the first of another, in one save."""
    record = CaseRecord(values={"case_number": "G-1"})
    study = record.add_entry(STUDY, {"modality": "US"})
    record = sqlite_store.save(record)
    record.remove_entry(STUDY, study.entry_id)
    specimen = record.add_entry(SPECIMEN, {"specimen_type": "excision"})
    record = sqlite_store.save(record)
    assert _history(sqlite_store, record.case_id, since=2) == [
        (2, "entry_removed", STUDY, study.entry_id, "", None, None),  # groups by their id
        (2, "order_changed", STUDY, 0, "", str(study.entry_id), ""),
        (2, "entry_added", SPECIMEN, specimen.entry_id, "", None, None),
        (2, "order_changed", SPECIMEN, 0, "", "", str(specimen.entry_id)),
        (2, "value_removed", STUDY, study.entry_id, "modality", "US", None),
        (2, "value_added", SPECIMEN, specimen.entry_id, "specimen_type", None, "excision"),
    ]
    loaded = sqlite_store.load(record.case_id or 0)
    assert (loaded.entries(STUDY), [e.entry_id for e in loaded.entries(SPECIMEN)]) == (
        [], [specimen.entry_id]
    )  # fmt: skip


def test_a_number_is_found_by_a_cohort_search_when_added_and_when_changed(
    sqlite_store: CaseStore,
) -> None:
    """Cohort conditions compare numbers as numbers ("9" < "12" although "9" > "12" as
    text), in the case's own fields and in an entry's."""
    record = CaseRecord(values={"case_number": "N-1", "age_at_presentation": "9"})
    study = record.add_entry(STUDY, {"size_mm": "9"})
    record = sqlite_store.save(record)
    sqlite_store.save(CaseRecord(values={"case_number": "N-2", "age_at_presentation": "40"}))
    young = Condition("", "age_at_presentation", "<", "12")
    small = Condition(STUDY, "size_mm", "<", "12")
    assert (_cohort(sqlite_store, young), _cohort(sqlite_store, small)) == (["N-1"], ["N-1"])
    record.values["age_at_presentation"] = "80"
    study.values["size_mm"] = "100"
    sqlite_store.save(record)
    old = Condition("", "age_at_presentation", ">", "75")
    large = Condition(STUDY, "size_mm", ">", "75")
    assert (_cohort(sqlite_store, young), _cohort(sqlite_store, small)) == ([], [])
    assert (_cohort(sqlite_store, old), _cohort(sqlite_store, large)) == (["N-1"], ["N-1"])
