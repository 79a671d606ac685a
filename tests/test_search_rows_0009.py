"""The search rows made without repeated texts (issue 13: bytes per case) on a database
written by the release of today's schema, 0009 (tests/data/store_0009.sqlite, made at that
release by tests/data/make_store_0009.py): opening it makes the case list's search rows again
(their revision changed; no migration, no table changed), and every case, every replayed
version, every audit trail, the cohorts, the search words (with their counts, capped counts
and the places where each case matched) read what that release read
(tests/data/store_0009_expected.json); the rows stay right through later saves (FTS5's own
integrity check), and across a trip down to 0008 and up again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.backup import list_backups
from desktop_app.store.migrate import head_revision
from desktop_app.store.queries import CaseFilter
from desktop_app.store.search_text import distinct_texts
from tests.conftest import downgrade
from tests.store_release import copy_release, expected, raw, read_cases_and_cohorts

EXPECTED = expected("0009")
CHECK = "INSERT INTO case_search(case_search) VALUES ('integrity-check')"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    return copy_release("0009", tmp_path)


def _what_it_reads(store: CaseStore) -> dict[str, Any]:
    out = read_cases_and_cohorts(store, EXPECTED)
    out["search"], out["places"] = {}, {}
    for key in EXPECTED["search"]:
        word, listed = key.split("|")
        chosen = CaseFilter(text=word, removed=listed == "removed")
        found = sorted(s.case_id for s in store.find_cases(chosen, limit=100))
        out["search"][key] = [found, store.count_cases(chosen), store.count_cases(chosen, 3)]
        out["places"][key] = {str(i): store.match_places(i, chosen) for i in found}
    return out


def test_a_0009_database_keeps_every_case_replay_cohort_and_search(
    old_file: Path, spec: Spec
) -> None:
    tables = ("audit_events", "derived_items", "group_entries", "cases")  # case_items: 0010
    kept = {name: raw(old_file, f"SELECT * FROM {name} ORDER BY 1, 2") for name in tables}
    text_before = raw(old_file, "SELECT rowid, open_text FROM case_search ORDER BY rowid")
    store = CaseStore.open(old_file, spec)
    try:
        assert raw(old_file, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
        assert _what_it_reads(store) == EXPECTED
        for name, rows in kept.items():  # the search rows made again (and 0010's index)
            assert raw(old_file, f"SELECT * FROM {name} ORDER BY 1, 2") == rows, name
        assert len(list_backups(old_file)) == 1  # 0010 ran (tests/test_migration_0010.py)
        raw(old_file, CHECK)  # raises when the index and its text disagree
        text_after = raw(old_file, "SELECT rowid, open_text FROM case_search ORDER BY rowid")
        assert [i for i, _t in text_after] == [i for i, _t in text_before]
        numbers = dict(raw(old_file, "SELECT id, case_number FROM cases"))
        for (i, before), (_j, after) in zip(text_before, text_after, strict=True):
            lines = after.split("\n")
            assert set(lines) <= set(before.split("\n"))  # nothing made up
            folded = after.lower()
            # nothing lost but the case number, searched in its own column since revision 4
            kept = [line for line in before.split("\n") if line != numbers[i]]
            assert len(kept) == len(before.split("\n")) - 1
            assert all(line.lower() in folded for line in kept)
            assert numbers[i] not in lines
            assert len(after) < 0.9 * len(before)
    finally:
        store.close()


def test_a_code_inside_its_label_and_a_repeated_text_are_kept_once() -> None:
    texts = ["left", "Left", "PR", "Partial response", "Clinical", "clinical", "Ä", "ä", "x"]
    assert distinct_texts(texts) == ["left", "PR", "Partial response", "Clinical", "Ä", "ä", "x"]
    assert distinct_texts(["BX0001", "", "mass", "a mass", "Mass"]) == ["BX0001", "a mass"]


def test_the_index_follows_saves_of_long_texts(old_file: Path, spec: Spec) -> None:
    store = CaseStore.open(old_file, spec)
    try:
        record = store.load(3)
        group, entry = next((g, e) for g, e, f in record.items() if record.items()[(g, e, f)]
                            == "a zebrafinch nested beside the mass, 2 cm")  # fmt: skip
        field = next(f for g, e, f in record.items() if (g, e) == (group, entry))
        record.entry(group, entry).values[field] = "a quokka nested beside the mass, 3 cm"
        store.save(record, user="later", reason="a late correction")
        assert [s.case_id for s in store.find_cases(CaseFilter(text="quokka"))] == [3]
        assert store.find_cases(CaseFilter(text="zebrafinch")) == []  # the old text's entries
        raw(old_file, CHECK)
        record.remove_entry(group, entry)
        store.save(record, user="later", reason="entered in error")
        assert store.find_cases(CaseFilter(text="quokka")) == []
        new = store.save(CaseRecord(values={"case_number": "N-1", "psychosocial": "x" * 40}))
        assert [s.case_id for s in store.find_cases(CaseFilter(text="xxxxxxxxxxxxxxxxxxxx"))] == [
            new.case_id
        ]
        raw(old_file, CHECK)
    finally:
        store.close()


def test_the_way_back_and_forth_keeps_it_all(old_file: Path, spec: Spec) -> None:
    store = CaseStore.open(old_file, spec)
    downgrade(store, "0008")
    again = CaseStore.open(old_file, spec)
    try:
        assert _what_it_reads(again) == EXPECTED
        raw(old_file, CHECK)
    finally:
        again.close()
