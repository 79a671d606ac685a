"""The audit trail: every change recorded, append-only, and every version rebuilt from it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, ReasonRequired


def _history(store: CaseStore) -> tuple[int, list[CaseRecord]]:
    """Save a case through eight versions; return its id and each version as saved."""
    record = CaseRecord(values={"case_number": "AUD-1", "title": "first", "sex": "female"})
    saved: list[CaseRecord] = []

    def keep() -> None:
        store.save(record, user="ann")
        saved.append(CaseRecord.from_json(record.to_json()))

    keep()
    first = record.add_entry("imaging_study", {"modality": "US", "size_mm": "64"})
    second = record.add_entry("imaging_study", {"modality": "MG"})
    keep()
    record.values["title"] = "second"
    record.entry("imaging_study", first.entry_id).values["size_mm"] = "70"
    keep()
    record.move_entry("imaging_study", second.entry_id, -1)
    keep()
    record.remove_entry("imaging_study", first.entry_id)
    del record.values["sex"]
    keep()
    record.add_entry("treatment", {"modality": "surgery"})
    keep()
    record.status = "complete"
    keep()
    record.values["title"] = "corrected"
    store.save(record, user="bob", reason="typo in the title")
    saved.append(CaseRecord.from_json(record.to_json()))
    assert record.case_id is not None
    return record.case_id, saved


def test_replaying_the_audit_rebuilds_every_earlier_version_exactly(store: CaseStore) -> None:
    case_id, saved = _history(store)
    versions = store.versions(case_id)
    assert sorted(versions) == list(range(1, len(saved) + 1))
    for number, expected in enumerate(saved, start=1):
        rebuilt = versions[number]
        assert rebuilt.items() == expected.items(), number
        assert rebuilt.entry_order() == expected.entry_order(), number
        assert rebuilt.status == expected.status, number
    latest = store.load(case_id)
    assert versions[len(saved)].same_content(latest)


def test_each_event_says_who_when_what_and_why(store: CaseStore) -> None:
    case_id, _saved = _history(store)
    events = store.audit_trail(case_id)
    change = [e for e in events if e["field_id"] == "title" and e["new_value"] == "corrected"]
    assert len(change) == 1
    event = change[0]
    assert (event["user_name"], event["old_value"], event["reason"]) == (
        "bob",
        "second",
        "typo in the title",
    )
    assert event["os_user"] and event["at_utc"].endswith("+00:00")
    removed = [e for e in events if e["action"] == "value_removed" and e["field_id"] == "sex"]
    assert removed and removed[0]["old_value"] == "female" and removed[0]["new_value"] is None
    assert {e["action"] for e in events} >= {
        "case_created",
        "value_added",
        "value_changed",
        "value_removed",
        "entry_added",
        "entry_removed",
        "order_changed",
        "status_changed",
    }


def test_a_complete_case_changes_only_with_a_reason(store: CaseStore) -> None:
    record = store.save(CaseRecord(values={"case_number": "C-1"}, status="complete"))
    record.values["title"] = "late edit"
    with pytest.raises(ReasonRequired):
        store.save(record)
    assert "title" not in store.load(record.case_id or 0).values  # nothing half-written
    store.save(record, reason="pathology review")
    assert store.load(record.case_id or 0).values["title"] == "late edit"


def test_removal_is_soft_needs_a_reason_and_can_be_undone(store: CaseStore) -> None:
    record = store.save(CaseRecord(values={"case_number": "R-1"}, status="complete"))
    case_id = record.case_id or 0
    with pytest.raises(ReasonRequired):
        store.set_removed(case_id, True, reason=" ")
    store.set_removed(case_id, True, reason="entered twice")
    assert store.list_cases() == []
    assert [c.case_number for c in store.list_cases(removed=True)] == ["R-1"]
    assert store.load(case_id).values["case_number"] == "R-1"  # nothing is deleted
    store.set_removed(case_id, False, reason="not a duplicate after all")
    [case] = store.list_cases()
    assert case.status == "complete"  # the status it had before removal
    actions = [e["action"] for e in store.audit_trail(case_id)]
    assert actions[-2:] == ["case_removed", "case_restored"]


def test_the_database_refuses_to_change_or_delete_audit_rows(store: CaseStore) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    case_id, _saved = _history(store)
    for statement in ("UPDATE audit_events SET changes = 'forged'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
            connection.execute(text(statement))
    assert len(store.audit_trail(case_id)) > 10


def test_an_old_database_is_backed_up_then_migrated(tmp_path: Path, spec: Spec) -> None:
    from alembic import command
    from alembic.config import Config

    from desktop_app.store.backup import list_backups
    from desktop_app.store.engine import make_engine
    from desktop_app.store.migrate import MIGRATIONS

    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO cases (id, case_number, status, form_version, row_version, "
            "next_entry_id, problem_count, created_by, created_at, updated_by, updated_at, "
            "title, sex, site, diagnosis, icdo3) VALUES (1, 'OLD-1', 'draft', '', 1, 1, 0, "
            "'', '', '', '', 'old', '', '', '', '')"
        )
    engine.dispose()
    store = CaseStore.open(path, spec)
    [backup] = list_backups(path)
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert [c.case_number for c in store.list_cases()] == ["OLD-1"]
    store.close()


def test_replay_gives_the_status_of_every_version_through_removal_and_restore(
    store: CaseStore,
) -> None:
    """Issue 16, fix 3: each version's status as the registrar saw it, written out here."""
    record = store.save(CaseRecord(values={"case_number": "ST-1"}))  # 1 draft
    case_id = record.case_id or 0
    record.status = "complete"
    store.save(record)  # 2 complete
    store.set_removed(case_id, True, reason="entered twice")  # 3 removed
    store.set_removed(case_id, False, reason="not twice after all")  # 4 complete again
    record = store.load(case_id)
    record.status = "draft"
    store.save(record, reason="reopened for pathology")  # 5 draft
    store.set_removed(case_id, True, reason="test case")  # 6 removed
    store.set_removed(case_id, False, reason="a real case")  # 7 draft again
    record = store.load(case_id)
    record.values["title"] = "after restore"
    study = record.add_entry("imaging_study", {"modality": "US"})
    store.save(record)  # 8 draft, titled, one study
    record.remove_entry("imaging_study", study.entry_id)
    store.save(record)  # 9 draft, the group emptied
    versions = store.versions(case_id)
    assert {n: v.status for n, v in versions.items()} == {
        1: "draft",
        2: "complete",
        3: "removed",
        4: "complete",
        5: "draft",
        6: "removed",
        7: "draft",
        8: "draft",
        9: "draft",
    }
    assert versions[8].values == {"case_number": "ST-1", "title": "after restore"}
    assert versions[7].values == {"case_number": "ST-1"}
    assert versions[8].entry_order() == {"imaging_study": [study.entry_id]}
    assert versions[9].entry_order() == {} and versions[9].items() == versions[7].items() | {
        ("", 0, "title"): "after restore"
    }
    assert {v.case_id for v in versions.values()} == {case_id}
    latest = store.load(case_id)
    assert (versions[9].status, versions[9].row_version) == (latest.status, latest.row_version)


def test_the_history_shows_each_versions_status(
    main_window: Any, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The replayed versions have their caller: the history dialog's Version and Status."""
    from desktop_app.ui.history_dialog import HEADERS, HistoryDialog

    store = CaseStore.open(db_path, spec)
    record = store.save(CaseRecord(values={"case_number": "H-1"}))  # 1 draft
    record.status = "complete"
    store.save(record)  # 2 complete
    store.set_removed(record.case_id or 0, True, reason="entered twice")  # 3 removed
    store.set_removed(record.case_id or 0, False, reason="it was not")  # 4 complete
    store.close()
    window = main_window()
    window.open_case(record.case_id)
    shown: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda d: shown.append(d) or 0)
    window.history_action.trigger()
    table = shown[0].table
    version, status = HEADERS.index("Version"), HEADERS.index("Status")
    rows = {
        (table.item(r, version).text(), table.item(r, status).text())
        for r in range(table.rowCount())
        if table.item(r, version).text()
    }
    assert rows == {("1", "draft"), ("2", "complete"), ("3", "removed"), ("4", "complete")}


def test_events_of_the_whole_case_name_no_group_entry_or_field(store: CaseStore) -> None:
    record = store.save(CaseRecord(values={"case_number": "E-1"}, status="complete"))
    store.set_removed(record.case_id or 0, True, reason="entered twice")
    store.set_removed(record.case_id or 0, False, reason="it was not")
    whole = [
        (e["action"], e["group_id"], e["entry_id"], e["field_id"])
        for e in store.audit_trail(record.case_id or 0)
        if not e["action"].startswith("value_")
    ]
    assert whole == [
        ("case_created", "", 0, ""),
        ("status_changed", "", 0, ""),
        ("case_removed", "", 0, ""),
        ("case_restored", "", 0, ""),
    ]
