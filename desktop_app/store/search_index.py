"""The case list's full-text index on SQLite: search as you type in milliseconds.

Two FTS5 tables with the trigram tokenizer (SQLite 3.34 or newer), one row per case
(rowid = the case's id): `case_search` holds the open text (the case-list summary — case
number, title, site, diagnosis label, ICD-O-3 code — and every non-identifying text field
of the case), `case_search_identifiers` the text fields marked `phi`, searched only when
the registrar shows identifiers. (One table with two columns and a column filter made the
commonest words half again as slow: the filter reads every position list.) A trigram index
finds any substring of three characters or more, case-insensitively, without reading every
case.

A case's rows are written again at every save, in the same transaction. `store_meta`
remembers which fields were indexed: when the specification's searched fields change (or in
a database made before the index), every row is made again on opening, set-based (INSERT …
SELECT). On PostgreSQL there are no such tables: the search is LIKE over the values (see
`store/queries.py`), and every function here does nothing there.
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
    func,
    insert,
    literal,
    or_,
    select,
    table,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from desktop_app.spec.model import Spec
from desktop_app.store import tables as t
from desktop_app.store.field_codes import codes_in
from desktop_app.store.meta import fingerprint, record, remake_if_changed

TABLE = "case_search"
SIGNATURE_KEY = "search_signature"
INDEX_REVISION = 1  # raise when the rows would be made differently
SEPARATOR = "\n"  # between values: a searched word never holds white space, so never spans two
SUMMARY = ("case_number", "title", "site", "diagnosis", "icdo3")  # columns of `cases`

IDENTIFIERS = "case_search_identifiers"
case_search = table(TABLE, column("rowid"), column("open_text"))
identifier_search = table(IDENTIFIERS, column("rowid"), column("identifiers"))


def searched_fields(spec: Spec) -> tuple[list[str], list[str]]:
    """The case's own text fields the search looks in beside the summary columns: the open
    ones, and the identifiers. The fields whose summary is the case number or the title are
    found through their columns."""
    fields = [f for f in spec.case_fields if f.type in ("text", "longtext")
              and f.summary not in ("case_number", "title")]  # fmt: skip
    return [f.id for f in fields if not f.phi], [f.id for f in fields if f.phi]


def signature(spec: Spec) -> str:
    return fingerprint(INDEX_REVISION, SUMMARY, *searched_fields(spec))


def _joined(field_ids: list[str]) -> Any:
    """The case's values of these fields, one per line ('' when none)."""
    item = t.case_items.alias("searched")
    # `field_code + 0` is no indexed column: the case's values are found through the primary
    # key that starts with case_id, never by reading these fields' values in every case
    # (which SQLite chooses through the value index on (field_code, value_text, …) when it
    # has no statistics for it: minutes at 100,000 cases).
    values = select(func.group_concat(item.c.value_text, SEPARATOR)).where(
        item.c.case_id == t.cases.c.id, (item.c.field_code + 0).in_(codes_in("", field_ids)),
    )  # fmt: skip
    return values.scalar_subquery()


def _rows(spec: Spec) -> tuple[Any, Any]:
    """SELECT id, open text FROM cases; SELECT id, identifiers FROM cases: the rows."""
    open_ids, identifier_ids = searched_fields(spec)
    c = t.cases.c
    summary = [getattr(c, name) for name in SUMMARY]
    open_text: Any = summary[0]
    for part in summary[1:]:
        open_text = open_text + SEPARATOR + part
    if open_ids:
        open_text = open_text + func.coalesce(SEPARATOR + _joined(open_ids), "")
    identifiers = func.coalesce(_joined(identifier_ids), "") if identifier_ids else literal("")
    return select(c.id, open_text), select(c.id, identifiers)


def _fill(connection: Any, spec: Spec, *criteria: Any) -> None:
    open_rows, identifier_rows = _rows(spec)
    connection.execute(insert(case_search).from_select(
        ["rowid", "open_text"], open_rows.where(*criteria)))  # fmt: skip
    connection.execute(insert(identifier_search).from_select(
        ["rowid", "identifiers"], identifier_rows.where(*criteria)))  # fmt: skip


def write_search(connection: Any, spec: Spec, case_id: int) -> None:
    """Make the case's rows again from what is stored (after its save wrote the values)."""
    if connection.dialect.name != "sqlite":
        return
    connection.execute(delete(case_search).where(case_search.c.rowid == case_id))
    connection.execute(delete(identifier_search).where(identifier_search.c.rowid == case_id))
    _fill(connection, spec, t.cases.c.id == case_id)


def rebuild(connection: Any, spec: Spec) -> None:
    """Make every case's row again, set-based, and record what it was made for (the bulk
    writer of the benchmark calls this after writing its cases)."""
    _remake(connection, spec)
    record(connection, SIGNATURE_KEY, signature(spec))


def _remake(connection: Any, spec: Spec) -> None:
    """Every case's row again, set-based (100,000 cases: about half a minute)."""
    connection.execute(delete(case_search))
    connection.execute(delete(identifier_search))
    _fill(connection, spec)
    for name in (TABLE, IDENTIFIERS):  # one b-tree segment each: the fastest to read
        connection.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('optimize')")


def refresh_if_stale(engine: Engine, spec: Spec) -> bool:
    """Rebuild the index when it was made for other fields (or never, in a database made
    before it); True when it did."""
    if engine.dialect.name != "sqlite":
        return False
    return remake_if_changed(engine, SIGNATURE_KEY, signature(spec),
                             lambda connection: _remake(connection, spec))  # fmt: skip


def fts_string(word: str) -> str:
    """A word as an FTS5 string: in double quotes, its own double quotes doubled."""
    return '"' + word.replace('"', '""') + '"'


def words_clause(words: list[str], include_identifiers: bool) -> ColumnElement[bool]:
    """The cases whose text holds every word (each of 3 characters or more) as a substring,
    in its open text, or (when identifiers are searched) in its identifiers."""

    def found(index: Any, *phrases: str) -> ColumnElement[bool]:
        query = " AND ".join(fts_string(p) for p in phrases)
        matching = select(index.c.rowid).where(column(index.name).op("MATCH")(query))
        return t.cases.c.id.in_(matching)

    if not include_identifiers:
        return found(case_search, *words)  # one MATCH for all the words
    return and_(*(or_(found(case_search, w), found(identifier_search, w)) for w in words))


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
