"""Migration 0010 rebuilds the cohort index a batch of cases at a time (so that the
open's progress is told after each), and 0011 says before it indexes the cases' numbers;
the rebuilt table is, row for row, what the former single INSERT … ORDER BY made, on the
0009 release's file and on a few hundred generated cases taken back to 0009."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.util import pyfiles

from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from tests.store_release import copy_release, raw

REBUILDING = "rebuilding the cohort index"
INDEXING = "indexing the cases' numbers"
# the rebuild as the 0010 script first wrote it: one INSERT of every row, sorted first
ONE_INSERT = (
    "CREATE TABLE expected (case_id INTEGER NOT NULL, field_code INTEGER NOT NULL, "
    "entry_id INTEGER NOT NULL, value_text TEXT NOT NULL, value_num FLOAT, "
    "PRIMARY KEY (field_code, value_text, case_id, entry_id)) WITHOUT ROWID;"
    "INSERT INTO expected (case_id, field_code, entry_id, value_text, value_num) "
    "SELECT case_id, field_code, entry_id, CASE WHEN length(value_text) <= 16 "
    "THEN value_text ELSE '' END, value_num FROM case_items ORDER BY 2, 4, 1, 3;"
)


def _rebuild_batches(monkeypatch: pytest.MonkeyPatch, cases: int) -> None:
    """0010 rebuilds `cases` cases per batch (set on the script as Alembic loads it)."""
    load = pyfiles.load_module_py

    def loaded(module_id: str, path: Any) -> Any:
        module = load(module_id, path)
        if Path(path).name.startswith("0010_"):
            module.REBUILD_CHUNK = cases
        return module

    monkeypatch.setattr(pyfiles, "load_module_py", loaded)


def _one_insert(path: Path) -> list[tuple[Any, ...]]:
    """The rows the single INSERT makes of this 0009 file (on a copy of it)."""
    copy = path.with_name("reference.sqlite")
    copy.write_bytes(path.read_bytes())
    with sqlite3.connect(copy) as connection:
        connection.executescript(ONE_INSERT)
        return connection.execute("SELECT * FROM expected").fetchall()


def _migrated_rows(path: Path, spec: Spec) -> tuple[list[tuple[Any, ...]], list[Any]]:
    calls: list[tuple[str, int, int]] = []
    CaseStore.open(path, spec, lambda *call: calls.append(call)).close()
    rows = raw(path, "SELECT case_id, field_code, entry_id, value_text, value_num "
               "FROM case_items")  # fmt: skip
    return rows, calls


def test_the_release_file_rebuilt_in_batches_of_two_is_the_single_inserts_table(
    tmp_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_release("0009", tmp_path)
    expected = _one_insert(path)
    assert len(expected) > 20 and any(row[3] == "" for row in expected)  # long values too
    _rebuild_batches(monkeypatch, 2)
    rows, calls = _migrated_rows(path, spec)
    assert rows == expected
    rebuilding = [call for call in calls if call[0] == REBUILDING]
    assert rebuilding == [(REBUILDING, 0, 5), (REBUILDING, 2, 5), (REBUILDING, 4, 5),
                          (REBUILDING, 5, 5)]  # fmt: skip
    at = calls.index((INDEXING, 0, 0))  # 0011, once, after the rebuild
    assert calls.count((INDEXING, 0, 0)) == 1 and at > calls.index((REBUILDING, 5, 5))


def test_a_few_hundred_generated_cases_rebuilt_in_batches_are_the_single_inserts_table(
    tmp_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.database import ensure_database
    from benchmarks.migration_progress import _to_0009

    source, _ = ensure_database(300, spec, tmp_path / "bench")
    path = tmp_path / "cases.sqlite"
    path.write_bytes(source.read_bytes())
    _to_0009(path)
    assert raw(path, "SELECT version_num FROM alembic_version") == [("0009",)]
    expected = _one_insert(path)
    assert len({row[0] for row in expected}) == 300
    _rebuild_batches(monkeypatch, 7)
    rows, calls = _migrated_rows(path, spec)
    assert rows == expected
    rebuilding = [call for call in calls if call[0] == REBUILDING]
    assert rebuilding == [(REBUILDING, done, 300) for done in [*range(0, 300, 7), 300]]


def test_a_database_without_values_is_not_said_to_be_indexed(tmp_path: Path, spec: Spec) -> None:
    path = copy_release("0009", tmp_path)
    raw(path, "DELETE FROM case_items")
    _rows, calls = _migrated_rows(path, spec)
    assert [call for call in calls if call[0] == INDEXING] == []
    assert [call for call in calls if call[0] == REBUILDING] == [
        (REBUILDING, 0, 5), (REBUILDING, 5, 5)]  # fmt: skip
