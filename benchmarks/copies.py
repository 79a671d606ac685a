"""The big benchmark databases, fast: a few distinct cases copied with their own numbers.

Writing 100,000 distinct cases took more than 25 minutes, most of it in Python for each
case (making it, checking it, its summary and derived values, its audit) and the rest in
SQLite keeping two value indexes up to date for every row. So `benchmarks/database.py`
writes TEMPLATES distinct cases the ordinary way (every row as CaseStore.save writes it),
and this module fills the rest by copying them: case m is a copy of template
(m - 1) % TEMPLATES + 1, read back from the database table by table (whatever the store's
schema), with its own id, case number and title (the two values that name a case; the
rest, identifiers included, is the template's). Every table that holds a case's rows is
copied: the tables of `store/tables.py` with a `case_id` column, `cases` itself, and the
search index's rows (`store/search_index.py`); the audit event's changes are decoded and
encoded again by the store's own `audit` module with the new values. A test checks that a
copy's rows are those CaseStore.save writes for the same case.

While copying, the value indexes (every index `store/tables.py` declares on the copied
tables) are dropped and made again at the end, one sort each instead of 40 million
scattered inserts, and the file is written without a journal (a fixture: rebuilt if the
build is interrupted). `Phases` times each step, for the build's own report.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, DropIndex

from desktop_app.spec import Spec
from desktop_app.store import search_index, search_numbers
from desktop_app.store import tables as t
from desktop_app.store.audit import Change, decode, encode

DIALECT = sqlite_dialect.dialect()


class Phases:
    """Seconds spent in each named step of a build (wall clock and this process's CPU),
    in the order first seen."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._inner: list[tuple[float, float]] = []  # per open step: its inner steps' times

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        """Time a step; a step inside another counts only in its own name."""
        started, cpu = time.perf_counter(), time.process_time()
        self._inner.append((0.0, 0.0))
        try:
            yield
        finally:
            spent, used = time.perf_counter() - started, time.process_time() - cpu
            inner, inner_cpu = self._inner.pop()
            self.seconds[name] = self.seconds.get(name, 0.0) + spent - inner
            self.cpu[name] = self.cpu.get(name, 0.0) + used - inner_cpu
            if self._inner:
                outer, outer_cpu = self._inner[-1]
                self._inner[-1] = (outer + spent, outer_cpu + used)

    def clear(self) -> None:
        self.seconds.clear()
        self.cpu.clear()

    def report(self) -> str:
        total = sum(self.seconds.values()) or 1.0
        return ", ".join(
            f"{name} {s:,.0f} s ({100 * s / total:.0f} %; CPU {self.cpu[name]:,.0f} s)"
            for name, s in self.seconds.items()
        )


def built(path: Path, write: Callable[[Path], None]) -> float:
    """Make the benchmark database at `path` by `write` on a file beside it (removed if
    left by an interrupted build), moved into place when done; the seconds it took."""
    building = path.with_name(path.name + ".building")
    for leftover in path.parent.glob(building.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    write(building)
    for suffix in ("-wal", "-shm"):
        Path(str(building) + suffix).unlink(missing_ok=True)
    os.replace(building, path)
    return time.perf_counter() - started


def fast_writes(cursor: Any) -> None:
    """No fsync (a benchmark fixture: rebuilt if lost) and a large page cache (1 GB)."""
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA cache_size=-1000000")


def bulk_pragmas(cursor: Any) -> None:
    """A benchmark fixture's writing on a connection of its own: no journal, no fsync, no
    foreign-key lookups per row (the rows are the store's own), a large page cache."""
    cursor.execute("PRAGMA journal_mode=OFF")
    cursor.execute("PRAGMA foreign_keys=OFF")
    fast_writes(cursor)


def merge_search_index(cursor: Any) -> None:
    """Each full-text table of the search index as one b-tree segment, and the pieces of
    every case number kept (what the store's own rebuild ends with)."""
    search_numbers.note_every_number(cursor)
    for name in (search_index.TABLE, search_index.IDENTIFIERS):
        cursor.execute(f"INSERT INTO {name}({name}) VALUES ('optimize')")


def copied_tables() -> list[Table]:
    """The store's tables that hold rows of a case (by `case_id`), `cases` first."""
    found = [table for table in t.metadata.sorted_tables if "case_id" in table.c]
    return [t.cases, *(table for table in found if table is not t.cases)]


def index_ddl(tables: list[Table]) -> tuple[list[str], list[str]]:
    """DROP and CREATE statements of the indexes the store declares on these tables (not
    the primary keys or unique constraints, which the copy needs)."""
    indexes = [
        index for table in tables for index in sorted(table.indexes, key=lambda i: str(i.name))
    ]
    drops = [f"{DropIndex(i, if_exists=True).compile(dialect=DIALECT)}" for i in indexes]
    creates = [f"{CreateIndex(i).compile(dialect=DIALECT)}" for i in indexes]
    return drops, creates


def renamed(spec: Spec, number: str, title: str, template_n: int, n: int) -> dict[str, str]:
    """The values that name the template's copy n: the case number with n in place of its
    trailing digits (same width), and the title with "(n)" in place of "(template_n)" when
    the title ends so and the longer title still fits its field."""
    digits = len(number) - len(number.rstrip("0123456789"))
    out = {number: f"{number[: len(number) - digits]}{n:0{digits}d}"} if digits else {}
    suffix = f"({template_n})"
    field = spec.summary_field("title")
    limit = field.max_length if field is not None else None
    if title.endswith(suffix):
        new_title = f"{title[: -len(suffix)]}({n})"
        if not limit or len(new_title) <= limit:
            out[title] = new_title
    return out


class _Table:
    """A copied table's columns and each template's rows (as tuples in those columns). A
    table of many rows a case (values, entries: `bulk`) is copied by the database itself,
    a block of cases per statement, and its few rows holding a naming value are then
    updated by their primary key; the others (one row a case) are copied row by row."""

    def __init__(self, name: str, columns: list[str], key: str, primary: list[str]) -> None:
        self.name, self.columns, self.key = name, columns, key
        self.rows: dict[int, list[tuple[Any, ...]]] = {}
        self.position = columns.index(key)
        # clustered by case (values by case, entries): one block of cases copied at a time;
        # a table clustered otherwise (the cohort index of 0010, by field) row by row
        self.bulk = primary[:1] == [key] and len(primary) > 1
        self.order = [columns.index(c) for c in primary if c in columns]  # inserted in key order
        self.indexed = columns.index("value_text") if name == t.case_items.name else None
        listed = ", ".join(columns)
        self.insert = f"INSERT INTO {name} ({listed}) VALUES ({', '.join('?' * len(columns))})"
        shifted = ", ".join(f"{c} + ?" if c == key else c for c in columns)
        self.copy = (
            f"INSERT INTO {name} ({listed}) SELECT {shifted} FROM {name} "
            f"WHERE {key} BETWEEN 1 AND ? ORDER BY {', '.join(primary)}"
        )
        primary = primary if self.bulk else []  # updated by their key: only bulk tables
        self.where = [columns.index(c) for c in primary]
        self.changed = [i for i, c in enumerate(columns) if c not in primary]
        self.update = (
            f"UPDATE {name} SET {', '.join(f'{columns[i]} = ?' for i in self.changed)} "
            f"WHERE {' AND '.join(f'{c} = ?' for c in primary)}"
        )

    def sort_key(self, row: tuple[Any, ...]) -> list[Any]:
        return [row[i] for i in self.order]


def _templates(cursor: Any, ids: list[int]) -> list[_Table]:
    """Every row of the template cases, table by table: the store's tables (an `id` primary
    key other than the case's own left to the database), then the search index's."""
    out: list[_Table] = []
    for table in copied_tables():
        key = "id" if table is t.cases else "case_id"
        own_id = [c.name for c in table.primary_key.columns] == ["id"] and table is not t.cases
        columns = [c.name for c in table.columns if not (own_id and c.name == "id")]
        out.append(_Table(table.name, columns, key, [c.name for c in table.primary_key.columns]))
    for fts in (search_index.case_search, search_index.identifier_search):
        out.append(_Table(fts.name, [c.name for c in fts.columns], "rowid", ["rowid"]))
    order = {table.name: [c.name for c in table.primary_key.columns] for table in copied_tables()}
    for part in out:
        sort = ", ".join(order.get(part.name) or [part.key])
        marks = ", ".join("?" * len(ids))
        for row in cursor.execute(
            f"SELECT {', '.join(part.columns)} FROM {part.name} "
            f"WHERE {part.key} IN ({marks}) ORDER BY {sort}",
            ids,
        ):
            part.rows.setdefault(row[part.position], []).append(tuple(row))
    return out


class _Audit:
    """The audit's changes of each template, decoded once (by the store's `audit.decode`),
    encoded for each copy with its naming values (by `audit.encode`)."""

    def __init__(self, names: dict[int, tuple[str, str]]) -> None:
        self.names = names
        self.codes = {key: code for code, key in names.items()}
        self.decoded: dict[bytes, list[Change]] = {}

    def encoded(self, changes: bytes, renames: dict[str, str]) -> bytes:
        found = self.decoded.get(changes)
        if found is None:
            found = self.decoded[changes] = decode(changes, self.names)
        return encode(
            [
                (a, g, e, f, renames.get(o, o) if o else o, renames.get(n, n) if n else n)
                for a, g, e, f, o, n in found
            ],
            self.codes,
        )


def _substitute(value: Any, names: dict[str, str], audit: _Audit) -> Any:
    """A value of a template's row as in its copy: a naming value replaced where it is the
    whole value, or a whole line of the search text; the audit's changes encoded again."""
    if isinstance(value, str):
        if value in names:
            return names[value]
        if search_index.SEPARATOR in value:
            lines = value.split(search_index.SEPARATOR)
            return search_index.SEPARATOR.join(names.get(line, line) for line in lines)
        return value
    if isinstance(value, bytes):
        return audit.encoded(value, names)
    return value


def _plan(
    part: _Table, rows: list[tuple[Any, ...]], naming: set[str]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """A template's rows split into those a copy takes as they are (but for its id) and
    those holding a naming value (or the audit's changes, which may)."""

    def special(value: Any) -> bool:
        if isinstance(value, bytes):
            return True
        if isinstance(value, str):
            return value in naming or any(
                line in naming for line in value.split(search_index.SEPARATOR)
            )
        return False

    plain: list[tuple[Any, ...]] = []
    named: list[tuple[Any, ...]] = []
    for row in rows:
        (named if any(special(v) for v in row) else plain).append(row)
    return plain, named


def copy_cases(
    path: Path,
    spec: Spec,
    templates: int,
    count: int,
    phases: Phases,
    report: Callable[[str], None] | None = None,
) -> int:
    """Fill cases templates + 1 … count of the database at `path` (cases 1 … templates
    written) with copies; returns how many. Indexes dropped while copying, made after."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        cursor = connection.cursor()
        bulk_pragmas(cursor)
        template_ids = list(range(1, templates + 1))
        with phases.timed("templates read"):
            parts = _templates(cursor, template_ids)
            audit = _Audit(
                {
                    code: (group, field)
                    for code, group, field in cursor.execute(
                        f"SELECT code, group_id, field_id FROM {t.item_fields.name}"
                    )
                }
            )
            heads = {
                row[0]: (row[1], row[2])
                for row in cursor.execute(
                    f"SELECT id, case_number, title FROM {t.cases.name} WHERE id <= ?",
                    (templates,),
                )
            }
            plans = {
                k: [_plan(part, part.rows.get(k, []), set(heads[k]) - {""}) for part in parts]
                for k in template_ids
            }
        drops, creates = index_ddl(copied_tables())
        with phases.timed("indexes dropped"):
            for statement in drops:
                cursor.execute(statement)
        written = 0
        for offset in range(templates, count, max(1, templates)):  # one copy of each a block
            last = min(count, offset + templates)
            with phases.timed("copies made (Python)"):
                batch: list[list[tuple[Any, ...]]] = [[] for _ in parts]
                updates: list[list[tuple[Any, ...]]] = [[] for _ in parts]
                for m in range(offset + 1, last + 1):
                    k = m - offset
                    number, title = heads[k]
                    names = renamed(spec, number, title, k - 1, m - 1)
                    for i, (plain, named) in enumerate(plans[k]):
                        part, at = parts[i], parts[i].position
                        if not part.bulk:
                            batch[i].extend((*row[:at], m, *row[at + 1 :]) for row in plain)
                        for row in named:
                            new = [_substitute(v, names, audit) for v in row]
                            new[at] = m
                            if part.indexed is not None:  # the index holds a long one as ''
                                new[part.indexed] = t.indexed_text(new[part.indexed])
                            if part.bulk:
                                updates[i].append(
                                    (*(new[j] for j in part.changed), *(new[j] for j in part.where))
                                )
                            else:
                                batch[i].append(tuple(new))
            cursor.execute("BEGIN")
            for part, rows, changed in zip(parts, batch, updates, strict=True):
                with phases.timed(f"{part.name} copied"):
                    if part.bulk:
                        cursor.execute(part.copy, (offset, last - offset))
                        cursor.executemany(part.update, changed)
                    elif rows:
                        rows.sort(key=part.sort_key)
                        cursor.executemany(part.insert, rows)
            with phases.timed("commits"):
                cursor.execute("COMMIT")
            written += last - offset
            if report is not None:
                report(f"  {templates + written:,} cases ({written:,} copies)")
        with phases.timed("indexes made"):
            for statement in creates:
                cursor.execute(statement)
        with phases.timed("search index merged"):
            merge_search_index(cursor)
        cursor.execute("PRAGMA journal_mode=WAL")  # as the store opens it
        return written
    finally:
        connection.close()
