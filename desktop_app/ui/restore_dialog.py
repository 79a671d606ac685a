"""The question before a restore: which file is in use, which is the backup, how many cases
each holds and when each was last saved, and where the file now in use will be kept."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.maintenance_service import RestoreChoice


def confirm_restore(parent: QWidget | None, why: str, choice: RestoreChoice) -> bool:
    """Ask before a restore; True when the registrar chooses the backup."""
    answer = QMessageBox.question(
        parent,
        "Restore a backup?",
        f"{why}\n\n{choice.text()}\n\nRestore the backup {choice.backup.path}?",
    )
    return answer == QMessageBox.StandardButton.Yes
