"""Two stores on one database file; the conflict's changes; re-applying one's own; drafts."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from desktop_app.drafts import DraftStore, draft_key
from desktop_app.merge import compare, reapply
from desktop_app.record import CaseRecord, GroupEntry
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


def _case(values: dict[str, str], studies: dict[int, dict[str, str]], next_id: int) -> CaseRecord:
    record = CaseRecord(case_id=1, values=dict(values), next_entry_id=next_id)
    for entry_id, study in studies.items():
        record.entry_list("imaging_study").append(GroupEntry(entry_id, dict(study)))
    return record


def test_every_kind_of_change_is_compared_and_reapplied_exactly() -> None:
    """Both sides changed the title differently (a clash); I removed a field of the case, a
    field of an entry and a whole entry, added a field, an empty entry and an entry under
    the id they used for theirs; they changed the site and added an entry."""
    base = _case({"title": "base", "sex": "female", "site": "breast"},
                 {1: {"modality": "US", "size_mm": "64"}, 2: {"modality": "MG"}}, 3)  # fmt: skip
    theirs = _case({"title": "their title", "sex": "female", "site": "scalp"},
                   {1: {"modality": "US", "size_mm": "64"}, 2: {"modality": "MG"},
                    3: {"modality": "CT"}}, 4)  # fmt: skip
    mine = _case({"title": "my title", "site": "breast"},
                 {1: {"modality": "US", "birads": "4A"}, 3: {"modality": "MRI"}, 4: {}},
                 5)  # fmt: skip
    mine_before = mine.copy()
    changes = compare(base, theirs, mine)
    study = "imaging_study"
    assert [(c.key, c.base, c.theirs, c.mine, c.clash) for c in changes] == [
        (("", 0, "sex"), "female", "female", None, False),
        (("", 0, "site"), "breast", "scalp", "breast", False),
        (("", 0, "title"), "base", "their title", "my title", True),
        ((study, 1, "birads"), None, None, "4A", False),
        ((study, 1, "size_mm"), "64", "64", None, False),
        ((study, 2, ""), "entry", "entry", None, False),
        ((study, 2, "modality"), "MG", "MG", None, False),
        ((study, 3, ""), None, "entry", None, False),
        ((study, 3, "modality"), None, "CT", None, False),
        ((study, 4, ""), None, None, "entry", False),  # my empty entry is a change too
        ((study, 5, ""), None, None, "entry", False),  # mine, renumbered past theirs
        ((study, 5, "modality"), None, None, "MRI", False),
    ]
    assert mine.to_json() == mine_before.to_json()  # comparing changes neither side
    merged = reapply(theirs, mine, [c for c in changes if c.i_changed])
    assert merged.values == {"title": "my title", "site": "scalp"}
    assert [(e.entry_id, e.values) for e in merged.entries(study)] == [
        (1, {"modality": "US", "birads": "4A"}),
        (3, {"modality": "CT"}),
        (4, {}),
        (5, {"modality": "MRI"}),
    ]
    assert merged.next_entry_id == 6  # past every id either side handed out
    assert theirs.entries(study)[1].values == {"modality": "MG"}  # theirs is not changed


@pytest.mark.parametrize(("their_next", "my_next", "expected"), [(4, 9, 9), (12, 3, 12)])
def test_a_merge_never_hands_out_an_entry_id_again(
    their_next: int, my_next: int, expected: int
) -> None:
    base = _case({"title": "base"}, {1: {"modality": "US"}}, 2)
    theirs = _case({"title": "base", "sex": "male"}, {1: {"modality": "US"}}, their_next)
    mine = _case({"title": "mine"}, {1: {"modality": "US"}}, my_next)
    changes = compare(base, theirs, mine)
    assert [(c.key, c.clash) for c in changes] == [
        (("", 0, "sex"), False),
        (("", 0, "title"), False),
    ]
    merged = reapply(theirs, mine, [c for c in changes if c.i_changed])
    assert merged.values == {"title": "mine", "sex": "male"}
    assert merged.next_entry_id == expected


def test_a_value_both_changed_alike_is_no_clash_and_differently_is_one() -> None:
    base = _case({"title": "base", "sex": "female"}, {}, 1)
    theirs = _case({"title": "same", "sex": "male"}, {}, 1)
    mine = _case({"title": "same", "sex": "unknown"}, {}, 1)
    by_key = {c.key: c for c in compare(base, theirs, mine)}
    assert (by_key[("", 0, "title")].clash, by_key[("", 0, "sex")].clash) == (False, True)


def test_two_entries_i_added_under_ids_they_used_get_two_fresh_ids() -> None:
    base = _case({}, {1: {"modality": "US"}}, 2)
    theirs = _case({}, {1: {"modality": "US"}, 2: {"modality": "CT"}, 3: {"modality": "MG"}}, 4)
    mine = _case({}, {1: {"modality": "US"}, 2: {"modality": "MRI"}, 3: {"modality": "PET"}}, 4)
    changes = [c for c in compare(base, theirs, mine) if c.i_changed]
    assert [(c.key, c.mine) for c in changes] == [
        (("imaging_study", 4, ""), "entry"),
        (("imaging_study", 4, "modality"), "MRI"),
        (("imaging_study", 5, ""), "entry"),
        (("imaging_study", 5, "modality"), "PET"),
    ]
    merged = reapply(theirs, mine, changes)
    assert [(e.entry_id, e.values["modality"]) for e in merged.entries("imaging_study")] == [
        (1, "US"), (2, "CT"), (3, "MG"), (4, "MRI"), (5, "PET"),
    ]  # fmt: skip
    assert merged.next_entry_id == 6


def test_a_value_both_removed_is_removed_once() -> None:
    base = _case({"title": "t", "sex": "female"}, {1: {"modality": "US", "size_mm": "6"}}, 2)
    theirs = _case({"title": "t"}, {1: {"modality": "US"}}, 2)
    mine = _case({"title": "t"}, {1: {"modality": "US"}}, 2)
    changes = compare(base, theirs, mine)
    assert [(c.key, c.clash) for c in changes] == [
        (("", 0, "sex"), False),
        (("imaging_study", 1, "size_mm"), False),
    ]
    merged = reapply(theirs, mine, [c for c in changes if c.i_changed])
    assert merged.values == {"title": "t"}
    assert merged.entries("imaging_study")[0].values == {"modality": "US"}


def test_a_case_without_entries_keeps_its_next_entry_id() -> None:
    base, theirs, mine = (
        _case({}, {}, 1),
        _case({"sex": "male"}, {}, 1),
        _case({"title": "m"}, {}, 1),
    )
    merged = reapply(theirs, mine, [c for c in compare(base, theirs, mine) if c.i_changed])
    assert (merged.values, merged.next_entry_id) == ({"sex": "male", "title": "m"}, 1)
