"""The case list as a Qt table model over the whole filtered list, holding only the pages
of rows that were looked at: a page is fetched from the store (sorted and filtered in SQL)
when a row of it is first shown, and the least recently used pages are let go, so memory
stays the same with 100 or 100,000 cases however far the registrar scrolls.

While the registrar searches, the cases are counted up to a cap ("1,000+ cases"), and the
count goes on, a cap further, as the list is scrolled to its end (Qt's fetchMore): a word
most cases hold costs a page, not every case. A row's tooltip says where the case matched
("matched in: Immunohistochemistry, Marker: CD34")."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.store import CaseStore, CaseSummary
from desktop_app.store.queries import CaseFilter, counted_to_a_cap

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
PAGES_HELD = 16  # 3,200 rows: a few screens either way of where the registrar is
COUNT_CAP = 1000  # a search's cases are counted this far at a time

Index = QModelIndex | QPersistentModelIndex


class CaseListModel(QAbstractTableModel):
    def __init__(self, store: CaseStore | None = None) -> None:
        super().__init__()
        self.store = store
        self.filter = CaseFilter()
        self.sort_column = "case_number"
        self.descending = False
        self.pages: OrderedDict[int, list[CaseSummary]] = OrderedDict()
        self.total = 0
        self.more = False  # counted up to the cap: there are more cases than `total`
        self.places: dict[int, str] = {}  # case id -> where it matched the search
        self.counted = False  # refreshed at least once (a new list is filled by set_filter)

    # ----- what is shown -------------------------------------------------------------

    def set_filter(self, chosen: CaseFilter) -> None:
        self.filter = chosen
        self.refresh()

    def refresh(self) -> None:
        """Start again (after a save, a search, a new sort): count, and forget every page."""
        self.beginResetModel()
        self.pages.clear()
        self.places.clear()
        self.more = False
        if self.store is not None:
            self.total = self._count(0)
            self.counted = True
        self.endResetModel()

    def _count(self, known: int) -> int:
        """The number of cases, counted up to `known` + the cap while searching."""
        assert self.store is not None
        if not counted_to_a_cap(self.filter):  # store/queries.py: searching, or a cohort
            return self.store.count_cases(self.filter)
        cap = known + COUNT_CAP
        counted = self.store.count_cases(self.filter, cap=cap)
        self.more = counted > cap
        return min(counted, cap)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Scrolled to the end of a capped count: count on, a cap further."""
        if parent.isValid() or not self.more or self.store is None:
            return
        total = self._count(self.total)
        if total > self.total:
            self.beginInsertRows(QModelIndex(), self.total, total - 1)
            self.total = total
            self.endInsertRows()

    def count_text(self) -> str:
        """What the list says under it: "12 cases", "1,000+ cases"."""
        if self.more:
            return f"{self.total:,}+ cases"
        return f"{self.total:,} case{'s' if self.total != 1 else ''}"

    def matched_in(self, case_id: int) -> str:
        """Where a case holds the search words, for its tooltip ('' when not searching)."""
        if self.store is None or not self.filter.text.strip():
            return ""
        if case_id not in self.places:
            found = self.store.match_places(case_id, self.filter)
            self.places[case_id] = "matched in: " + "; ".join(found) if found else ""
        return self.places[case_id]

    def set_rows(self, rows: list[CaseSummary]) -> None:
        """Show a fixed list (no store behind it); used where rows come from elsewhere."""
        self.beginResetModel()
        self.pages = OrderedDict((n // PAGE, rows[n : n + PAGE]) for n in range(0, len(rows), PAGE))
        self.total = len(rows)
        self.more = False
        self.endResetModel()

    def case_at(self, row: int) -> CaseSummary | None:
        """The case in a row, fetching its page when it is not held (None when the list
        became shorter since it was counted: another workstation removed a case)."""
        number = row // PAGE
        page = self.pages.get(number)
        if page is None:
            assert self.store is not None
            page = self.store.find_cases(self.filter, self.sort_column, self.descending,
                                         offset=number * PAGE, limit=PAGE)  # fmt: skip
            self.pages[number] = page
            while len(self.pages) > PAGES_HELD:
                self.pages.popitem(last=False)
        else:
            self.pages.move_to_end(number)
        offset = row - number * PAGE
        return page[offset] if offset < len(page) else None

    def shown_cases(self, limit: int = PAGE) -> list[CaseSummary]:
        """The first rows of the list (at most `limit`), for short lists and tests."""
        found = (self.case_at(row) for row in range(min(self.total, limit)))
        return [case for case in found if case is not None]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self.counted:  # a list not filled yet is sorted so by its first refresh (issue
            self.refresh()  # 13: the view sorts as it is built; a count is ms at 100,000)

    def row_of(self, case_id: int) -> int | None:
        """The row of a case in the list as filtered and sorted; None when it is not in it."""
        for number, page in self.pages.items():
            for offset, case in enumerate(page):
                if case.case_id == case_id:
                    return number * PAGE + offset
        if self.store is None:
            return None
        return self.store.position(self.filter, case_id, self.sort_column, self.descending)

    # ----- the table model -----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self.case_at(index.row()) if index.row() < self.total else None
        if case is None:
            return None
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
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = [f"ICD-O-3 {case.icdo3}"] if name == "diagnosis" and case.icdo3 else []
            tips += [m for m in (self.matched_in(case.case_id),) if m]
            return "\n".join(tips) or None
        return None


def status_text(case: CaseSummary) -> str:
    if case.problem_count:
        return f"{case.status}, incomplete ({case.problem_count})"
    return case.status
