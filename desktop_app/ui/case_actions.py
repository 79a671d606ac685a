"""Commands beside the open case: its history, and backups. Saving, status and removal are
the session's (desktop_app/session.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)

from desktop_app.logs import log
from desktop_app.store import CaseStore
from desktop_app.store.backup import backup_due, list_backups, restore_backup, take_backup
from desktop_app.store.backup import sqlite_path as database_file
from desktop_app.ui.history_dialog import HistoryDialog
from desktop_app.ui.window_parts import CaseWindowBase as MainWindow


def choose_removed_case(store: CaseStore, parent: QWidget) -> int | None:
    """The removed case the registrar picks to restore; None when there is none or Cancel."""
    removed = store.list_cases(removed=True)
    if not removed:
        QMessageBox.information(parent, "Removed cases", "No case has been removed.")
        return None
    labels = [f"{c.case_number} — {c.title}" for c in removed]
    choice, ok = QInputDialog.getItem(parent, "Removed cases", "Restore:", labels, 0, False)
    return removed[labels.index(choice)].case_id if ok else None


def show_history(store: CaseStore, case_id: int, number: str, parent: QWidget) -> None:
    events = store.audit_trail(case_id)
    HistoryDialog(store.spec, events, number, parent).exec()


def backup_folder(window: MainWindow) -> Path | None:
    """The backups folder chosen in the settings; None for the default beside the database."""
    return Path(window.settings.backup_folder) if window.settings.backup_folder else None


def backup_now(window: MainWindow, automatic: bool = False) -> None:
    path = database_file(window.store.engine)
    folder = backup_folder(window)
    if path is None or (automatic and not backup_due(path, folder=folder)):
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # "Back up now" waits for it
    try:
        written = take_backup(path, keep=window.settings.backups_to_keep, folder=folder)
    except OSError as exc:
        QApplication.restoreOverrideCursor()
        log.error("backup failed: %s", exc)
        QMessageBox.warning(window, "Backup failed", str(exc))
        return
    QApplication.restoreOverrideCursor()
    log.info("backup written: %s", written)
    window.statusBar().showMessage(f"Backup written and verified: {written}", 8000)


def restore_from_backup(window: MainWindow) -> None:
    path = database_file(window.store.engine)
    if path is None or not window.settle_unsaved():
        return
    backups = list_backups(path, backup_folder(window))
    start = str(backups[0]) if backups else str(path.parent)
    chosen, _filter = QFileDialog.getOpenFileName(
        window, "Restore backup", start, "Backups (*.sqlite)"
    )
    if not chosen:
        return
    answer = QMessageBox.question(
        window, "Restore backup",
        f"Replace the current database with {chosen}? The current file is backed up first.",
    )  # fmt: skip
    if answer != QMessageBox.StandardButton.Yes:
        return
    window.store.engine.dispose()
    try:
        restore_backup(Path(chosen), path, keep=window.settings.backups_to_keep,
                       folder=backup_folder(window))  # fmt: skip
    except OSError as exc:
        log.error("backup not restored: %s", exc)
        QMessageBox.warning(window, "Not restored", str(exc))
        return
    log.info("backup restored: %s", Path(chosen).name)
    window.close_case()
    window.refresh_list()
    window.statusBar().showMessage(f"Restored {chosen}", 8000)
