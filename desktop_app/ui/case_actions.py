"""Commands on the open case beyond editing: saving with its conflicts and reasons, drafts,
marking complete, removal and restoring, history. The main window calls these (backups:
ui/backup_actions.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from desktop_app.drafts import keep_after_failed_save
from desktop_app.logs import case_reference, log
from desktop_app.merge import compare, reapply
from desktop_app.record import CaseRecord
from desktop_app.rules.completeness import completion_blockers
from desktop_app.store import ConflictError, ReasonRequired, StoreError
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
            kept = keep_after_failed_save(window.drafts, window.editor.draft_key, record)
            QMessageBox.warning(window, "Not saved", f"{exc}\n\n{kept}")
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
    blockers = completion_blockers(window.store.spec, record) if record.status == "draft" else ()
    if blockers:  # issue 11: said beside the field it needs, which gets the focus
        window.editor.show_field_message(blockers[0].target.field, blockers[0].text)
        window.editor.focus_target(blockers[0].target)
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
    HistoryDialog(window.store.spec, events, window.case_number(), window).exec()
