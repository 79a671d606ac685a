"""Commands beside the open case: its history and restoring a removed case. Saving, status
and removal are the session's (desktop_app/session.py); backups are ui/backup_actions.py."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QInputDialog,
    QMessageBox,
    QWidget,
)

from desktop_app.store import CaseStore


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
    from desktop_app.ui.history_dialog import HistoryDialog  # loaded when first opened

    events = store.audit_trail(case_id)
    statuses = {n: v.status for n, v in store.versions(case_id).items()}
    HistoryDialog(store.spec, events, number, parent, statuses).exec()
