"""The case list as a Qt table model over CaseSummary rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.store import CaseSummary

COLUMNS: list[tuple[str, str]] = [
    ("case_number", "Case number"),
    ("title", "Title"),
    ("age", "Age"),
    ("sex", "Sex"),
    ("site", "Site"),
    ("diagnosis", "Diagnosis"),
    ("status", "Status"),
    ("updated_at", "Updated (UTC)"),
]
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class CaseListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CaseSummary] = []

    def set_rows(self, rows: list[CaseSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self.rows[index.row()]
        name = COLUMNS[index.column()][0]
        value = getattr(case, name)
        if role == Qt.ItemDataRole.DisplayRole:
            if name == "status":
                return status_text(case)
            if name == "updated_at":
                return str(value).replace("T", " ")[:16]
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            return -1 if value is None else value
        if role == CASE_ID_ROLE:
            return case.case_id
        if role == Qt.ItemDataRole.ToolTipRole and name == "diagnosis" and case.icdo3:
            return f"ICD-O-3 {case.icdo3}"
        return None

    def row_of(self, case_id: int) -> int | None:
        for row, case in enumerate(self.rows):
            if case.case_id == case_id:
                return row
        return None


def status_text(case: CaseSummary) -> str:
    if case.problem_count:
        return f"{case.status}, incomplete ({case.problem_count})"
    return case.status
