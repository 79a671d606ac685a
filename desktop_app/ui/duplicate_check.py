"""Before a case is saved with a new record number, or a new date of birth, sex and
diagnosis: warn when another case already has them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from desktop_app.store.duplicates import duplicate_keys, find_duplicates

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

STATUS_WORDS = {"removed": " (removed — restore it from Case → Removed cases…)"}


def confirm_not_duplicate(window: MainWindow) -> bool:
    """True when saving may go on: nothing identifying changed, no other case matches, or
    the registrar chose to save anyway. The edits stay in the form either way."""
    spec, editor = window.store.spec, window.editor
    record = editor.record
    keys = duplicate_keys(spec, record)
    if not keys or (record.case_id is not None and keys == duplicate_keys(spec, editor.base)):
        return True
    matches = find_duplicates(window.store.engine, spec, record)
    if not matches:
        return True
    lines = "\n".join(
        f"• case {m.case_number}: {m.reason}{STATUS_WORDS.get(m.status, '')}" for m in matches
    )
    box = QMessageBox(QMessageBox.Icon.Warning, "Possible duplicate", "", parent=window)
    box.setObjectName("duplicate_warning")
    box.setText("This case may already be in the database:")
    box.setInformativeText(
        f"{lines}\n\nSave it anyway only if it is a different patient or tumour. "
        "Cancel keeps your entries in the form."
    )
    save = box.addButton("Save anyway", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    if box.clickedButton() is not save:
        window.statusBar().showMessage("Not saved: possible duplicate", 8000)
        return False
    return True
