"""Reading a database written by an earlier release (tests/data/store_NNNN.sqlite) and its
expected JSON (tests/data/store_NNNN_expected.json), shared by the tests that open such a
file: a fresh copy to open, raw SQL on it, and what the store reads of its cases and cohorts."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from desktop_app.store import CaseStore
from desktop_app.store.queries import CaseFilter, Condition
from tests.data.make_store_0007 import digest

DATA = Path(__file__).parent / "data"


def expected(release: str) -> dict[str, Any]:
    """What that release read back from its own file."""
    text = (DATA / f"store_{release}_expected.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def copy_release(release: str, tmp_path: Path) -> Path:
    """A copy of the release's file, so that opening it changes nothing under tests/data."""
    path = tmp_path / "cases.sqlite"
    shutil.copyfile(DATA / f"store_{release}.sqlite", path)
    return path


def raw(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def read_cases_and_cohorts(store: CaseStore, wanted: dict[str, Any]) -> dict[str, Any]:
    """Every case in `wanted` (load, replayed versions, audit trail) and every cohort, as
    digests shaped like the expected JSON; each test adds its own search part."""
    out: dict[str, Any] = {"cases": {}, "cohorts": []}
    for case_id in map(int, wanted["cases"]):
        trail = [{k: v for k, v in e.items() if k != "id"} for e in store.audit_trail(case_id)]
        out["cases"][str(case_id)] = {
            "load": digest(store.load(case_id)),
            "versions": {str(v): digest(r) for v, r in store.versions(case_id).items()},
            "trail": digest(trail),
        }
    for conditions, _ids in wanted["cohorts"]:
        chosen = CaseFilter(conditions=tuple(Condition(*c) for c in conditions))
        ids = sorted(s.case_id for s in store.find_cases(chosen, limit=100))
        out["cohorts"].append([conditions, ids])
    return out
