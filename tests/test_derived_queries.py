"""Derived values (the FNCLCC grade, stiffness in m/s) are kept beside the entered ones at
every save, so cohort queries find them in SQL on SQLite and PostgreSQL; they are not
audited, and a database made before they were kept gets them computed on opening."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store import tables as t
from desktop_app.store.queries import CaseFilter, Condition
from tests.conftest import downgrade

HIGH = {"differentiation_score": "3", "mitotic_count": "25", "necrosis_percent": "60"}
LOW = {"differentiation_score": "1", "mitotic_count": "2", "necrosis_percent": "0"}


def _numbers(store: CaseStore, *conditions: Condition) -> list[str]:
    return [c.case_number for c in store.find_cases(CaseFilter(conditions=conditions))]


def test_cohort_finds_a_derived_grade_and_follows_a_changed_score(store: CaseStore) -> None:
    high = store.save(CaseRecord(values={"case_number": "G-HIGH", **HIGH}))
    store.save(CaseRecord(values={"case_number": "G-LOW", **LOW}))
    # Entered by hand where the scores are unknown: found the same way.
    store.save(CaseRecord(values={"case_number": "G-HAND", "fnclcc_grade": "3"}))
    grade3 = Condition("", "fnclcc_grade", "=", "3")
    assert _numbers(store, grade3) == ["G-HAND", "G-HIGH"]
    assert _numbers(store, Condition("", "necrosis_score", "filled")) == ["G-HIGH", "G-LOW"]
    assert _numbers(store, Condition("", "fnclcc_grade", "empty")) == []

    high.values.update(mitotic_count="3", necrosis_percent="0")  # 3 + 1 + 0 = 4: grade 2
    store.save(high)
    assert _numbers(store, grade3) == ["G-HAND"]
    assert _numbers(store, Condition("", "fnclcc_grade", "=", "2")) == ["G-HIGH"]
    # What the registrar entered is what is loaded and audited; the grade is not.
    assert "fnclcc_grade" not in store.load(high.case_id or 0).values
    assert high.case_id is not None
    audited = {e["field_id"] for e in store.audit_trail(high.case_id)}
    assert "mitotic_count" in audited and "fnclcc_grade" not in audited


def test_derived_numbers_inside_an_entry_compare_as_numbers(store: CaseStore) -> None:
    record = CaseRecord(values={"case_number": "SWE-1"})
    record.add_entry("imaging_study", {"swe_emax_kpa": "120"})  # 6.3 m/s
    store.save(record)
    other = CaseRecord(values={"case_number": "SWE-2"})
    other.add_entry("imaging_study", {"swe_emax_kpa": "30"})  # 3.2 m/s
    store.save(other)
    faster = Condition("imaging_study", "swe_vmax_ms", ">", "5")
    assert _numbers(store, faster) == ["SWE-1"]


def test_a_database_from_before_derived_values_gets_them_on_opening(
    db_path: Path, spec: Spec
) -> None:
    store = CaseStore.open(db_path, spec)
    store.save(CaseRecord(values={"case_number": "OLD-1", **HIGH}))
    downgrade(store, "0003")  # back to the schema of the previous release

    reopened = CaseStore.open(db_path, spec)
    with reopened.engine.connect() as connection:
        rows = connection.execute(
            select(t.item_fields.c.field_id, t.derived_items.c.value_text).join_from(
                t.derived_items, t.item_fields, t.derived_items.c.field_code == t.item_fields.c.code
            )
        ).all()
    assert ("fnclcc_grade", "3") in rows
    assert _numbers(reopened, Condition("", "fnclcc_grade", "=", "3")) == ["OLD-1"]
    reopened.close()
