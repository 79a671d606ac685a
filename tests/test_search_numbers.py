"""Case numbers searched in their own column (store/search_numbers.py), not through the
full-text index: found typed in any part and any case, the list says "case number", a word
may be in one case's number and another case's text, several words each in the number or
the text; and a prefix is read by a range of the number index."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text, true

from benchmarks.database import write_cases
from benchmarks.synth import CaseMaker
from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore, search_index, search_plan
from desktop_app.store.queries import CaseFilter, list_query
from desktop_app.store.search_index import case_search
from tests.sqlite_steps import vm_steps

PAGE = 200


def _save(store: CaseStore, number: str, **values: str) -> None:
    store.save(CaseRecord(values={"case_number": number, **values}))


def found(store: CaseStore, words: str, identifiers: bool = False) -> list[str]:
    chosen = CaseFilter(text=words, include_identifiers=identifiers)
    listed = [c.case_number for c in store.find_cases(chosen)]
    assert store.count_cases(chosen) == len(listed)  # the count under the list agrees
    assert store.count_cases(chosen, cap=1000) == len(listed)  # counted as it streams too
    return listed


def _cases(store: CaseStore) -> None:
    _save(store, "SC-2024-0117", title="Scalp leiomyosarcoma", keywords="Desmin")
    _save(store, "GL-2023-0042", title="Malignant glomus tumour", patient_name="Ann Lee")
    _save(store, "OS-2022-0008", title="Osteosarcoma", keywords="seen with SC-2024-0117")


def test_a_case_number_typed_in_parts_finds_the_case_and_the_list_says_case_number(
    store: CaseStore,
) -> None:
    _cases(store)
    for typed in ("GL-2", "gl-2023", "2023-00", "023-004", "0042", "L-2023-0042", "gl-2023-0042"):
        assert found(store, typed) == ["GL-2023-0042"], typed
        case_id = store.find("GL-2023-0042")
        assert case_id is not None
        assert store.match_places(case_id, CaseFilter(text=typed)) == ["case number"], typed
    assert found(store, "l") == ["GL-2023-0042", "SC-2024-0117"]  # a number; "Scalp"
    assert found(store, "gl") == ["GL-2023-0042"]
    assert found(store, "gl-2023-0043") == []


def test_the_case_number_is_no_longer_in_the_indexed_text(store: CaseStore) -> None:
    _cases(store)
    with store.engine.connect() as connection:
        texts = list(connection.execute(select(case_search.c.open_text)).scalars())
    assert len(texts) == 3
    assert all("GL-2023" not in row for row in texts)
    assert sum("SC-2024-0117" in row for row in texts) == 1  # the other case's keywords


def test_a_word_in_one_case_number_and_another_case_text_finds_both(store: CaseStore) -> None:
    _cases(store)
    assert found(store, "sc-2024") == ["OS-2022-0008", "SC-2024-0117"]
    os_case, sc_case = store.find("OS-2022-0008"), store.find("SC-2024-0117")
    assert os_case is not None and sc_case is not None
    assert store.match_places(sc_case, CaseFilter(text="sc-2024")) == ["case number"]
    assert store.match_places(os_case, CaseFilter(text="sc-2024")) == ["Keywords"]


def test_each_word_is_held_by_the_number_or_the_text(store: CaseStore) -> None:
    _cases(store)
    assert found(store, "0117 desmin") == ["SC-2024-0117"]  # number and text
    assert found(store, "sc-2024 osteo") == ["OS-2022-0008"]  # both in the text
    assert found(store, "2024 scalp") == ["SC-2024-0117"]
    assert found(store, "2024 0117") == ["OS-2022-0008", "SC-2024-0117"]
    assert found(store, "0042 desmin") == []  # one in a number, the other in another case
    assert found(store, "0042 sarcoma") == []
    assert found(store, "2023 lee") == []  # a patient's name: only when identifiers are shown
    assert found(store, "2023 lee", identifiers=True) == ["GL-2023-0042"]
    assert found(store, "0042", identifiers=True) == ["GL-2023-0042"]
    assert found(store, "-20") == ["GL-2023-0042", "OS-2022-0008", "SC-2024-0117"]


def test_a_renumbered_case_is_found_by_its_new_number_only(store: CaseStore) -> None:
    _cases(store)
    case_id = store.find("GL-2023-0042")
    assert case_id is not None
    record = store.load(case_id)
    record.values["case_number"] = "GL-2023-0099"
    store.save(record)
    assert found(store, "0042") == []
    assert found(store, "0099") == ["GL-2023-0099"]


def _steps(store: CaseStore, queries: list[Any]) -> int:
    steps, _rows = vm_steps(store, queries)
    return steps


def test_a_case_number_prefix_reads_a_range_of_the_number_index(sqlite_store: CaseStore) -> None:
    """A prefix typed ("BX0001": a hundred of 250 synthetic cases) is counted up to the cap
    from a range of the number index, not from every case's text, in about as many steps
    with three times as many cases; the first page is read in the list's order."""
    maker = CaseMaker(sqlite_store.spec)
    write_cases(sqlite_store, maker.cases(PAGE + 50))  # BX000000 … BX000249
    word = "bx0001"
    chosen = CaseFilter(text=word)
    assert sqlite_store.count_cases(chosen, cap=50) == 51
    assert sqlite_store.count_cases(chosen) == 100
    assert [c.case_number for c in sqlite_store.find_cases(chosen, limit=3)] == [
        "BX000100", "BX000101", "BX000102"
    ]  # fmt: skip

    def work() -> list[Any]:
        return [search_plan.streamed_count([word], true(), 50)]

    before = _steps(sqlite_store, work())
    write_cases(sqlite_store, maker.cases(2 * (PAGE + 50), start=PAGE + 50))
    assert sqlite_store.count_cases(chosen) == 100
    after = _steps(sqlite_store, work())
    assert after < before * 1.3, (before, after)
    sql = str(work()[0].compile(sqlite_store.engine, compile_kwargs={"literal_binds": True}))
    with sqlite_store.engine.connect() as connection:
        plan = [row[3] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql))]
    assert any("(case_number>? AND case_number<?)" in step for step in plan), plan


def _texts_read(store: CaseStore, queries: list[Any]) -> int:
    """How many times the queries read a case's text from the full-text index's content
    table (each such read is a statement of FTS5's own, which SQLite's trace reports)."""
    raw = store.engine.raw_connection()
    run: list[str] = []
    try:
        raw.driver_connection.set_trace_callback(run.append)
        for query in queries:
            sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
            raw.cursor().execute(sql).fetchall()
        raw.driver_connection.set_trace_callback(None)
    finally:
        raw.close()
    return sum(f"{search_index.TABLE}_content" in statement for statement in run)


def test_a_case_number_reads_no_case_text_and_few_index_entries(sqlite_store: CaseStore) -> None:
    """A number among hundreds ("BX000017"; counting "BX0001"): gathered from the number
    index, whose entries are a few steps each, and no case's text is read for it (before,
    each case holding its trigrams was read to check it: 31 of 250 for BX000017, 115 for
    BX0001). With a shorter word of the text beside it, only the text of the case
    whose number holds the other word is read."""
    maker = CaseMaker(sqlite_store.spec)
    write_cases(sqlite_store, maker.cases(PAGE + 50))

    def work(words: str) -> list[Any]:
        with sqlite_store.engine.connect() as connection:
            assert not search_plan.common(connection, words.split())  # gathered
        return [list_query(sqlite_store.spec, CaseFilter(text=words)).limit(PAGE),
                search_plan.streamed_count(words.split(), true(), 1000)]  # fmt: skip

    assert found(sqlite_store, "bx000017") == ["BX000017"]
    assert _texts_read(sqlite_store, work("bx000017")) == 0
    # a hundred cases of 250: the page is read in the list's order, and the count
    assert _texts_read(sqlite_store, [search_plan.streamed_count(["bx0001"], true(), 50)]) == 0
    assert found(sqlite_store, "bx000017 the") == ["BX000017"]  # "the": every case's text
    assert _texts_read(sqlite_store, work("bx000017 the")) <= 2  # that case's, per query
    before = _steps(sqlite_store, work("bx000017"))
    write_cases(sqlite_store, maker.cases(2 * (PAGE + 50), start=PAGE + 50))
    assert found(sqlite_store, "bx000017") == ["BX000017"]
    assert _texts_read(sqlite_store, work("bx000017")) == 0
    after = _steps(sqlite_store, work("bx000017"))
    # 500 more cases: a few steps for each one's number in the index (counted in hundreds)
    assert after - before < 500 * 0.2, (before, after)


def test_a_new_number_with_new_characters_is_found_at_once(store: CaseStore) -> None:
    """The characters the numbers hold are kept as cases are saved: a number with letters
    no other number has is found by them, anywhere in it, right after its save."""
    _cases(store)
    assert found(store, "q-7") == []
    _save(store, "ZQ-77", title="Spindle cell lesion")
    assert found(store, "q-7") == ["ZQ-77"]
    assert found(store, "Zq") == ["ZQ-77"]
    case_id = store.find("GL-2023-0042")
    assert case_id is not None
    record = store.load(case_id)
    record.values["case_number"] = "GL/2023/ÄB"  # renumbered: other characters again
    store.save(record)
    assert found(store, "23/äb") == ["GL/2023/ÄB"]  # other letters than ASCII's too
    assert found(store, "/Äb") == ["GL/2023/ÄB"]
    assert found(store, "gl/2023/ä") == ["GL/2023/ÄB"]  # its start
    assert found(store, "0042") == []


def test_a_word_no_number_holds_reads_no_number(sqlite_store: CaseStore) -> None:
    """A word with characters no case number holds ("qqqq": the numbers are BX and digits)
    reads no number: its count and page take about the same steps with three times as
    many cases; a word of digits, which numbers hold past their start, reads them all."""
    maker = CaseMaker(sqlite_store.spec)
    write_cases(sqlite_store, maker.cases(PAGE + 50))

    def work(word: str) -> list[Any]:
        return [list_query(sqlite_store.spec, CaseFilter(text=word)).limit(PAGE),
                search_plan.streamed_count([word], true(), 1000)]  # fmt: skip

    before = _steps(sqlite_store, work("qqqq")), _steps(sqlite_store, work("000017"))
    write_cases(sqlite_store, maker.cases(2 * (PAGE + 50), start=PAGE + 50))
    after = _steps(sqlite_store, work("qqqq")), _steps(sqlite_store, work("000017"))
    assert found(sqlite_store, "qqqq") == []
    assert found(sqlite_store, "000017") == ["BX000017"]
    # steps counted in hundreds: 500 more numbers read are about 70 of them
    assert after[0] <= before[0] + 2, (before, after)
    assert after[1] > before[1] + 20, (before, after)
