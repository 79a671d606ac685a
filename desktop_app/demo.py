"""The demo database: the five reference cases, abstracted by hand, from resources/demo/."""

from __future__ import annotations

from desktop_app.paths import resource_path
from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore


def demo_records() -> list[CaseRecord]:
    files = sorted(resource_path("demo").glob("case_*.json"))
    return [CaseRecord.from_json(f.read_text(encoding="utf-8")) for f in files]


def write_demo(store: CaseStore) -> int:
    """Add every demo case not already in `store` (by case number); returns how many."""
    number_field = store.spec.summary_field("case_number")
    added = 0
    for record in demo_records():
        number = record.values.get(number_field.id, "") if number_field else ""
        if number and store.find(number) is not None:
            continue
        store.save(record, user="demo")
        added += 1
    return added
