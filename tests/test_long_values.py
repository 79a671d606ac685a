"""Cohort conditions on long values (0010: `case_items` holds a long value as a key row,
its text in the audit): found exactly (the field's text, not the case's other texts), in the
same entry as the group's other conditions, a page and a capped count read a chunk of the
list at a time and stop at the page's end, and the unbounded paths agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, long_pages, long_values
from desktop_app.store.queries import CaseFilter, Condition

C = Condition
FINDINGS = [
    "A lobulated glomus tumour beneath the nail bed",  # 1
    "An ill-defined mass in the upper outer quadrant",  # 2
    "Glomus tumour again, smaller than before, 4 mm",  # 3
    "No mass; dense fibroglandular tissue throughout",  # 4
    "A GLOMUS-like vascular lesion at the fingertip",  # 5
    "Skin thickening only, no discrete lesion seen",  # 6
]


@pytest.fixture
def cases(db_path: Path, spec: Spec) -> CaseStore:
    store = CaseStore.open(db_path, spec)
    for n, text in enumerate(FINDINGS, start=1):
        record = CaseRecord(values={"case_number": f"L-{n}", "title": f"case {n}"})
        record.add_entry("imaging_study", {"modality": "MRI" if n % 2 else "US",
                                           "findings": text})  # fmt: skip
        store.save(record)
    # glomus in the title only: the search text holds the word, its findings do not
    other = CaseRecord(values={"case_number": "L-7", "title": "glomus, clinically"})
    other.add_entry("imaging_study", {"modality": "MRI", "findings": FINDINGS[5]})
    store.save(other)
    return store


def _numbers(store: CaseStore, *conditions: Condition, **page: int) -> list[str]:
    chosen = CaseFilter(conditions=conditions)
    return [s.case_number for s in store.find_cases(chosen, **page)]


def test_a_long_values_text_is_tested_exactly(cases: CaseStore) -> None:
    glomus = C("imaging_study", "findings", "contains", "glomus")
    assert _numbers(cases, glomus) == ["L-1", "L-3", "L-5"]
    assert _numbers(cases, glomus, limit=50) == ["L-1", "L-3", "L-5"]
    mri = C("imaging_study", "modality", "=", "MRI")
    assert _numbers(cases, glomus, mri, limit=50) == ["L-1", "L-3", "L-5"]
    us = C("imaging_study", "modality", "=", "US")
    assert _numbers(cases, glomus, us, limit=50) == []  # the same entry
    equal = C("imaging_study", "findings", "=", FINDINGS[1])
    assert _numbers(cases, equal, limit=50) == ["L-2"]
    different = C("imaging_study", "findings", "!=", FINDINGS[1])
    assert _numbers(cases, different, limit=50) == ["L-1", "L-3", "L-4", "L-5", "L-6", "L-7"]
    later = C("imaging_study", "findings", ">", "No")
    assert _numbers(cases, later, limit=50) == ["L-4", "L-6", "L-7"]
    assert cases.count_cases(CaseFilter(conditions=(glomus,))) == 3


def test_a_page_and_a_count_stop_at_their_end(
    cases: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(long_pages, "CHUNK", 2)
    read: list[int] = []
    real = long_values.current_coded

    def counted(events: list[tuple[int, bytes | str]]) -> dict[object, str]:
        read.append(1)
        return real(events)  # type: ignore[return-value]

    monkeypatch.setattr(long_values, "current_coded", counted)
    glomus = CaseFilter(conditions=(C("imaging_study", "findings", "contains", "glomus"),))
    assert [s.case_number for s in cases.find_cases(glomus, limit=1)] == ["L-1"]
    assert len(read) <= 2  # the first chunk's candidates, not the seven cases
    assert [s.case_number for s in cases.find_cases(glomus, offset=1, limit=1)] == ["L-3"]
    last = cases.find_cases(glomus, sort="case_number", descending=True, limit=2)
    assert [s.case_number for s in last] == ["L-5", "L-3"]
    read.clear()
    assert cases.count_cases(glomus, cap=1) == 2  # "1+"
    assert len(read) <= 4
    assert cases.count_cases(glomus, cap=10) == 3
    assert cases.position(glomus, 3) == 1  # L-3, second in the list
