"""What the registrar sees while a new release migrates the database (the backup before it,
each batch of cases a migration checks) or makes the stored derived values or search rows
again for every case (CaseStore.open's `progress`): a modal dialog without Cancel that says
what is being done and how far it is, shown only when there is such work. A step told
without a count (total 0) is named as it is, with a busy bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog


def progress_text(what: str, done: int, total: int) -> str:
    count = f" ({done:,} of {total:,} cases)" if total else ""
    return f"Updating the database for this release: {what}{count}. This happens once."


def progress_dialog() -> QProgressDialog:
    """The dialog, modal and without a Cancel button (half a remade index is no use)."""
    dialog = QProgressDialog()
    dialog.setWindowTitle("Case Abstractor")
    dialog.setCancelButton(None)  # type: ignore[arg-type]
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setAutoClose(False)  # two steps may follow each other: it stays until `close`
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    return dialog


class UpgradeProgress:
    """A `store.meta.Progress` that shows the dialog the first time it is told anything."""

    def __init__(self) -> None:
        self.dialog: QProgressDialog | None = None

    def __call__(self, what: str, done: int, total: int) -> None:
        if self.dialog is None:
            self.dialog = progress_dialog()
            self.dialog.show()
        self.dialog.setRange(0, total)  # 0 to 0: a busy bar, for a step without a count
        self.dialog.setValue(done)
        self.dialog.setLabelText(progress_text(what, done, total))
        QApplication.processEvents()  # so that it paints while the work holds this thread

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None  # no parent: gone with its last reference
