"""The open case's questions (desktop_app.session.Prompts) asked with dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop_app.drafts import Draft
from desktop_app.merge import Change
from desktop_app.spec import Spec
from desktop_app.store.duplicates import Duplicate

STATUS_WORDS = {"removed": " (removed — restore it from Case → Removed cases…)"}


class DialogPrompts:
    """What the window says after an answer (not saved, cancelled) is its own affair."""

    def __init__(self, parent: QWidget, spec: Spec) -> None:
        self.parent, self.spec = parent, spec

    def ask_reason(self, title: str, question: str) -> str | None:
        text, ok = QInputDialog.getText(self.parent, title, question,
                                        QLineEdit.EchoMode.Normal, "")  # fmt: skip
        if not ok:
            return None
        return str(text)

    def confirm_duplicate(self, matches: list[Duplicate]) -> bool:
        lines = "\n".join(
            f"• case {m.case_number}: {m.reason}{STATUS_WORDS.get(m.status, '')}" for m in matches
        )
        box = QMessageBox(QMessageBox.Icon.Warning, "Possible duplicate", "", parent=self.parent)
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
        return box.clickedButton() is save

    def resolve_conflict(self, changes: list[Change]) -> list[Change] | None:
        from desktop_app.ui.conflict_dialog import ConflictDialog  # loaded when first needed

        dialog = ConflictDialog(self.spec, changes, self.parent)
        if dialog.exec() != ConflictDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()

    def offer_draft(self, draft: Draft, new_case: bool) -> bool:
        when = draft.saved_at.replace("T", " ")
        if new_case:
            title = "Unsaved new case found"
            text = f"A new case typed on {when} (UTC) was never saved. Open it again?"
        else:
            title = "Unsaved changes found"
            text = (f"Changes to this case from {when} (UTC) were never saved; the app may "
                    "have closed unexpectedly. Restore them?")  # fmt: skip
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def confirm(self, title: str, text: str) -> bool:
        """A yes/no question (removing an entry that others point to)."""
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes
