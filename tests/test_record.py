"""CaseRecord: reading a record never changes it (issue 16, fix 5)."""

from __future__ import annotations

from desktop_app.record import CaseRecord


def test_reading_the_entries_of_a_group_leaves_the_record_as_it_was() -> None:
    record = CaseRecord(values={"title": "Glomus tumour"})
    before = record.copy()
    assert record.entries("imaging_study") == []
    assert record.entries("lesion") == []
    assert record.groups == {}  # no empty groups were added by reading
    assert record == before and record.to_json() == before.to_json()


def test_entries_added_are_read_back_in_order_from_the_same_list() -> None:
    record = CaseRecord()
    first = record.add_entry("lesion", {"label": "L1"})
    second = record.add_entry("lesion", {"label": "L2"})
    assert [e.entry_id for e in record.entries("lesion")] == [first.entry_id, second.entry_id]
    record.move_entry("lesion", second.entry_id, -1)
    assert [e.values["label"] for e in record.entries("lesion")] == ["L2", "L1"]
    record.remove_entry("lesion", first.entry_id)
    assert [e.values["label"] for e in record.entries("lesion")] == ["L2"]
