"""Before a de-identified PDF or export is written: each replacement the de-identification
makes, in context, for the registrar to look over ("…Should Mrs [patient name] (MRN
[medical record number]) have surgery?…"). The rows come from desktop_app.deid.review."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.deid.review import ReviewRow

COLUMNS = ("Case", "Field", "Removed", "As it will read")


class DeidReviewDialog(QDialog):
    """The rows, and two buttons: `go` (e.g. "Save as PDF…") accepts, Cancel rejects."""

    def __init__(self, rows: list[ReviewRow], go: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deid_review")
        self.setWindowTitle("What de-identification removes")
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        cases = len({r.case for r in rows})
        summary = (f"{len(rows)} replacement{'s' if len(rows) != 1 else ''} in the free text "
                   f"of {cases} case{'s' if cases != 1 else ''}." if rows
                   else "Nothing in the free text needs replacing.")  # fmt: skip
        layout.addWidget(QLabel(summary, self))
        self.table = QTableWidget(len(rows), len(COLUMNS), self)
        self.table.setObjectName("deid_review_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for row, found in enumerate(rows):
            cells = (found.case, found.field, f"{found.original} → [{found.kind}]", found.context)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.go_button = buttons.addButton(go, QDialogButtonBox.ButtonRole.AcceptRole)
        self.go_button.setObjectName("deid_review_go")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def row_texts(self) -> list[str]:
        """Each row as one line (for tests and for copying)."""
        return [" | ".join(self.table.item(r, c).text() for c in range(len(COLUMNS)))
                for r in range(self.table.rowCount())]  # fmt: skip
