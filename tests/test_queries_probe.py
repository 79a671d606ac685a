"""A cohort read in the list's order, each case tested by its own values (issue 13: the
cohort at a million cases), finds exactly the cases the gathered cohort finds, reads the
values by case and field, and is counted up to a cap like a search."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop_app.store import CaseStore
from desktop_app.store.long_values import long_matches
from desktop_app.store.queries import (
    CaseFilter,
    Condition,
    count_query,
    counted_to_a_cap,
    list_query,
)
from tests.test_queries import cohort  # noqa: F401 (the fixture: four cases)

LONG_TITLE = "A malignant glomus tumour of the left index finger, recurrent"

C = Condition
COHORTS = [
    (C("imaging_study", "modality", "=", "US"), C("", "age_at_presentation", ">=", "50")),
    (C("ihc_result", "marker", "=", "SMA"), C("ihc_result", "result", "=", "positive")),
    (C("ihc_result", "marker", "=", "SMA"), C("ihc_result", "result", "!=", "positive")),
    (C("imaging_study", "birads", "empty"), C("imaging_study", "techniques", "=", "ceus")),
    (C("imaging_study", "birads", "empty"),),
    (C("followup_visit", "status", "filled"),),
    (C("", "title", "contains", "index finger"),),
    (C("", "title", "=", LONG_TITLE),),
    (C("", "title", "!=", LONG_TITLE), C("", "diagnosis", "=", "8890/3")),
    (C("", "age_at_presentation", "<", "60"), C("", "age_at_presentation", ">", "44")),
]  # fmt: skip
EXPECTED = [
    ["A-1", "C-3"],
    ["A-1", "B-2"],
    ["C-3"],
    ["B-2", "C-3"],  # A-1's study with CEUS has a BI-RADS category: the same entry
    ["B-2", "C-3"],  # A-1's one study has one; D-4's too
    ["C-3"],
    ["E-5"],
    ["E-5"],
    ["B-2", "C-3"],
    ["A-1", "B-2"],
]  # fmt: skip


def _numbers(store: CaseStore, chosen: CaseFilter, probe_cohort: bool) -> list[str]:
    with store.engine.connect() as connection:
        found = long_matches(connection, store.spec, chosen.conditions)  # long values (0010)
        query = list_query(store.spec, chosen, probe_cohort=probe_cohort, found=found)
        return [row.case_number for row in connection.execute(query)]


@pytest.mark.parametrize(("conditions", "expected"), list(zip(COHORTS, EXPECTED, strict=True)))
def test_a_probed_cohort_finds_what_the_gathered_one_finds(
    cohort: CaseStore,  # noqa: F811
    conditions: tuple[Condition, ...],
    expected: list[str],
) -> None:
    from desktop_app.record import CaseRecord

    cohort.save(CaseRecord(values={"case_number": "E-5", "title": LONG_TITLE}))
    chosen = CaseFilter(conditions=conditions)
    assert _numbers(cohort, chosen, probe_cohort=False) == expected
    assert _numbers(cohort, chosen, probe_cohort=True) == expected
    assert [c.case_number for c in cohort.find_cases(chosen)] == expected
    with cohort.engine.connect() as connection:
        found = long_matches(connection, cohort.spec, chosen.conditions)
        for probed in (False, True):
            capped = count_query(cohort.spec, chosen, cap=1, probe_cohort=probed, found=found)
            assert connection.execute(capped).scalar() == min(len(expected), 2)


def test_a_probed_page_reads_each_case_by_its_key(sqlite_store: CaseStore) -> None:
    chosen = CaseFilter(conditions=COHORTS[0] + COHORTS[1])
    query = list_query(sqlite_store.spec, chosen, probe_cohort=True).limit(200)
    sql = str(query.compile(sqlite_store.engine, compile_kwargs={"literal_binds": True}))
    with sqlite_store.engine.connect() as connection:
        plan = [row[3] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql))]
    values = [step for step in plan if "case_items" in step]
    assert values, plan
    # a value equal to a text looked up by the cohort index's whole key (0010: field, text,
    # case, entry); a number of the case's own fields compared by case in the index of the
    # case's numbers (0011), never gathered for every case of the field
    keyed = [step for step in values if "(field_code=? AND value_text=? AND case_id=?" in step]
    assert len(keyed) == 3, plan  # modality, marker, result
    numbers = [step for step in values if "ix_case_items_case_numbers (case_id=? AND" in step]
    assert len(numbers) == 1, plan  # age at presentation >= 50
    assert sorted(keyed + numbers) == sorted(values), plan
    assert plan[0].startswith("SCAN cases USING INDEX"), plan  # in the list's order
    assert not any("LIST SUBQUERY" in step for step in plan), plan


def test_a_cohort_is_counted_up_to_a_cap_like_a_search() -> None:
    assert counted_to_a_cap(CaseFilter(conditions=COHORTS[0]))
    assert counted_to_a_cap(CaseFilter(text="sma"))
    assert not counted_to_a_cap(CaseFilter(statuses=("draft",)))
