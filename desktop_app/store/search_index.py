"""The case list's full-text index: search as you type in milliseconds, whatever the number
of cases.

One row per case holds the case's searched text (`store/search_text.py`: the case-list
summary, the case's text fields, and inside every entry its text fields and the codes and
labels of its choices) and, apart, its identifiers (fields marked `phi`), searched only
when the registrar shows identifiers. On SQLite two FTS5 tables with the trigram tokenizer
(rowid = the case's id): a word of three characters or more is found by the index as a
substring, whatever its case (LIKE, which FTS5 answers from the trigram index without
positions: `detail=none`, a third of the size); a shorter one by LIKE over the indexed
text. On PostgreSQL one table `case_search` (case_id, open_text, identifiers) with trigram
indexes (pg_trgm, when the server has the extension) that ILIKE uses; without them ILIKE
reads that one table.

A case's rows are made again at every save, in the same transaction, from its stored
values. `store_meta` remembers which fields (and labels) were indexed: when they change (or
in a database made before the index), every row is made again on opening.

The case number is not in the indexed text: it is searched in its own column
(`store/search_numbers.py`), and `words_clause` finds a word in either.

Search bounded by the page (`store/search_plan.py`): `common` tells, from the text of a few
hundred cases, whether the words are in many cases. Then the list's first page is read in
the list's own order, each case tested against the index (`words_clause(…, probe=True)`),
stopping at the page's end, and the count stops at a cap; otherwise the few matching cases
are taken from the index and sorted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Engine,
    and_,
    column,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    table,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from desktop_app.record import ItemKey
from desktop_app.spec.model import Spec
from desktop_app.store import search_numbers, search_terms
from desktop_app.store import tables as t
from desktop_app.store.audit import current_coded, named
from desktop_app.store.field_codes import all_names
from desktop_app.store.meta import Progress, fingerprint, record, remake_if_changed
from desktop_app.store.search_text import (
    SUMMARY,
    distinct_texts,
    indexed_summary_values,
    matched_places,
    searched_keys,
    searched_values,
    summary_values,
)

TABLE = "case_search"
SIGNATURE_KEY = "search_signature"
INDEX_REVISION = 4  # raise when the rows would be made differently
SEPARATOR = "\n"  # between values: a searched word never holds white space, so never spans two
TRIGRAM = 3  # a word this long is found through the index
SAMPLE = 500  # cases looked at to tell whether words are common
COMMON_SHARE = 0.05  # words in this share of the cases (or more): the page is read in order
CHUNK = 400  # cases per query when the rows are made again
PROGRESS_WHAT = "the search index"  # what `progress` is told is being made again

IDENTIFIERS = "case_search_identifiers"
case_search = table(TABLE, column("rowid"), column("open_text"))  # SQLite (FTS5)
identifier_search = table(IDENTIFIERS, column("rowid"), column("identifiers"))
server_search = table(TABLE, column("case_id"), column("open_text"), column("identifiers"))


def signature(spec: Spec) -> str:
    """What the rows were made from: the searched fields and the labels of their choices."""
    keys = searched_keys(spec)
    vocabularies = sorted({spec.field(g, f).vocabulary for g, f in keys} - {""})
    labels = [
        [v, [[term.code, term.label] for term in spec.vocabularies[v].terms]]
        for v in vocabularies
        if v in spec.vocabularies
    ]
    return fingerprint(INDEX_REVISION, SUMMARY, keys, labels)


def _sources(
    connection: Any, spec: Spec, case_ids: list[int]
) -> dict[int, tuple[dict[str, Any], dict[ItemKey, str]]]:
    """The summary columns and searched values of these cases, read by case id (the values
    from each case's audit, where they are kept: 0010)."""
    c = t.cases.c
    out: dict[int, tuple[dict[str, Any], dict[ItemKey, str]]] = {}
    for row in connection.execute(
        select(c.id, *(getattr(c, name) for name in SUMMARY)).where(c.id.in_(case_ids))
    ).mappings():
        out[row["id"]] = ({name: row[name] for name in SUMMARY}, {})
    keys = set(searched_keys(spec))
    trails: dict[int, list[tuple[int, Any]]] = {}
    for case_id, version, changes in connection.execute(values_query(case_ids)):
        trails.setdefault(case_id, []).append((version, changes))
    names = all_names(connection) if trails else {}
    for case_id, trail in trails.items():
        if case_id in out:
            values = named(current_coded(trail), names)
            out[case_id][1].update({k: v for k, v in values.items() if (k[0], k[2]) in keys})
    return out


def values_query(case_ids: list[int]) -> Any:
    """The audit events of these cases, in order: their values' last version (0010)."""
    a = t.audit_events.c
    return (
        select(a.case_id, a.row_version, a.changes)
        .where(a.case_id.in_(case_ids)).order_by(a.case_id, a.id)
    )  # fmt: skip


def _write(connection: Any, spec: Spec, case_ids: list[int]) -> None:
    rows = []
    for case_id, (summary, items) in _sources(connection, spec, case_ids).items():
        searched = indexed_summary_values(summary) + searched_values(spec, items)
        opened = distinct_texts([s.text for s in searched if not s.identifier and s.text])
        identifiers = _padded(distinct_texts([s.text for s in searched if s.identifier]))
        rows.append((case_id, _padded(opened), identifiers))
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        connection.execute(insert(case_search), [{"rowid": i, "open_text": o} for i, o, _d in rows])
        connection.execute(
            insert(identifier_search), [{"rowid": i, "identifiers": d} for i, _o, d in rows]
        )
    else:
        connection.execute(
            insert(server_search),
            [{"case_id": i, "open_text": o, "identifiers": d} for i, o, d in rows],
        )


def _padded(texts: list[str]) -> str:
    """The texts, one a line; a text shorter than a trigram is made one with line ends, so
    that the term list finds its words of one or two characters (`store/search_terms.py`:
    a word never holds white space, so nothing else is found by them)."""
    joined = SEPARATOR.join(texts)
    return joined + SEPARATOR * (TRIGRAM - len(joined)) if 0 < len(joined) < TRIGRAM else joined


def write_search(connection: Any, spec: Spec, case_id: int) -> None:
    """Make the case's rows again from what is stored (after its save wrote the values)."""
    if connection.dialect.name == "sqlite":
        connection.execute(delete(case_search).where(case_search.c.rowid == case_id))
        connection.execute(delete(identifier_search).where(identifier_search.c.rowid == case_id))
    else:
        connection.execute(delete(server_search).where(server_search.c.case_id == case_id))
    _write(connection, spec, [case_id])
    if connection.dialect.name == "sqlite":  # the characters its number holds
        number = select(t.cases.c.case_number).where(t.cases.c.id == case_id)
        search_numbers.note(connection, connection.execute(number).scalars())


def rebuild(connection: Any, spec: Spec) -> None:
    """Make every case's row again and record what it was made for (the bulk writer of the
    benchmark calls this after writing its cases)."""
    _remake(connection, spec)
    record(connection, SIGNATURE_KEY, signature(spec))


def _remake(connection: Any, spec: Spec, progress: Progress | None = None) -> None:
    """Every case's rows again, a few hundred cases per query (told to `progress` before the
    first and after each)."""
    sqlite = connection.dialect.name == "sqlite"
    for name in (TABLE, IDENTIFIERS) if sqlite else (TABLE,):
        connection.exec_driver_sql(f"DELETE FROM {name}")
    ids = list(connection.execute(select(t.cases.c.id).order_by(t.cases.c.id)).scalars())
    if progress is not None:
        progress(PROGRESS_WHAT, 0, len(ids))
    for start in range(0, len(ids), CHUNK):
        _write(connection, spec, ids[start : start + CHUNK])
        if progress is not None:
            progress(PROGRESS_WHAT, min(start + CHUNK, len(ids)), len(ids))
    if sqlite:
        numbers = connection.execute(select(t.cases.c.case_number)).scalars()
        search_numbers.note(connection, numbers, anew=True)
        for name in (TABLE, IDENTIFIERS):  # one b-tree segment each: the fastest to read
            connection.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('optimize')")


def refresh_if_stale(engine: Engine, spec: Spec, progress: Progress | None = None) -> bool:
    """Rebuild the index when it was made for other fields (or never, in a database made
    before it); True when it did. `progress(what, done, total)` follows the cases made."""
    return remake_if_changed(
        engine,
        SIGNATURE_KEY,
        signature(spec),
        lambda connection: _remake(connection, spec, progress),
    )


def places(
    connection: Any, spec: Spec, case_id: int, words: list[str], identifiers: bool
) -> list[str]:
    """Where a case holds the words ("IHC result CD34", "title"), for the list to say."""
    found = _sources(connection, spec, [case_id]).get(case_id)
    if found is None:
        return []
    summary, items = found
    searched = summary_values(summary) + searched_values(spec, items)
    return matched_places(words, searched, identifiers)


def _pattern(word: str) -> str:
    escaped = word.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def _sqlite_tests(
    text: Any, words: list[str], probe: bool = False, key: Any = None, table: str = TABLE
) -> list[ColumnElement[bool]]:
    """Conditions on one FTS5 table: the longest word by LIKE, which the trigram index
    answers for a word of three characters or more (SQLite then checks it against the
    indexed text: a true substring, whatever the case), the others by instr() in the text
    of the cases it found. (SQLite 3.40's FTS5 crashes on some pairs of LIKE constraints,
    and on a pattern of wildcards only; a LIKE there takes no ESCAPE, so a word holding %
    or _ is found by instr() too.) A probe, which reads one case's row by its id, tests
    every word by instr() in that row: cheaper than a dozen trigram lookups. Words all
    shorter than three characters, gathered (with the table's `key`): the longest is looked
    up in the index's term list (`store/search_terms.py`) rather than in every row."""
    plain = [w for w in words if _indexable(w)]
    if probe:
        plain = []
    indexed = max(plain, key=len) if plain else None
    tests: list[ColumnElement[bool]] = []
    if indexed is not None:
        tests.append(text.like(f"%{indexed}%"))
    elif not probe and key is not None and any(len(w) < TRIGRAM for w in words):
        tests.append(key.in_(search_terms.holding(table, max(words, key=len))))
    tests += [func.instr(func.lower(text), w) > 0 for w in words if w != indexed]
    return tests


def _found(
    index: Any, key: Any, tests: list[ColumnElement[bool]], probe: bool, case_id: Any = None
) -> ColumnElement[bool]:
    case_id = t.cases.c.id if case_id is None else case_id
    if probe:  # this case, looked up in the index by its id
        return exists(select(literal(1)).select_from(index).where(key == case_id, *tests))
    return case_id.in_(select(key).where(*tests))


def _text_holds(case_id: Any) -> Any:
    """SQLite: whether the open text of the case `case_id` holds a word (read by its id)."""
    s = case_search.c

    def holds(word: str) -> ColumnElement[bool]:
        return _found(case_search, s.rowid, _sqlite_tests(s.open_text, [word], True), True, case_id)

    return holds


def words_clause(
    words: list[str], include_identifiers: bool, probe: bool = False
) -> ColumnElement[bool]:
    """The cases that hold every word as a substring, in the case number (its own column:
    `store/search_numbers.py`), its open text, or (when identifiers are searched) in its
    identifiers. With `probe`, each case is tested by its id (for a page read in the list's
    order); else the matching cases are gathered."""
    s, d, p = case_search.c, identifier_search.c, server_search.c
    number = t.cases.c.case_number

    def sqlite(group: list[str], identifiers: bool) -> ColumnElement[bool]:
        if not identifiers:
            return _found(case_search, s.rowid, _tests(s, group), probe)
        return or_(
            _found(case_search, s.rowid, _tests(s, group), probe),
            _found(identifier_search, d.rowid, _tests(d, group), probe),
        )

    def _tests(columns: Any, group: list[str]) -> list[ColumnElement[bool]]:
        if columns is s:
            return _sqlite_tests(s.open_text, group, probe, s.rowid, TABLE)
        return _sqlite_tests(d.identifiers, group, probe, d.rowid, IDENTIFIERS)

    def server(word: str) -> ColumnElement[bool]:
        pattern = _pattern(word)
        held: ColumnElement[bool] = p.open_text.ilike(pattern, escape="/")
        if include_identifiers:
            held = or_(held, p.identifiers.ilike(pattern, escape="/"))
        return held

    def numbered(word: str) -> ColumnElement[bool]:  # SQLite, one word
        if probe:  # in the case's own row
            return search_numbers.holds(word, number)
        numbers = t.cases.alias("numbers")  # the numbers' index alone, scanned
        held = search_numbers.holds(word, numbers.c.case_number)
        return t.cases.c.id.in_(_either(search_numbers.in_index_order([word], numbers, held)))

    fast: ColumnElement[bool]
    if include_identifiers:
        fast = and_(*(or_(numbered(w), sqlite([w], True)) for w in words))
    elif probe:  # the number, in the case's row, first: cheaper than its text
        fast = or_(search_numbers.held(words, number, _text_holds(t.cases.c.id)),
                   sqlite(words, False))  # fmt: skip
    else:  # the cases by their text and by their numbers, gathered in one set
        numbers = t.cases.alias("numbers")
        held = search_numbers.held(words, numbers.c.case_number, _text_holds(numbers.c.id))
        by_number = search_numbers.in_index_order(words, numbers, held)
        by_text = select(s.rowid).where(*_sqlite_tests(s.open_text, words, False, s.rowid, TABLE))
        fast = t.cases.c.id.in_(union_all(by_text, *by_number))

    def server_text(word: str) -> ColumnElement[bool]:
        return _found(server_search, p.case_id, [server(word)], probe)

    portable = or_(
        search_numbers.held(words, number, server_text, portable=True),
        _found(server_search, p.case_id, [server(w) for w in words], probe),
    )
    return OnSQLite(fast, portable)


def _either(parts: list[Any]) -> Any:
    return parts[0] if len(parts) == 1 else union_all(*parts)


def _indexable(word: str) -> bool:
    """Whether LIKE finds the word through the trigram index (see _sqlite_tests)."""
    return len(word) >= TRIGRAM and "%" not in word and "_" not in word


class OnSQLite(ColumnElement[bool]):
    """A condition written one way for SQLite (with the index) and another way for the
    other databases: the queries stay the same whatever the database."""

    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True  # a predicate itself: no '= 1' added after it
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy's own attribute: the cache key)
        ("fast", InternalTraversal.dp_clauseelement),
        ("portable", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, fast: ColumnElement[bool], portable: ColumnElement[bool]) -> None:
        self.fast, self.portable = fast, portable


@compiles(OnSQLite)
def _portable(element: OnSQLite, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.portable, **kw)})"  # whole, whatever is around it


@compiles(OnSQLite, "sqlite")
def _fast(element: OnSQLite, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.fast, **kw)})"
