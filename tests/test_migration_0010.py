"""Migration 0010 (issue 13: bytes per case): the values are read from the audit and
`case_items` becomes the cohort index, on a database written by the 0009 release
(tests/data/store_0009.sqlite): every case, every replayed version, every audit trail, the
cohorts and the search words read what that release read (store_0009_expected.json), a
backup is taken first, and a case whose stored values differ from its audit (changed
outside the app before migrating) keeps its stored values, through one reconciling event.
`check` then compares the index with the replay: a changed index row fails it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.audit_check import replay_problems
from desktop_app.store.backup import list_backups
from desktop_app.store.migrate import head_revision
from desktop_app.store.queries import CaseFilter, Condition
from tests.store_release import copy_release, raw
from tests.test_search_rows_0009 import EXPECTED, _what_it_reads

TITLE, DISCUSSION = 98, 28  # the codes of the 0009 file's fields (item_fields)


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    return copy_release("0009", tmp_path)


def test_a_0009_database_reads_the_same_from_the_audit_and_the_new_index(
    old_file: Path, spec: Spec
) -> None:
    audit_before = raw(old_file, "SELECT * FROM audit_events ORDER BY id")
    values_before = raw(old_file, "SELECT case_id, field_code, entry_id, value_text, value_num "
                        "FROM case_items ORDER BY 1, 2, 3")  # fmt: skip
    assert any(len(row[3]) > 16 for row in values_before)  # the file has long values
    store = CaseStore.open(old_file, spec)
    try:
        assert raw(old_file, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
        assert _what_it_reads(store) == EXPECTED
        assert raw(old_file, "SELECT * FROM audit_events ORDER BY id") == audit_before
        index = raw(old_file, "SELECT case_id, field_code, entry_id, value_text, value_num "
                    "FROM case_items ORDER BY 1, 2, 3")  # fmt: skip
        assert index == [(*row[:3], row[3] if len(row[3]) <= 16 else "", row[4])
                         for row in values_before]  # fmt: skip
        indexes = raw(old_file, "SELECT name FROM sqlite_master WHERE type = 'index' "
                      "AND tbl_name = 'case_items'")  # fmt: skip
        assert indexes == [("ix_case_items_case_numbers",)]  # the table is the key; 0011
        backups = list_backups(old_file)
        assert len(backups) == 1
        assert raw(backups[0], "SELECT version_num FROM alembic_version") == [("0009",)]
        assert replay_problems(store.engine) == []
    finally:
        store.close()


def test_a_case_changed_outside_before_migrating_keeps_its_stored_values(
    old_file: Path, spec: Spec
) -> None:
    raw(old_file, f"UPDATE case_items SET value_text = 'retitled outside the app' "
        f"WHERE case_id = 2 AND field_code = {TITLE}")  # fmt: skip
    raw(old_file, f"INSERT INTO case_items VALUES (2, {DISCUSSION}, 0, 'lives alone', NULL)")
    removed = raw(old_file, "SELECT field_code, entry_id FROM case_items WHERE case_id = 4 "
                  f"AND field_code NOT IN ({TITLE}) ORDER BY 1, 2 LIMIT 1")[0]  # fmt: skip
    raw(old_file, f"DELETE FROM case_items WHERE case_id = 4 AND field_code = {removed[0]} "
        f"AND entry_id = {removed[1]}")  # fmt: skip
    events_before = raw(old_file, "SELECT count(*) FROM audit_events")[0][0]
    store = CaseStore.open(old_file, spec)
    try:
        two, four = store.load(2), store.load(4)
        assert two.values["title"] == "retitled outside the app"
        assert two.values["discussion"] == "lives alone"
        old_versions = EXPECTED["cases"]["4"]["versions"]
        assert len(store.versions(4)) == len(old_versions) + 1  # one version more
        assert raw(old_file, "SELECT count(*) FROM audit_events")[0][0] == events_before + 2
        for case_id in (2, 4):
            last = store.audit_trail(case_id)[-1]
            assert (last["user_name"], last["reason"]) == (
                "migration",
                "values as stored before migration 0010",
            )
        trail = store.audit_trail(4)
        assert [e["action"] for e in trail if e["user_name"] == "migration"] == ["value_removed"]
        group, field = raw(old_file, "SELECT group_id, field_id FROM item_fields "
                           f"WHERE code = {removed[0]}")[0]  # fmt: skip
        versions = store.versions(4)
        key = (group, removed[1], field)
        assert key in versions[sorted(versions)[-2]].items()  # there before the migration
        assert key not in four.items() and key not in versions[max(versions)].items()
        # the other cases are as that release read them; the check finds nothing amiss
        assert replay_problems(store.engine) == []
        found = store.find_cases(CaseFilter(conditions=(
            Condition("", "title", "contains", "retitled outside"),)))  # fmt: skip
        assert [s.case_id for s in found] == [2]
    finally:
        store.close()


def test_check_names_a_changed_index_row(db_path: Path, spec: Spec) -> None:
    store = CaseStore.open(db_path, spec)
    try:
        note = "a long note about the patient's home"
        record = CaseRecord(values={"case_number": "T-1", "title": "short title",
                                    "age_at_presentation": "57", "psychosocial": note})  # fmt: skip
        case_id = store.save(record).case_id
        other = store.save(CaseRecord(values={"case_number": "T-2", "title": "kept"})).case_id
        assert replay_problems(store.engine) == []
        path, mine = str(db_path), case_id
        for tamper, undo in (
            ("UPDATE case_items SET value_text = 'forged' WHERE value_text = 'short title'",
             "UPDATE case_items SET value_text = 'short title' WHERE value_text = 'forged'"),
            ("UPDATE case_items SET value_num = 99 WHERE value_text = '57'",
             "UPDATE case_items SET value_num = 57 WHERE value_text = '57'"),
            (f"UPDATE case_items SET value_text = 'x' WHERE value_text = '' AND case_id = {mine}",
             f"UPDATE case_items SET value_text = '' WHERE value_text = 'x' AND case_id = {mine}"),
            (f"INSERT INTO case_items VALUES ({case_id}, 1, 7, 'stray', NULL)",
             f"DELETE FROM case_items WHERE case_id = {case_id} AND entry_id = 7"),
            (f"DELETE FROM case_items WHERE value_text = '57' AND case_id = {case_id}",
             f"INSERT INTO case_items SELECT {case_id}, code, 0, '57', 57 FROM item_fields "
             "WHERE group_id = '' AND field_id = 'age_at_presentation'"),
        ):  # fmt: skip
            raw(Path(path), tamper)
            problems = replay_problems(store.engine)
            assert len(problems) == 1 and "case T-1" in problems[0], (tamper, problems)
            assert "forged" not in problems[0]  # the place, never the value
            raw(Path(path), undo)
            assert replay_problems(store.engine) == [], undo
        assert other != case_id
    finally:
        store.close()


def test_a_case_without_audit_events_is_accounted_for_whole(old_file: Path, spec: Spec) -> None:
    """A case written without events (an old bulk path, a row put in by hand on a server
    before its triggers): 0010 reads values from the audit alone, so its reconciling event
    must hold them, and its entries and status too, or the history and `check` disagree."""
    columns = [row[1] for row in raw(old_file, "PRAGMA table_info(cases)")]
    copied = ", ".join({"id": "99", "case_number": "'NO-EVENTS'"}.get(c, c) for c in columns)
    raw(old_file, f"INSERT INTO cases ({', '.join(columns)}) SELECT {copied} FROM cases "
        "WHERE id = 1")  # fmt: skip
    raw(old_file, "INSERT INTO group_entries SELECT 99, group_id, entry_id, position "
        "FROM group_entries WHERE case_id = 1")  # fmt: skip
    raw(old_file, "INSERT INTO case_items SELECT 99, field_code, entry_id, value_text, "
        "value_num FROM case_items WHERE case_id = 1")  # fmt: skip
    assert raw(old_file, "SELECT count(*) FROM audit_events WHERE case_id = 99") == [(0,)]
    status = raw(old_file, "SELECT status FROM cases WHERE id = 1")[0][0]
    assert status != "draft"  # what a replay starts from
    store = CaseStore.open(old_file, spec)
    try:
        source, copy = store.load(1), store.load(99)
        assert copy.items() == source.items() and len(copy.items()) > 100
        assert copy.entry_order() == source.entry_order() and copy.status == status
        versions = store.versions(99)
        assert len(versions) == 1
        last = versions[max(versions)]
        assert (last.items(), last.entry_order(), last.status) == (
            copy.items(), copy.entry_order(), status)  # fmt: skip
        assert {e["user_name"] for e in store.audit_trail(99)} == {"migration"}
        assert replay_problems(store.engine) == []
    finally:
        store.close()
