"""Recovery in the window (issue 12, findings 3, 4, 7; issue 16, fix 6): a locked database is
said to be locked and no restore is offered; a sound database whose log is ahead of its main
file opens; the restore question shows both files' case counts and latest saves, and the
file replaced is kept whole; a restore from the menu stops a running background backup and
brings back the backup's own cases; "Back up now" runs in the background and an sqlite3
error there is a message, with no wait cursor left; a full disk's message promises a draft
only when one was written."""

from __future__ import annotations

import errno
import signal
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.drafts import DraftStore
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, integrity
from desktop_app.store import backup as backup_module
from desktop_app.store.backup import list_backups, take_backup
from desktop_app.ui.main_window import MainWindow
from tests.conftest import OpenWindow, forbid_dialogs
from tests.damaged_files import damage_a_middle_page
from tests.test_recovery import (
    _crash_in_a_checkpoint,
    _fill,
    _numbers,
    hold_exclusively,
)

Button = QMessageBox.StandardButton


def _open(data: Path, path: Path) -> MainWindow | int:
    from desktop_app.cli import parse
    from desktop_app.ui.launch import open_main_window

    return open_main_window(parse(["--db", str(path), "--data-dir", str(data)]))


def _close(window: MainWindow) -> None:
    window.maintenance.stop()
    window.editor.set_dirty(False)
    assert window.context.error_handler is not None
    window.context.error_handler.uninstall()
    window.close()
    window.store.close()


def test_a_locked_database_at_start_is_said_locked_and_no_restore_is_offered(
    tmp_path: Path, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "READ_TIMEOUT_SECONDS", 0.2)
    _fill(db_path, spec, ["L-1", "L-2"])
    take_backup(db_path)  # an older backup that the old start offered in its place
    forbid_dialogs(monkeypatch, "question")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: said.append(text))
    holder = hold_exclusively(db_path)
    try:
        assert _open(tmp_path / "data", db_path) == 1
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert len(said) == 1 and "locked by another program" in said[0]
    assert "is damaged" not in said[0]
    assert list(db_path.parent.glob("cases-replaced-*")) == []
    assert _numbers(db_path, spec) == ["HELD-1", "L-1", "L-2"]  # nothing committed was lost


def test_a_sound_database_with_its_log_ahead_opens_without_a_restore_offered(
    qtbot: QtBot, tmp_path: Path, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db_path, spec, ["A-1"])
    take_backup(db_path)  # a 1-case backup, which the old start put over every case
    _crash_in_a_checkpoint(db_path, 300)
    forbid_dialogs(monkeypatch, "question", "critical", "warning")
    window = _open(tmp_path / "data", db_path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: not window.maintenance.running(), timeout=30_000)
        assert len(window.store.list_cases()) == 301
    finally:
        _close(window)
    assert list(db_path.parent.glob("cases-replaced-*")) == []


def test_the_restore_question_shows_both_files_and_the_damaged_one_is_kept_whole(
    qtbot: QtBot, tmp_path: Path, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db_path, spec, [f"OLD-{n}" for n in range(5)])
    take_backup(db_path)
    _fill(db_path, spec, [f"NEW-{n:03d}" for n in range(115)], "t" * 300)
    damage_a_middle_page(db_path)
    damaged = db_path.read_bytes()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a: asked.append(text) or Button.Yes)  # fmt: skip
    window = _open(tmp_path / "data", db_path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: "Restored" in window.statusBar().currentMessage(), timeout=30_000)
        assert "cases.sqlite: 120 case(s), last saved 20" in asked[0]
        assert ".backup.sqlite: 5 case(s), last saved 20" in asked[0]
        assert "kept whole" in asked[0] and "cases-replaced-<date>.sqlite" in asked[0]
        assert [c.case_number for c in window.store.list_cases()] == [f"OLD-{n}" for n in range(5)]
        kept = list(db_path.parent.glob("cases-replaced-*.sqlite"))
        assert len(kept) == 1 and str(kept[0]) in window.statusBar().currentMessage()
    finally:
        _close(window)
    assert kept[0].read_bytes() == damaged


def test_a_restore_from_the_menu_stops_the_backup_running_and_brings_back_the_backups_cases(
    qtbot: QtBot, main_window: OpenWindow, db_path: Path, spec: Spec, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from desktop_app.ui import background

    other = tmp_path / "other.sqlite"
    _fill(other, spec, ["B-1", "B-2"])
    chosen = take_backup(other)
    _fill(db_path, spec, [f"LIVE-{n:02d}" for n in range(40)], "t" * 2000)
    monkeypatch.setattr(backup_module, "PAGES_PER_STEP", 1)
    window = main_window()
    started, ready = threading.Event(), threading.Event()
    holder: list[background.BackgroundWork] = []

    def slow(_copied: int, _total: int) -> None:  # still copying when the restore is chosen
        started.set()
        ready.wait(30)  # the thread may call this before start() has returned
        holder[0].cancel.wait(30)

    work = window.maintenance.start(db_path, check=False, progress=slow, backup_now=True)
    holder.append(work)
    ready.set()
    qtbot.waitUntil(started.is_set, timeout=20_000)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(chosen), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a: asked.append(text) or Button.Yes)  # fmt: skip
    window.restore_backup_action.trigger()
    assert not work.running()  # stopped before the file was replaced
    assert "40 case(s)" in asked[0] and "2 case(s)" in asked[0]
    assert [c.case_number for c in window.store.list_cases()] == ["B-1", "B-2"]
    kept = list(db_path.parent.glob("cases-replaced-*.sqlite"))
    assert len(kept) == 1
    assert _numbers(kept[0], spec) == [f"LIVE-{n:02d}" for n in range(40)]
    assert list_backups(db_path) == []  # the stopped backup left nothing that counts


def test_back_up_now_runs_in_the_background_and_an_sqlite_error_is_a_message(
    qtbot: QtBot, main_window: OpenWindow, db_path: Path, spec: Spec,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from desktop_app import maintenance_service

    _fill(db_path, spec, ["K-1"])
    window = main_window()
    on_gui_thread: list[bool] = []

    def failing(*_args: object, **_kwargs: object) -> Path:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(maintenance_service, "take_backup", failing)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert on_gui_thread == [False]
    assert "disk is full" in warned[0]
    assert QApplication.overrideCursor() is None  # no wait cursor left on


def _save_on_a_full_disk(window: MainWindow, case_id: int) -> tuple[list[str], str]:
    """Open the case, fill the database's disk, type a long history and save: the warnings
    shown, and what was typed."""
    from sqlalchemy import event

    from tests.test_gui import field_set

    window.draft_timer.stop()
    window.open_case(case_id)
    with window.store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    event.listen(window.store.engine, "connect",
                 lambda dbapi, _r: dbapi.execute(f"PRAGMA max_page_count={pages}"))  # fmt: skip
    window.store.engine.dispose()
    long_text = "history " * 30_000
    field_set(window, "history").editors["presenting_complaint"].input.setPlainText(long_text)
    warnings: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QMessageBox, "warning", lambda *a: warnings.append(str(a[2])))
        assert not window.save()
    assert window.editor.record.values["presenting_complaint"] == long_text  # in the form
    return warnings, long_text


def _one_case(db_path: Path, spec: Spec) -> int:
    store = CaseStore.open(db_path, spec)
    case_id = store.save(CaseRecord(values={"case_number": "FULL-1"})).case_id
    store.close()
    assert case_id is not None
    return case_id


def test_a_full_disk_for_the_drafts_too_is_said_and_no_draft_is_promised(
    main_window: OpenWindow, db_path: Path, spec: Spec, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from desktop_app import drafts as drafts_module

    case_id = _one_case(db_path, spec)
    window = main_window(drafts=DraftStore(tmp_path / "drafts"))

    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(drafts_module.os, "fsync", no_space)
    warnings, _typed = _save_on_a_full_disk(window, case_id)
    assert len(warnings) == 1 and "disk is full" in warnings[0]
    assert "No draft could be written" in warnings[0] and "kept in a draft" not in warnings[0]
    assert window.drafts.load(window.editor.draft_key) is None
    assert not any((tmp_path / "drafts").glob("*.partial"))


def test_a_full_disk_for_the_database_only_keeps_a_draft_and_says_so(
    main_window: OpenWindow, db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    case_id = _one_case(db_path, spec)
    window = main_window(drafts=DraftStore(tmp_path / "drafts"))
    warnings, typed = _save_on_a_full_disk(window, case_id)
    assert len(warnings) == 1 and "disk is full" in warnings[0] and "kept in a draft" in warnings[0]
    draft = window.drafts.load(window.editor.draft_key)
    assert draft is not None and draft.record.values["presenting_complaint"] == typed
