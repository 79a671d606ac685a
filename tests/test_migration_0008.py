"""Migration 0008 (issue 13: long texts out of the cohort index) on a database written by
the release whose schema is 0007 (tests/data/store_0007.sqlite, made at that release by
tests/data/make_store_0007.py): every case, every replayed version, every audit trail,
the cohorts and the search words find what that release found
(tests/data/store_0007_expected.json, read back by that release); a backup is taken
first; the way back to 0007 and forth again keeps it all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.backup import list_backups
from desktop_app.store.migrate import head_revision
from desktop_app.store.queries import CaseFilter
from tests.conftest import downgrade
from tests.store_release import DATA, copy_release, expected, raw, read_cases_and_cohorts

EXPECTED = expected("0007")


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    return copy_release("0007", tmp_path)


def _what_it_reads(store: CaseStore) -> dict[str, Any]:
    out = read_cases_and_cohorts(store, EXPECTED)
    out["search"] = {}
    for word in EXPECTED["search"]:
        found = store.find_cases(CaseFilter(text=word), limit=100)
        out["search"][word] = sorted(s.case_id for s in found)
    return out


def test_a_0007_database_keeps_every_case_replay_cohort_and_search(
    old_file: Path, spec: Spec
) -> None:
    audit_before = raw(old_file, "SELECT * FROM audit_events ORDER BY id")
    values_before = raw(old_file, "SELECT * FROM case_items ORDER BY 1, 2, 3")
    store = CaseStore.open(old_file, spec)
    try:
        assert raw(old_file, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
        assert _what_it_reads(store) == EXPECTED
        # the rows themselves are untouched: only indexes changed (and 0009's empty login)
        audit_after = raw(old_file, "SELECT * FROM audit_events ORDER BY id")
        assert [row[:-1] for row in audit_after] == audit_before
        assert {row[-1] for row in audit_after} == {None}
        # the values' rows as the cohort index of 0010 keeps them: a long text as its key
        indexed = [(*row[:3], row[3] if len(row[3]) <= 16 else "", row[4]) for row in values_before]
        assert raw(old_file, "SELECT * FROM case_items ORDER BY 1, 2, 3") == indexed
        backups = list_backups(old_file)
        assert len(backups) == 1  # taken before migrating: the release's own file
        assert raw(backups[0], "SELECT version_num FROM alembic_version") == [("0007",)]
        assert raw(backups[0], "SELECT * FROM audit_events ORDER BY id") == audit_before
        # and the cases go on being edited and found after the migration
        record = store.load(2)
        record.values["title"] = "quokka sighting"
        store.save(record, user="later", reason="a late correction")
        assert [s.case_id for s in store.find_cases(CaseFilter(text="quokka"))] == [2]
        record.values["title"] = "wombat"
        store.save(record, user="later", reason="another")
        assert [s.case_id for s in store.find_cases(CaseFilter(text="wombat"))] == [2]
        assert store.find_cases(CaseFilter(text="quokka")) == []  # the old text's entries went
    finally:
        store.close()


def test_the_way_back_and_forth_keeps_it_all(old_file: Path, spec: Spec) -> None:
    store = CaseStore.open(old_file, spec)
    downgrade(store, "0007")
    assert raw(old_file, "SELECT version_num FROM alembic_version") == [("0007",)]
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    assert raw(old_file, indexes) == raw(DATA / "store_0007.sqlite", indexes)  # 0007's own
    again = CaseStore.open(old_file, spec)
    try:
        assert _what_it_reads(again) == EXPECTED
    finally:
        again.close()


def test_long_values_are_out_of_the_short_index(old_file: Path, spec: Spec) -> None:
    downgrade(CaseStore.open(old_file, spec), "0008")  # 0008's indexes (0010 drops them)
    longest = raw(old_file, "SELECT max(length(value_text)) FROM case_items")[0][0]
    assert longest > 16
    plan = raw(
        old_file,
        "EXPLAIN QUERY PLAN SELECT case_id FROM case_items WHERE field_code = 1 "
        "AND length(value_text) <= 16 AND value_text = 'x'",
    )
    assert "COVERING INDEX ix_case_items_short" in " ".join(str(p) for p in plan)
    in_index = raw(old_file, "SELECT count(*) FROM case_items INDEXED BY ix_case_items_short "
                    "WHERE length(value_text) <= 16")  # fmt: skip
    everything = raw(old_file, "SELECT count(*), sum(length(value_text) <= 16) FROM case_items")
    assert in_index[0][0] == everything[0][1] < everything[0][0]
