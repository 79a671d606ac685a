"""The compact store of issue 13 in use (its migration from 0006 is
tests/test_compact_store.py): the audit writes one event per save, holding that save's
changes; one index answers the cohort and BI-RADS filter conditions."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore
from desktop_app.store import tables as t
from desktop_app.store.queries import CaseFilter, Condition, count_query


def test_a_save_is_one_audit_event_with_its_changes(store: CaseStore) -> None:
    record = store.save(CaseRecord(values={"case_number": "E-1", "title": "one"}), user="ann")
    record.values["title"] = "two"
    record.values["age_at_presentation"] = "61"
    store.save(record, user="bob", reason="checked")
    with store.engine.connect() as c:
        rows = c.execute(
            text("SELECT row_version, user_name, reason FROM audit_events ORDER BY id")
        ).all()
    assert [tuple(r) for r in rows] == [(1, "ann", ""), (2, "bob", "checked")]
    second = [e for e in store.audit_trail(record.case_id or 0) if e["row_version"] == 2]
    assert {(e["action"], e["field_id"], e["old_value"], e["new_value"]) for e in second} == {
        ("value_changed", "title", "one", "two"),
        ("value_added", "age_at_presentation", None, "61"),
    }


@pytest.mark.parametrize(
    "chosen",
    [
        CaseFilter(
            conditions=(
                Condition("imaging_study", "modality", "=", "MRI"),
                Condition("", "age_at_presentation", ">=", "40"),
            )
        ),
        CaseFilter(birads=("4B", "5")),
    ],
)
def test_one_index_answers_cohort_and_birads_conditions(
    sqlite_store: CaseStore, chosen: CaseFilter
) -> None:
    query = count_query(sqlite_store.spec, chosen)
    sql = str(query.compile(sqlite_store.engine, compile_kwargs={"literal_binds": True}))
    with sqlite_store.engine.connect() as connection:
        plan = [row[3] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql))]
    lookups = [step for step in plan if t.case_items.name in step]
    assert lookups, plan
    # the cohort index is the table itself (0010): each lookup by its key, from the field on
    assert all("SEARCH case_items USING PRIMARY KEY (field_code=?" in step for step in lookups), (
        plan
    )
    assert any("field_code=? AND value_text" in step for step in lookups), plan
    with sqlite_store.engine.connect() as connection:
        indexes = (
            connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'case_items'"
                )
            )
            .scalars()
            .all()
        )
    # the primary key is the table itself (0010); beside it only the small index of the
    # case's own numbers (0011)
    assert sorted(indexes) == ["ix_case_items_case_numbers"]
