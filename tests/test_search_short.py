"""Words of one or two characters on SQLite: found through the trigram index's list of
terms (store/search_terms.py) wherever they are in a case's text, its end included, and a
rare one reads about as much with three times as many cases (before, every case's text)."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import true

from benchmarks.database import write_cases
from benchmarks.synth import CaseMaker
from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore, search_plan, search_terms
from desktop_app.store.queries import CaseFilter, list_query
from tests.sqlite_steps import vm_steps

PAGE = 200
TEXTS = {  # rowid: text, with words at the beginning, in the middle and at the very end
    1: "Leiomyosarcoma\nG3",
    2: "qz at the start",
    3: "ends with qz",
    4: "ends with q",
    5: "Ki-67 50%",
    6: "ÄRZTIN €x",
}


def _index() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE case_search USING fts5(open_text, "
                       "tokenize='trigram', detail='none')")  # fmt: skip
    connection.execute("CREATE VIRTUAL TABLE case_search_identifiers USING fts5(identifiers, "
                       "tokenize='trigram', detail='none')")  # fmt: skip
    connection.executemany("INSERT INTO case_search (rowid, open_text) VALUES (?, ?)",
                           TEXTS.items())  # fmt: skip
    search_terms.attach(connection)
    return connection


def _holding(connection: sqlite3.Connection, word: str) -> set[int]:
    query = search_terms.holding("case_search", word)
    sql = str(query.compile(compile_kwargs={"literal_binds": True}))
    return {doc for (doc,) in connection.execute(sql)}


def test_the_term_list_finds_every_word_of_one_or_two_characters_where_it_is() -> None:
    """Every substring of one or two characters of every text (but white space), compared
    with the texts themselves: at the start, inside, and as the text's last characters
    (where no trigram begins with it)."""
    connection = _index()
    words = {
        text[i : i + n].lower()
        for text in TEXTS.values()
        for n in (1, 2)
        for i in range(len(text) - n + 1)
    }
    words = {w for w in words if not any(ch.isspace() for ch in w)}
    assert {"qz", "q", "3", "g3", "€x", "x", "%"} <= words
    for word in sorted(words):
        held = {rowid for rowid, text in TEXTS.items() if word in text.lower()}
        assert _holding(connection, word) == held, word
    assert _holding(connection, "zq") == set()
    assert _holding(connection, "ä") == {6}  # folded by the index as by Python


def _steps(store: CaseStore, queries: list[Any]) -> int:
    """SQLite's virtual-machine steps (in hundreds) for these queries, whatever the
    machine's speed: what they read and compare."""
    return vm_steps(store, queries)[0]


def _rare(store: CaseStore, number: str) -> None:
    record = CaseRecord(values={"case_number": number, "title": "Solitary fibrous tumour"})
    record.add_entry("imaging_study", {"modality": "MG", "findings": "Spiculated mass ¤ qz"})
    store.save(record)


def test_a_rare_short_word_inside_an_entry_is_found_reading_a_bounded_number_of_rows(
    sqlite_store: CaseStore,
) -> None:
    """A word of two letters and one of one character, each only in one case's imaging
    findings among hundreds of synthetic cases: found, the list says where, and the count
    and first page take about as many steps with three times as many cases."""
    maker = CaseMaker(sqlite_store.spec)
    write_cases(sqlite_store, maker.cases(PAGE + 50))
    _rare(sqlite_store, "RARE-1")

    def work() -> list[Any]:
        queries = []
        for word in ("qz", "¤"):
            chosen = CaseFilter(text=word)
            with sqlite_store.engine.connect() as connection:
                assert not search_plan.common(connection, [word])  # gathered, not probed
            queries.append(list_query(sqlite_store.spec, chosen).limit(PAGE))
            queries.append(search_plan.streamed_count([word], true(), 1000))
        return queries

    for word in ("qz", "¤", "QZ"):
        chosen = CaseFilter(text=word)
        assert [c.case_number for c in sqlite_store.find_cases(chosen)] == ["RARE-1"], word
        assert sqlite_store.count_cases(chosen, cap=1000) == 1
        assert sqlite_store.count_cases(chosen) == 1
    case_id = sqlite_store.find("RARE-1")
    assert case_id is not None
    places = sqlite_store.match_places(case_id, CaseFilter(text="qz"))
    assert places == ["Imaging studies, Findings"]
    before = _steps(sqlite_store, work())
    write_cases(sqlite_store, maker.cases(2 * (PAGE + 50), start=PAGE + 50))
    _rare(sqlite_store, "RARE-2")
    assert [c.case_number for c in sqlite_store.find_cases(CaseFilter(text="qz ¤"))] == [
        "RARE-1",
        "RARE-2",
    ]
    after = _steps(sqlite_store, work())
    assert after < before * 1.3, (before, after)


def test_a_common_short_word_is_counted_up_to_the_cap_from_the_term_list(
    sqlite_store: CaseStore,
) -> None:
    """A short word in every case: its capped count stops at the cap, in about the steps
    of a count of a few cases more (the term list's cases are taken as they come)."""
    maker = CaseMaker(sqlite_store.spec)
    write_cases(sqlite_store, maker.cases(3 * (PAGE + 50)))
    chosen = CaseFilter(text="e")
    assert sqlite_store.count_cases(chosen, cap=50) == 51
    small = _steps(sqlite_store, [search_plan.streamed_count(["e"], true(), 50)])
    large = _steps(sqlite_store, [search_plan.streamed_count(["e"], true(), 500)])
    assert sqlite_store.count_cases(chosen, cap=500) == 501
    assert small * 5 < large, (small, large)
