"""Before a de-identified PDF or export is written: each replacement the de-identification
makes, in context, for the registrar to look over ("…Should Mrs [patient name] (MRN
[medical record number]) have surgery?…"). The rows come from desktop_app.deid.review.

For many cases (a board packet, an export) the rows can be narrowed to one case, and the
fields left out whole (those that identify the patient) are named above the table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.deid.review import ReviewRow
from desktop_app.spec.model import Spec

COLUMNS = ("Case", "Field", "Removed", "As it will read")
ALL_CASES = ""  # the case filter's first choice


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def withheld_fields(spec: Spec) -> list[str]:
    """The labels of the fields that identify the patient (phi), which never leave in a
    de-identified output, in the order of the specification, each once."""
    labels = [f.label for f in spec.case_fields if f.phi]
    labels += [f.label for g in spec.groups for f in g.fields if f.phi]
    return list(dict.fromkeys(labels))


class DeidReviewDialog(QDialog):
    """The rows, and two buttons: `go` (e.g. "Save as PDF…") accepts, Cancel rejects.

    `cases`: how many cases the output holds (those with nothing to replace too);
    `withheld`: the labels of the fields left out whole; `also`: what else the output
    changes (dates, ages), in a sentence."""

    def __init__(
        self,
        rows: list[ReviewRow],
        go: str,
        parent: QWidget | None = None,
        *,
        cases: int | None = None,
        withheld: Sequence[str] = (),
        also: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deid_review")
        self.setWindowTitle("What de-identification removes")
        self.resize(960, 520)
        self.rows = rows
        layout = QVBoxLayout(self)
        per_case = Counter(r.case for r in rows)
        total = max(cases or 0, len(per_case))
        if rows:
            summary = (f"{_plural(len(rows), 'replacement')} in the free text of "
                       f"{_plural(len(per_case), 'case')}")  # fmt: skip
            summary += f" (of {total})." if total > len(per_case) else "."
        else:
            summary = "Nothing in the free text needs replacing."
        self.summary = QLabel(summary, self)
        self.summary.setObjectName("deid_review_summary")
        layout.addWidget(self.summary)
        if withheld:
            left_out = QLabel("Left out whole: " + ", ".join(withheld) + ".", self)
            left_out.setObjectName("deid_review_withheld")
            left_out.setWordWrap(True)
            layout.addWidget(left_out)
        if also:
            changed = QLabel(also, self)
            changed.setObjectName("deid_review_also")
            changed.setWordWrap(True)
            layout.addWidget(changed)
        self.case_filter = QComboBox(self)
        self.case_filter.setObjectName("deid_review_case")
        self.case_filter.addItem(f"All cases ({_plural(len(rows), 'replacement')})", ALL_CASES)
        for case, count in per_case.items():
            self.case_filter.addItem(f"{case} ({_plural(count, 'replacement')})", case)
        if len(per_case) > 1:
            chooser = QHBoxLayout()
            chooser.addWidget(QLabel("Show:", self))
            chooser.addWidget(self.case_filter, 1)
            layout.addLayout(chooser)
        else:
            self.case_filter.hide()
        self.table = QTableWidget(len(rows), len(COLUMNS), self)
        self.table.setObjectName("deid_review_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for row, found in enumerate(rows):
            cells = (found.case, found.field, f"{found.original} → [{found.kind}]", found.context)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.case_filter.currentIndexChanged.connect(self._show_case)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.go_button = buttons.addButton(go, QDialogButtonBox.ButtonRole.AcceptRole)
        self.go_button.setObjectName("deid_review_go")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("deid_review_cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_case(self, _index: int) -> None:
        case = self.case_filter.currentData()
        for row, found in enumerate(self.rows):
            self.table.setRowHidden(row, case != ALL_CASES and found.case != case)

    def row_texts(self, shown_only: bool = False) -> list[str]:
        """Each row as one line (for tests and for copying); `shown_only`: those the case
        filter leaves."""
        return [" | ".join(self.table.item(r, c).text() for c in range(len(COLUMNS)))
                for r in range(self.table.rowCount())
                if not (shown_only and self.table.isRowHidden(r))]  # fmt: skip
