"""The benchmark's big databases are copies of a few distinct cases (benchmarks/copies.py):
a copy's rows in every table are those CaseStore.save writes for the same case, under its
own number and title, and the copied database opens without anything made again."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from benchmarks.copies import renamed
from benchmarks.database import ensure_database
from benchmarks.synth import CaseMaker
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.audit import decode

SKIPPED = {"id", "case_id", "created_at", "updated_at", "at_utc", "created_by", "updated_by",
           "user_name", "os_user"}  # fmt: skip  # who and when: the benchmark's own


SEARCH = ("case_search", "case_search_identifiers")


def _rows(path: Path, case_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of one case, table by table, without its ids, times and users."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with sqlite3.connect(path) as connection:
        for (table,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        ).fetchall():
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            key = "id" if table == "cases" else "case_id" if "case_id" in columns else None
            if table in SEARCH:  # the full-text tables (not their shadow tables)
                key = "rowid"
            if key is None:
                continue
            kept = [c for c in columns if c not in SKIPPED]
            rows = connection.execute(
                f"SELECT {', '.join(kept)} FROM {table} WHERE {key} = ?", (case_id,)
            ).fetchall()
            out[table] = sorted((tuple(_changes(v) for v in row) for row in rows), key=repr)
    connection.close()
    return out


def _changes(value: Any) -> Any:
    """An audit event's changes as a sorted list (the bulk writer lists a new case's changes
    in another order than a save: the same changes, the same replay); other values as
    they are."""
    return sorted(map(repr, decode(value, {}))) if isinstance(value, bytes) else value


def _named(maker: CaseMaker, spec: Spec, template: int, n: int) -> CaseRecord:
    """Template case `template` (synth.py's n) under copy n's number and title, by hand."""
    record = maker.case(template)
    number, title = spec.summary_field("case_number"), spec.summary_field("title")
    assert number is not None and title is not None
    record.values[number.id] = f"BX{n:06d}"
    record.values[title.id] = record.values[title.id].replace(f"({template})", f"({n})")
    return record


def test_a_copied_case_has_the_rows_a_save_writes(spec: Spec, tmp_path: Path) -> None:
    built, seconds = ensure_database(7, spec, tmp_path / "bench", templates=3)
    assert seconds is not None
    maker = CaseMaker(spec)
    saved = CaseStore.open(tmp_path / "saved.sqlite", spec)
    try:
        for n in (5, 1):  # case ids 6 and 2: copies of templates 3 and 1 … and template 2
            saved.save(_named(maker, spec, n % 3, n), user="bench")
    finally:
        saved.close()
    for saved_id, built_id in ((1, 6), (2, 2)):
        one, other = _rows(tmp_path / "saved.sqlite", saved_id), _rows(built, built_id)
        assert set(one) >= {"cases", "case_items", "derived_items", "group_entries",
                            "audit_events", *SEARCH}  # fmt: skip
        for table in one:
            assert one[table], table
            assert one[table] == other[table], table
    opened = CaseStore.open(built, spec)
    try:
        shown = opened.list_cases()
        assert [c.case_number for c in shown] == [f"BX{n:06d}" for n in range(7)]
        assert len({c.title for c in shown}) == 7
    finally:
        opened.close()


def test_a_copy_is_named_by_its_own_number_and_a_title_that_fits(spec: Spec) -> None:
    assert renamed(spec, "BX000122", "Leiomyosarcoma of the uterus (122)", 122, 99122) == {
        "BX000122": "BX099122",
        "Leiomyosarcoma of the uterus (122)": "Leiomyosarcoma of the uterus (99122)",
    }
    title = spec.summary_field("title")
    assert title is not None and title.max_length is not None
    full = "x" * (title.max_length - 5) + " (12)"  # one more digit would not fit
    assert renamed(spec, "BX000012", full, 12, 10012) == {"BX000012": "BX010012"}
    assert renamed(spec, "BX000012", "A title without its number", 12, 1012) == {
        "BX000012": "BX001012"
    }
