"""Two stores on one database file; the conflict's changes; re-applying one's own; drafts."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from desktop_app.drafts import DraftStore, draft_key
from desktop_app.merge import compare, reapply
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, ConflictError


def test_two_stores_one_file_conflict_then_reapply_field_by_field(
    database: str, spec: Spec
) -> None:
    first, second = CaseStore.open(database, spec), CaseStore.open(database, spec)
    base = first.save(CaseRecord(values={"case_number": "TWO-1", "title": "base", "sex": "female"}))
    study = base.add_entry("imaging_study", {"modality": "US"})
    first.save(base)
    base_copy = copy.deepcopy(base)

    mine = first.load(base.case_id or 0)
    theirs = second.load(base.case_id or 0)
    theirs.values["title"] = "their title"
    theirs.entry("imaging_study", study.entry_id).values["birads"] = "4B"
    theirs.add_entry("treatment", {"modality": "surgery"})
    second.save(theirs, user="other")

    mine.values["title"] = "my title"
    mine.values["age_at_presentation"] = "57"
    mine.entry("imaging_study", study.entry_id).values["size_mm"] = "64"
    mine.add_entry("treatment", {"modality": "chemotherapy"})  # same new id as theirs
    with pytest.raises(ConflictError):
        first.save(mine)

    stored = first.load(base.case_id or 0)
    changes = compare(base_copy, stored, mine)
    by_key = {c.key: c for c in changes}
    title = by_key[("", 0, "title")]
    assert (title.base, title.theirs, title.mine, title.clash) == (
        "base",
        "their title",
        "my title",
        True,
    )
    assert by_key[("imaging_study", study.entry_id, "birads")].they_changed
    assert not by_key[("", 0, "age_at_presentation")].clash

    keep_theirs_title = [c for c in changes if c.i_changed and c.key != ("", 0, "title")]
    merged = reapply(stored, mine, keep_theirs_title)
    first.save(merged, user="me")
    final = first.load(base.case_id or 0)
    assert final.values["title"] == "their title"
    assert final.values["age_at_presentation"] == "57"
    assert final.entry("imaging_study", study.entry_id).values == {
        "modality": "US",
        "birads": "4B",
        "size_mm": "64",
    }
    assert sorted(e.values["modality"] for e in final.entries("treatment")) == [
        "chemotherapy",
        "surgery",
    ]
    first.close()
    second.close()


def test_a_draft_survives_and_is_offered_back(tmp_path: Path) -> None:
    drafts = DraftStore.for_database(tmp_path, "sqlite:///x.sqlite")
    record = CaseRecord(case_id=7, row_version=3, values={"title": "unsaved µ"})
    record.add_entry("symptom", {"symptom": "pain"})
    key = draft_key(record)
    drafts.save(key, record)
    # A new process (after a crash) finds it.
    again = DraftStore.for_database(tmp_path, "sqlite:///x.sqlite")
    [draft] = again.pending()
    assert draft.key == "case-7" and draft.record.same_content(record)
    assert draft.record.row_version == 3 and draft.record.case_id == 7
    assert DraftStore.for_database(tmp_path, "sqlite:///other.sqlite").pending() == []
    again.discard(key)
    assert again.pending() == []


def test_a_copied_record_shares_nothing_with_its_original() -> None:
    original = CaseRecord(case_id=3, values={"title": "a"}, next_entry_id=2)
    original.add_entry("imaging_study", {"modality": "US"})
    twin = original.copy()
    twin.values["title"] = "b"
    twin.entries("imaging_study")[0].values["modality"] = "MRI"
    twin.add_entry("imaging_study", {"modality": "CT"})
    assert original.values == {"title": "a"} and original.next_entry_id == 3
    assert [e.values for e in original.entries("imaging_study")] == [{"modality": "US"}]
    assert twin.case_id == 3 and len(twin.entries("imaging_study")) == 2
