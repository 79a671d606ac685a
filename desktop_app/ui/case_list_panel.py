"""The case list beside the open case: search as you type, filters, a cohort query, and a
table that fetches rows from the store as they scroll into view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store import CaseStore
from desktop_app.store.queries import CaseFilter, Condition
from desktop_app.ui.case_list_model import CASE_ID_ROLE, COLUMNS, CaseListModel
from desktop_app.ui.column_widths import ColumnWidths, share_room
from desktop_app.ui.viewports import viewport

SEARCH_PAUSE_MS = 150  # typing pauses this long before the list is searched
LEADING = ("case_number", "title", "site", "diagnosis")  # in view without scrolling sideways
FIT_ROWS = 100  # rows measured for the case number's width before the list is laid out
LEADING_SHARES = {"title": 0.4, "site": 0.27, "diagnosis": 0.33}  # of the width left


class CaseListPanel(QWidget):
    case_chosen = Signal(int)
    cohort_requested = Signal()

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conditions: tuple[Condition, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.search = QLineEdit(self)
        self.search.setObjectName("case_search")
        self.search.setPlaceholderText("Search case number, title, site, diagnosis, any text…")
        self.search.setToolTip(
            "Every word must be found, in any letter case. A word of three characters or more "
            "is found anywhere: case number, title, site, diagnosis, ICD-O-3 code and the "
            "case's text fields (identifiers too when shown). A word of one or two characters "
            "is looked for in the case number, title, site, diagnosis and code only."
        )
        self.search.setClearButtonEnabled(True)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(SEARCH_PAUSE_MS)
        self.pause.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.pause.start())
        layout.addWidget(self.search)
        layout.addLayout(self._filters())
        self.table = QTableView(self)
        self.table.setObjectName("case_list")
        self.model = CaseListModel(store)
        self.table.setModel(self.model)
        self.model.rowsInserted.connect(lambda *_: self.count.setText(self.model.count_text()))
        # The indicator first: enabling sorting then sorts (and counts) once, by it.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._lead_columns()
        self.widths = ColumnWidths(self.table.horizontalHeader(), [n for n, _l in COLUMNS])
        viewport(self.table).installEventFilter(self)  # ui/viewports.py
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        layout.addWidget(self.table)
        self.count = QLabel(self)
        layout.addWidget(self.count)

    def _lead_columns(self) -> None:
        """Title, site and diagnosis come first after the case number (the others follow),
        so that they are in view without scrolling sideways."""
        header = self.table.horizontalHeader()
        names = [name for name, _label in COLUMNS]
        for visual, name in enumerate(LEADING):
            header.moveSection(header.visualIndex(names.index(name)), visual)

    def fit_columns(self) -> None:
        """The leading columns share the list's width: the case number as wide as its
        text, then title, site and diagnosis."""
        names = [name for name, _label in COLUMNS]
        metrics = self.table.fontMetrics()
        number = names.index("case_number")
        label = metrics.horizontalAdvance("Case number") + 24
        number_width = max(self._numbers_width(number), label)
        number_width = self.widths.kept.get("case_number", number_width)
        room = self.table.viewport().width() - number_width
        shared = share_room(room, LEADING_SHARES, self.widths.kept)
        self.widths.fit({"case_number": number_width, **shared})  # the registrar's stay

    def _numbers_width(self, column: int) -> int:
        """The width of the case numbers in view (the first rows before the list is laid
        out), from their text: not sizeHintForColumn, which asks the model for every role
        of every row (about 30 ms at start)."""
        rows = self.model.rowCount()
        if not rows:
            return 0
        top = max(0, self.table.rowAt(0))
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        if bottom < 0:  # not laid out yet, or fewer rows than the list is tall
            bottom = min(rows, top + FIT_ROWS) - 1
        metrics = self.table.fontMetrics()
        widths = [(metrics.horizontalAdvance(str(self.model.index(row, column).data() or "")), row)
                  for row in range(top, bottom + 1)]  # fmt: skip
        _width, widest = max(widths, default=(0, top))
        # Qt's own measure of that one cell (its text margins, as the style draws them),
        # and the grid line: the style is never asked from Python, which would create
        # QStyle's Python type and its enums at start (about 6 ms).
        hint = self.table.sizeHintForIndex(self.model.index(widest, column)).width()
        return hint + (1 if self.table.showGrid() else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit_columns()  # the list's width changed (shown, splitter moved)
        return False

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status = QComboBox(self)
        self.status.setObjectName("filter_status")
        for label, code in (("All statuses", ""), ("Draft", "draft"), ("Complete", "complete")):
            self.status.addItem(label, code)
        self.birads = QComboBox(self)
        self.birads.setObjectName("filter_birads")
        self.birads.addItem("Any BI-RADS", "")
        field = self.store.spec.any_role_field("birads")
        if field is not None:
            for term in self.store.spec.vocabulary(field.vocabulary).terms:
                self.birads.addItem(f"BI-RADS {term.code}", term.code)
        self.followup = QComboBox(self)
        self.followup.setObjectName("filter_followup")
        for label, value in (("Follow-up: any", None), ("With follow-up", True),
                             ("Without follow-up", False)):  # fmt: skip
            self.followup.addItem(label, value)
        for combo in (self.status, self.birads, self.followup):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            row.addWidget(combo)
        self.cohort_button = QPushButton("Cohort…", self)
        self.cohort_button.setObjectName("cohort_button")
        self.cohort_button.clicked.connect(self.cohort_requested)
        row.addWidget(self.cohort_button)
        return row

    def current_filter(self) -> CaseFilter:
        status, birads = self.status.currentData(), self.birads.currentData()
        return CaseFilter(
            text=self.search.text(),
            statuses=(status,) if status else (),
            birads=(birads,) if birads else (),
            has_followup=self.followup.currentData(),
            conditions=self.conditions,
        )

    def set_conditions(self, conditions: tuple[Condition, ...]) -> None:
        self.conditions = conditions
        self.cohort_button.setText(f"Cohort ({len(conditions)})…" if conditions else "Cohort…")
        self.apply_filter()

    def apply_filter(self, keep: int | None = None) -> None:
        self.pause.stop()
        self.model.set_filter(self.current_filter())
        self.count.setText(self.model.count_text())
        if keep is not None:
            self.select(keep)

    def select(self, case_id: int) -> None:
        row = self.model.row_of(case_id)
        if row is None:
            return
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        selection.blockSignals(False)

    def selected_case_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.data(r, CASE_ID_ROLE) for r in sorted(rows, key=lambda r: r.row())]

    def _row_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        # Ctrl+click and Shift+click choose cases for a board packet: the open case stays.
        held = QApplication.keyboardModifiers()
        if held & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            return
        if current.isValid():
            self.case_chosen.emit(self.model.data(current, CASE_ID_ROLE))
