"""The case list's search as you type, on SQLite (a trigram full-text index kept at every
save) and PostgreSQL (LIKE over the values): the same answers on both."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text

from benchmarks.database import write_cases
from benchmarks.synth import CaseMaker
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, search_index, search_plan
from desktop_app.store import tables as t
from desktop_app.store.queries import CaseFilter, count_query, list_query
from desktop_app.store.search_index import case_search
from tests.conftest import downgrade
from tests.sqlite_steps import vm_steps

PAGE = 200


def _save(store: CaseStore, number: str, **values: str) -> CaseRecord:
    return store.save(CaseRecord(values={"case_number": number, **values}))


def found(store: CaseStore, words: str, identifiers: bool = False, removed: bool = False
          ) -> list[str]:  # fmt: skip
    chosen = CaseFilter(text=words, include_identifiers=identifiers, removed=removed)
    listed = [c.case_number for c in store.find_cases(chosen)]
    assert store.count_cases(chosen) == len(listed)  # the count under the list agrees
    return listed


def _three(store: CaseStore) -> None:
    _save(store, "SC-001", title="Scalp leiomyosarcoma", diagnosis="8890/3",
          keywords="smooth muscle; Desmin", patient_name="Jane Roe")  # fmt: skip
    _save(store, "GL-002", title="Malignant glomus tumour", primary_site="C50.4",
          diagnosis="8711/3", keywords="Ki-67 50% hot spot")  # fmt: skip
    _save(store, "OS-003", title="Osteosarcoma metastatic to the breast", diagnosis="9180/3",
          keywords="500 mitoses", background='said "hot" by the referring team')  # fmt: skip


def test_a_word_is_found_anywhere_in_the_searched_text(store: CaseStore) -> None:
    _three(store)
    assert found(store, "sarcoma") == ["OS-003", "SC-001"]  # within the title's words
    assert found(store, "LEIOMYO") == ["SC-001"]  # whatever the case
    assert found(store, "outer quadrant") == ["GL-002"]  # the site's label
    assert found(store, "glomus tumour, mal") == ["GL-002"]  # the diagnosis' label
    assert found(store, "8711") == ["GL-002"]  # the ICD-O-3 code
    assert found(store, "desmin") == ["SC-001"]  # a free-text field of the case
    assert found(store, "GL-00") == ["GL-002"]  # the case number
    assert found(store, "referring") == ["OS-003"]
    assert found(store, "carcinoma") == []


def test_every_word_must_match_and_is_taken_literally(store: CaseStore) -> None:
    _three(store)
    assert found(store, "sarcoma scalp") == ["SC-001"]
    assert found(store, "sarcoma glomus") == []
    assert found(store, "50%") == ["GL-002"]  # not "500": % is a character, not a wildcard
    assert found(store, '"hot"') == ["OS-003"]  # double quotes too
    assert found(store, "hot") == ["GL-002", "OS-003"]


def test_a_word_of_one_or_two_characters_is_found_anywhere_too(store: CaseStore) -> None:
    """Issue 13: words of any length (before, one or two characters looked only in the
    listed columns)."""
    _three(store)
    assert found(store, "-0") == ["GL-002", "OS-003", "SC-001"]
    assert found(store, "gl") == ["GL-002"]
    assert found(store, "ki") == ["GL-002"]  # only in the keywords ("Ki-67")
    assert found(store, "ki-") == ["GL-002"]
    assert found(store, "03 sarcoma") == ["OS-003"]
    assert found(store, "%") == ["GL-002"]  # taken literally, not as a wildcard


def test_identifiers_are_searched_only_when_shown(store: CaseStore) -> None:
    _three(store)
    assert found(store, "roe") == []
    assert found(store, "roe", identifiers=True) == ["SC-001"]
    assert found(store, "jane scalp", identifiers=True) == ["SC-001"]  # one word in each
    assert found(store, "jane glomus", identifiers=True) == []


def test_a_removed_case_is_found_only_among_the_removed(store: CaseStore) -> None:
    _three(store)
    case_id = store.find("OS-003")
    assert case_id is not None
    store.set_removed(case_id, True, "entered twice")
    assert store.load(case_id).status == "removed"
    assert found(store, "sarcoma") == ["SC-001"]
    assert found(store, "sarcoma", removed=True) == ["OS-003"]
    store.set_removed(case_id, False, "")
    assert found(store, "sarcoma") == ["OS-003", "SC-001"]


def test_a_saved_change_changes_what_is_found(store: CaseStore) -> None:
    _three(store)
    case_id = store.find("SC-001")
    assert case_id is not None
    record = store.load(case_id)
    record.values.update(keywords="caldesmon", title="Leiomyosarcoma of the scalp")
    del record.values["patient_name"]
    store.save(record)
    assert found(store, "desmin") == []
    assert found(store, "caldesmon") == ["SC-001"]
    assert found(store, "roe", identifiers=True) == []
    assert found(store, "sarcoma of the scalp") == ["SC-001"]


def test_on_sqlite_the_search_reads_the_index(sqlite_store: CaseStore) -> None:
    _three(sqlite_store)
    query = count_query(sqlite_store.spec, CaseFilter(text="sarcoma"))
    sql = str(query.compile(sqlite_store.engine, compile_kwargs={"literal_binds": True}))
    with sqlite_store.engine.connect() as connection:
        plan = [row[3] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql))]
    assert any("case_search" in step for step in plan), plan
    assert not any("case_items" in step for step in plan), plan


def test_a_database_from_before_the_index_gets_it_on_opening(db_path: Path, spec: Spec) -> None:
    store = CaseStore.open(db_path, spec)
    _three(store)
    downgrade(store, "0005")  # back to the schema of the previous release

    reopened = CaseStore.open(db_path, spec)
    with reopened.engine.connect() as connection:
        rows = connection.execute(select(func.count()).select_from(case_search)).scalar()
    assert rows == 3
    assert found(reopened, "sarcoma") == ["OS-003", "SC-001"]
    assert found(reopened, "roe", identifiers=True) == ["SC-001"]
    reopened.close()


def test_cases_written_in_bulk_for_the_benchmark_are_searchable(
    sqlite_store: CaseStore, spec: Spec
) -> None:
    assert write_cases(sqlite_store, CaseMaker(spec).cases(3)) == 3
    with sqlite_store.engine.connect() as connection:
        number, title = connection.execute(
            select(t.cases.c.case_number, t.cases.c.title).order_by(t.cases.c.id).limit(1)
        ).one()  # fmt: skip
    assert number in found(sqlite_store, number)
    assert number in found(sqlite_store, title.split()[-1])


def test_a_save_reads_only_its_own_case_to_index_it(sqlite_store: CaseStore) -> None:
    """The index rows are made from the case's values found by its id: never by reading the
    searched fields' values in every case (minutes at 100,000 cases). The values are read
    from the case's audit events (0010), found through their index on the case."""
    rows = search_index.values_query([1])
    sql = str(rows.compile(sqlite_store.engine, compile_kwargs={"literal_binds": True}))
    with sqlite_store.engine.connect() as connection:
        plan = [row[3] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql))]
    lookups = [step for step in plan if "audit_events" in step]
    assert lookups and all("ix_audit_events_case_id (case_id=?)" in step for step in lookups), plan


def _with_entries(store: CaseStore) -> None:
    one = CaseRecord(values={"case_number": "IHC-1", "title": "Solitary fibrous tumour"})
    one.add_entry("ihc_result", {"marker": "CD34", "result": "positive"})
    one.add_entry("imaging_study", {"modality": "MG", "birads": "4C",
                                    "findings": "Spiculated mass, outer quadrant"})  # fmt: skip
    store.save(one)
    other = CaseRecord(values={"case_number": "IHC-2", "title": "Leiomyoma"})
    other.add_entry("ihc_result", {"marker": "SMA", "result": "positive"})
    store.save(other)


def test_a_marker_inside_an_ihc_entry_is_found_and_the_list_says_where(store: CaseStore) -> None:
    _with_entries(store)
    assert found(store, "cd34") == ["IHC-1"]  # the code of a choice inside an entry
    assert found(store, "sma") == ["IHC-2"]
    assert found(store, "high suspicion") == ["IHC-1"]  # the label of the BI-RADS category
    assert found(store, "4c") == ["IHC-1"]
    assert found(store, "spiculated") == ["IHC-1"]  # a text field of an entry
    case_id = store.find("IHC-1")
    assert case_id is not None
    assert store.match_places(case_id, CaseFilter(text="CD34 spiculated")) == [
        "Immunohistochemistry, Marker: CD34",
        "Imaging studies, Findings",
    ]
    assert store.match_places(case_id, CaseFilter(text="fibrous")) == ["title"]


def test_the_count_stops_at_a_cap(store: CaseStore) -> None:
    for n in range(7):
        _save(store, f"CAP-{n}", title="Leiomyosarcoma of the thigh")
    chosen = CaseFilter(text="thigh")
    assert store.count_cases(chosen, cap=5) == 6  # "5+": counting stopped after the cap
    assert store.count_cases(chosen, cap=50) == 7
    assert store.count_cases(chosen) == 7


def _steps(store: CaseStore, chosen: CaseFilter) -> int:
    """How many virtual-machine steps SQLite takes for the list's first page (what it reads
    and compares), whatever the machine's speed."""
    with store.engine.connect() as connection:
        probe = store._probe(connection, chosen)
    assert probe  # a common word
    query = list_query(store.spec, chosen, probe=probe).limit(PAGE)
    steps, (rows,) = vm_steps(store, [query])
    assert len(rows) == PAGE
    return steps


def test_the_first_page_of_a_common_word_reads_a_bounded_number_of_cases(
    sqlite_store: CaseStore,
) -> None:
    """The first page of a word most cases hold is read in the list's order, each case
    tested through the index, stopping at the page's end: its plan sorts nothing, and it
    takes about as many steps with 3 times as many matching cases."""
    maker = CaseMaker(sqlite_store.spec)
    write_cases(sqlite_store, maker.cases(PAGE + 50))
    chosen = CaseFilter(text="the")  # in the text of every synthetic case
    assert sqlite_store.count_cases(chosen) == PAGE + 50
    before = _steps(sqlite_store, chosen)
    write_cases(sqlite_store, maker.cases(2 * (PAGE + 50), start=PAGE + 50))
    assert sqlite_store.count_cases(chosen, cap=500) == 501
    after = _steps(sqlite_store, chosen)
    assert after < before * 1.3, (before, after)
    query = list_query(sqlite_store.spec, chosen, probe=True).limit(PAGE)
    sql = str(query.compile(sqlite_store.engine, compile_kwargs={"literal_binds": True}))
    with sqlite_store.engine.connect() as connection:
        plan = [row[3] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql))]
        assert search_plan.common(connection, ["the"])
    assert not any("TEMP B-TREE" in step for step in plan), plan  # nothing sorted
    assert any("case_search VIRTUAL TABLE" in step for step in plan), plan


def test_on_postgresql_the_search_can_use_a_trigram_index(postgres: object, spec: Spec) -> None:
    """PostgreSQL gets pg_trgm indexes on the search table (the migration creates the
    extension when it may): ILIKE then reads the index, not every case's text."""
    from tests.postgres_server import PostgresServer

    assert isinstance(postgres, PostgresServer)
    store = CaseStore.open(postgres.new_database(), spec)
    try:
        _three(store)
        query = count_query(store.spec, CaseFilter(text="sarcoma"))
        sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
        with store.engine.begin() as connection:
            connection.execute(text("SET LOCAL enable_seqscan = off"))  # 3 rows: else a scan
            plan = "\n".join(row[0] for row in connection.execute(text("EXPLAIN " + sql)))
        assert "ix_case_search_open_text" in plan, plan
        assert found(store, "sarcoma") == ["OS-003", "SC-001"]
    finally:
        store.close()
