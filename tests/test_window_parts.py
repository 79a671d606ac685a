"""The window's parts receive what they use, not the window (issue 15, the structure): the
safety work (ui/background.Maintenance), the backup menu, the error handler, the settings
and About dialogs work with a store, the settings, a status line and the open case's draft
keeping, and none of them reads an attribute attached to the window."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.record import CaseRecord
from desktop_app.settings import Settings
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, DamagedDatabase
from desktop_app.store.backup import list_backups, take_backup
from desktop_app.ui.about_dialog import about_rows
from desktop_app.ui.background import Maintenance
from desktop_app.ui.error_dialog import ErrorDialog, install_error_handler

UI = Path(__file__).resolve().parent.parent / "desktop_app" / "ui"
PARTS = (
    "background",
    "error_dialog",
    "settings_dialog",
    "about_dialog",
    "backup_actions",
    "report_actions",
    "case_commands",
    "window_menus",
    "entry_pages",
)


class Keeper:
    """The open case as the safety work sees it: what it was asked to do, in order."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def keep_draft(self) -> None:
        self.asked.append("keep_draft")

    def set_aside_as_draft(self) -> None:
        self.asked.append("set_aside_as_draft")

    def close_case(self) -> None:
        self.asked.append("close_case")

    def offer_new_case_drafts(self) -> None:
        self.asked.append("offer_new_case_drafts")


def test_no_part_takes_the_window_or_reads_an_attribute_attached_to_it() -> None:
    found = []
    for name in PARTS:
        tree = ast.parse((UI / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "desktop_app.ui.window_parts":
                found.append(f"{name} imports window_parts")
            if isinstance(node, ast.arg) and node.arg == "window":
                found.append(f"{name} takes a window")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
            ):
                found.append(f"{name} line {node.lineno}: getattr")
    assert found == []


def test_the_safety_work_runs_on_a_store_and_a_status_line_without_a_window(
    qtbot: QtBot, tmp_path: Path, spec: Spec
) -> None:
    database = tmp_path / "cases.sqlite"
    store = CaseStore.open(database, spec)
    said: list[str] = []
    parent = QWidget()
    qtbot.addWidget(parent)
    backups = tmp_path / "chosen"
    settings = Settings(backup_folder=str(backups), backups_to_keep=3)
    maintenance = Maintenance(store, lambda: settings, Keeper(), lambda t, _ms: said.append(t),
                              parent)  # fmt: skip
    try:
        work = maintenance.start(database, check=True, backup_now=True)
        assert maintenance.running() or list_backups(database, backups)
        qtbot.waitUntil(lambda: any(s.startswith("Backup written") for s in said), timeout=20_000)
        assert not work.running() and not maintenance.running()
        assert len(list_backups(database, backups)) == 1  # in the settings' folder
    finally:
        maintenance.stop()
        store.close()


def test_damage_found_later_keeps_the_draft_and_a_restore_goes_through_the_open_case(
    qtbot: QtBot, tmp_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "cases.sqlite"
    store = CaseStore.open(database, spec)
    backup = take_backup(database)
    keeper, said = Keeper(), []
    parent = QWidget()
    qtbot.addWidget(parent)
    maintenance = Maintenance(store, Settings, keeper, lambda t, _ms: said.append(t), parent)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    try:
        damaged = DamagedDatabase(database, ["page 3: bad"], backup)
        maintenance.found_damage(damaged)
        assert keeper.asked == ["keep_draft", "set_aside_as_draft", "close_case",
                                "offer_new_case_drafts"]  # fmt: skip
        assert said[0].startswith("The database is damaged")
        assert said[-1].startswith(f"Restored {backup}")
        assert list(tmp_path.glob("cases-replaced-*.sqlite"))  # the damaged file kept whole
        with sqlite3.connect(database) as connection:
            assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
    finally:
        store.close()


def test_the_error_handler_needs_only_the_record_and_the_draft_keeping(
    qtbot: QtBot, spec: Spec
) -> None:
    record = CaseRecord(values={"patient_name": "Zoltan Quibble"})
    kept: list[str] = []
    shown: list[ErrorDialog] = []
    parent = QWidget()
    qtbot.addWidget(parent)
    original = ErrorDialog.exec
    ErrorDialog.exec = lambda self: shown.append(self) or 0  # type: ignore[method-assign]
    handler = install_error_handler(parent, spec, lambda: record, lambda: kept.append("kept"))
    try:

        def fail() -> None:
            raise RuntimeError("no Zoltan Quibble in this report")

        QTimer.singleShot(0, fail)
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        handler.uninstall()
        ErrorDialog.exec = original  # type: ignore[method-assign]
    qtbot.addWidget(shown[0])
    assert kept == ["kept"]  # what was typed is kept first
    assert "RuntimeError" in shown[0].report and "Zoltan Quibble" not in shown[0].report


def test_about_lists_the_folders_of_the_settings_and_the_data_folder(
    tmp_path: Path, spec: Spec
) -> None:
    store = CaseStore.open(tmp_path / "cases.sqlite", spec)
    try:
        settings = Settings(backup_folder=str(tmp_path / "b"))
        found = about_rows(store.engine, settings, tmp_path / "data")
        rows = {caption: text for caption, text, _folder in found}
    finally:
        store.close()
    assert rows["Database"] == str(tmp_path / "cases.sqlite")
    assert rows["Backups folder"] == str(tmp_path / "b")
    assert rows["Data folder"] == str(tmp_path / "data")
