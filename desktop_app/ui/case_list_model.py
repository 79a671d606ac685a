"""The case list as a Qt table model that fetches rows from the store as they scroll into
view: a page at a time, sorted and filtered in SQL, so that memory does not grow with the
number of cases in the database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.store import CaseStore, CaseSummary
from desktop_app.store.queries import CaseFilter

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
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE = 200

Index = QModelIndex | QPersistentModelIndex


class CaseListModel(QAbstractTableModel):
    def __init__(self, store: CaseStore | None = None) -> None:
        super().__init__()
        self.store = store
        self.filter = CaseFilter()
        self.sort_column = "case_number"
        self.descending = False
        self.rows: list[CaseSummary] = []
        self.total = 0

    # ----- what is shown -------------------------------------------------------------

    def set_filter(self, chosen: CaseFilter) -> None:
        self.filter = chosen
        self.refresh()

    def refresh(self) -> None:
        """Start again from the first page (after a save, a search, a new sort)."""
        self.beginResetModel()
        if self.store is not None:
            self.total = self.store.count_cases(self.filter)
            self.rows = self._page(0)
        self.endResetModel()

    def set_rows(self, rows: list[CaseSummary]) -> None:
        """Show a fixed list (no store behind it); used where rows come from elsewhere."""
        self.beginResetModel()
        self.rows, self.total = list(rows), len(rows)
        self.endResetModel()

    def _page(self, offset: int) -> list[CaseSummary]:
        assert self.store is not None
        return self.store.find_cases(self.filter, self.sort_column, self.descending,
                                     offset=offset, limit=PAGE)  # fmt: skip

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self.store is None:
            return
        more = self._page(len(self.rows))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    # ----- the table model -----------------------------------------------------------

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
        if role == CASE_ID_ROLE:
            return case.case_id
        if role == Qt.ItemDataRole.ToolTipRole and name == "diagnosis" and case.icdo3:
            return f"ICD-O-3 {case.icdo3}"
        return None

    def row_of(self, case_id: int) -> int | None:
        """The row of a case, fetching further pages until it is found."""
        while True:
            for row, case in enumerate(self.rows):
                if case.case_id == case_id:
                    return row
            if not self.canFetchMore():
                return None
            self.fetchMore()


def status_text(case: CaseSummary) -> str:
    if case.problem_count:
        return f"{case.status}, incomplete ({case.problem_count})"
    return case.status
