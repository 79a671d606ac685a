"""Commands on the open case beyond editing: saving with its conflicts and reasons, drafts,
marking complete, removal and restoring, history, backups. The main window calls these."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from desktop_app.logs import case_reference, log
from desktop_app.merge import compare, reapply
from desktop_app.record import CaseRecord
from desktop_app.store import ConflictError, ReasonRequired, StoreError
from desktop_app.store.backup import backup_due, list_backups, restore_backup, take_backup
from desktop_app.store.backup import sqlite_path as database_file
from desktop_app.ui.conflict_dialog import ConflictDialog
from desktop_app.ui.history_dialog import HistoryDialog

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def ask_reason(window: MainWindow, title: str, question: str) -> str | None:
    """A reason in the registrar's words; asked again, saying why, when left empty. None
    when cancelled (nothing is done, and the form keeps what was typed)."""
    prompt = question
    while True:
        text, ok = QInputDialog.getText(window, title, prompt, QLineEdit.EchoMode.Normal, "")
        if not ok:
            window.statusBar().showMessage(f"{title}: cancelled; nothing was changed", 8000)
            return None
        if text.strip():
            return text.strip()
        prompt = f"{question}\n\nA reason is needed: a few words, or Cancel."


def save_record(window: MainWindow, record: CaseRecord) -> CaseRecord | None:
    """Save, asking for a reason when the case is complete and resolving a conflict with
    the registrar. Returns the saved record, or None when it was not saved (the edits stay
    in the form and in the draft)."""
    reason = ""
    while True:
        try:
            saved = window.store.save(record, user=window.settings.registrar_name, reason=reason)
            log.info("case saved: %s", case_reference(window.store.spec, saved))
            return saved
        except ReasonRequired:
            answer = ask_reason(
                window, "Reason for the change", "This case is complete. Why is it changed?"
            )
            if answer is None:
                return None
            reason = answer
        except ConflictError:
            resolve_conflict(window)
            return None
        except StoreError as exc:
            log.warning("case not saved: %s: %s", case_reference(window.store.spec, record),
                        type(exc).__name__)  # fmt: skip
            QMessageBox.warning(window, "Not saved", str(exc))
            return None


def resolve_conflict(window: MainWindow) -> None:
    editor = window.editor
    case_id = editor.record.case_id
    assert case_id is not None
    theirs = window.store.load(case_id)
    changes = compare(editor.base, theirs, editor.record)
    dialog = ConflictDialog(window.store.spec, changes, window)
    if dialog.exec() != ConflictDialog.DialogCode.Accepted:
        window.statusBar().showMessage("Not saved: the case was changed elsewhere", 8000)
        return
    merged = reapply(theirs, editor.record, dialog.chosen())
    editor.load(merged, base=theirs)
    editor.set_dirty(True)
    window.keep_draft()
    window.statusBar().showMessage("Their version reloaded with your changes; save to keep")


def offer_draft(window: MainWindow, record: CaseRecord) -> CaseRecord:
    """After a crash: the draft of this case, when the registrar wants it back."""
    draft = window.drafts.load(window.editor.draft_key) if window.drafts else None
    if draft is None or draft.record.same_content(record):
        return record
    answer = QMessageBox.question(
        window, "Unsaved changes found",
        f"Changes to this case from {draft.saved_at.replace('T', ' ')} (UTC) were never "
        "saved; the app may have closed unexpectedly. Restore them?",
    )  # fmt: skip
    if answer == QMessageBox.StandardButton.Yes:
        return draft.record
    window.drafts.discard(draft.key)
    return record


def toggle_complete(window: MainWindow) -> None:
    record = window.editor.record
    if window.editor.commit():
        return
    record.status = "draft" if record.status == "complete" else "complete"
    if not window.save():
        record.status = "complete" if record.status == "draft" else "draft"


def remove_case(window: MainWindow) -> None:
    record = window.editor.record
    if record.case_id is None:
        return
    reason = ask_reason(window, "Remove case", "Why is this case being removed? "
                        "It is hidden from the list and can be restored.")  # fmt: skip
    if reason is None:
        return
    window.store.set_removed(record.case_id, True, reason, user=window.settings.registrar_name)
    window.drafts.discard(window.editor.draft_key)
    window.editor.set_dirty(False)
    window.close_case()


def restore_removed(window: MainWindow) -> None:
    removed = window.store.list_cases(removed=True)
    if not removed:
        QMessageBox.information(window, "Removed cases", "No case has been removed.")
        return
    labels = [f"{c.case_number} — {c.title}" for c in removed]
    choice, ok = QInputDialog.getItem(window, "Removed cases", "Restore:", labels, 0, False)
    if not ok:
        return
    case = removed[labels.index(choice)]
    reason = ask_reason(window, "Restore case", "Why is this case being restored?")
    if reason is None:
        return
    window.store.set_removed(case.case_id, False, reason, user=window.settings.registrar_name)
    window.refresh_list(select=case.case_id)
    window.open_case(case.case_id)


def show_history(window: MainWindow) -> None:
    record = window.editor.record
    if record.case_id is None:
        return
    events = window.store.audit_trail(record.case_id)
    statuses = {n: v.status for n, v in window.store.versions(record.case_id).items()}
    HistoryDialog(window.store.spec, events, window.case_number(), window, statuses).exec()


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
