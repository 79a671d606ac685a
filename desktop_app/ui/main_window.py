"""The main window: the case list beside the open case. It only assembles the parts."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore, ConflictError, StoreError
from desktop_app.ui.case_editor import CaseEditor
from desktop_app.ui.case_list_model import CASE_ID_ROLE, SORT_ROLE, CaseListModel


class MainWindow(QMainWindow):
    def __init__(self, store: CaseStore, registrar: str = "") -> None:
        super().__init__()
        self.store = store
        self.registrar = registrar
        self.setObjectName("main_window")
        self.resize(1280, 820)
        self.model = CaseListModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_list(splitter))
        self.stack = QStackedWidget(splitter)
        self.placeholder = QLabel("Select a case in the list, or create one with Ctrl+N.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.editor = CaseEditor(store.spec, self.stack)
        self.editor.dirty_changed.connect(lambda _d: self._update_title())
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.editor)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([380, 900])
        self.setCentralWidget(splitter)
        self._build_actions()
        self.refresh_list()
        self._update_title()

    # ----- building ------------------------------------------------------------------

    def _build_list(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        self.search = QLineEdit(box)
        self.search.setObjectName("case_search")
        self.search.setPlaceholderText("Search case number, title, site, diagnosis…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.refresh_list())
        layout.addWidget(self.search)
        self.case_table = QTableView(box)
        self.case_table.setObjectName("case_list")
        self.case_table.setModel(self.proxy)
        self.case_table.setSortingEnabled(True)
        self.case_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.case_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.case_table.verticalHeader().setVisible(False)
        self.case_table.horizontalHeader().setStretchLastSection(True)
        self.case_table.selectionModel().currentRowChanged.connect(self._row_changed)
        layout.addWidget(self.case_table)
        return box

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu("&File")
        toolbar = self.addToolBar("Case")
        toolbar.setObjectName("case_toolbar")
        for name, text, keys, slot in (
            ("new", "&New case", QKeySequence.StandardKey.New, self.new_case),
            ("save", "&Save", QKeySequence.StandardKey.Save, self.save),
            ("print", "&Print to PDF…", QKeySequence.StandardKey.Print, self.print_pdf),
        ):
            action = QAction(text, self)
            action.setObjectName(f"action_{name}")
            action.setShortcut(keys)
            action.triggered.connect(slot)
            menu.addAction(action)
            toolbar.addAction(action)
            setattr(self, f"{name}_action", action)
        menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self._update_actions()

    # ----- the case list -------------------------------------------------------------

    def refresh_list(self, select: int | None = None) -> None:
        current = select if select is not None else self.current_case_id()
        self.model.set_rows(self.store.list_cases(self.search.text()))
        if current is not None:
            self._select_in_list(current)

    def _select_in_list(self, case_id: int) -> None:
        row = self.model.row_of(case_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        selection = self.case_table.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )  # fmt: skip
        selection.blockSignals(False)

    def current_case_id(self) -> int | None:
        return self.editor.record.case_id if self.stack.currentWidget() is self.editor else None

    def _row_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if not current.isValid():
            return
        case_id = self.proxy.data(current, CASE_ID_ROLE)
        if case_id == self.current_case_id():
            return
        if not self.settle_unsaved():
            previous = self.current_case_id()
            if previous is not None:
                self._select_in_list(previous)
            return
        self.open_case(case_id)

    def open_case(self, case_id: int) -> None:
        try:
            record = self.store.load(case_id)
        except StoreError as exc:
            QMessageBox.warning(self, "Open case", str(exc))
            return
        self.editor.load(record)
        self.stack.setCurrentWidget(self.editor)
        self._select_in_list(case_id)
        self._update_actions()
        self._update_title()

    # ----- commands ------------------------------------------------------------------

    def settle_unsaved(self) -> bool:
        """Ask Save / Discard / Cancel when the open case has unsaved changes.
        Returns True when it is fine to move on."""
        if self.stack.currentWidget() is not self.editor:
            return True
        self.editor.commit()
        if not self.editor.dirty:
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes",
            "This case has changes that are not saved. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_case(self) -> None:
        if not self.settle_unsaved():
            return
        self.case_table.clearSelection()
        self.editor.load(CaseRecord())
        self.stack.setCurrentWidget(self.editor)
        self.editor.tabs.setCurrentIndex(0)
        self.editor.set_dirty(True)
        first = self.editor.form_tabs[0].case_fields
        if first is not None:
            next(iter(first.editors.values())).focus_input()
        self._update_actions()
        self._update_title()

    def save(self) -> bool:
        if self.stack.currentWidget() is not self.editor:
            return True
        refused = self.editor.commit()
        if refused:
            self.editor.validate()
            lines = "\n".join(f"• {label}: {reason}" for label, reason in refused)
            QMessageBox.warning(
                self, "Not saved",
                "These values cannot be stored as typed. Correct them, then save again:"
                f"\n\n{lines}",
            )  # fmt: skip
            return False
        try:
            record = self.store.save(self.editor.record, user=self.registrar)
        except ConflictError as exc:
            QMessageBox.warning(self, "Not saved: changed elsewhere", str(exc))
            return False
        except StoreError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return False
        self.editor.load(record)
        self.refresh_list(select=record.case_id)
        problems = self.editor.validate()
        note = f" — incomplete: {len(problems)} problem(s)" if problems else ""
        self.statusBar().showMessage(f"Saved case {self._case_number()}{note}", 8000)
        self._update_title()
        return True

    def _case_number(self) -> str:
        field = self.store.spec.summary_field("case_number")
        return self.editor.record.values.get(field.id, "") if field else ""

    def print_pdf(self) -> None:
        if self.stack.currentWidget() is not self.editor:
            return
        self.editor.commit()
        number = self._case_number() or "case"
        path, _filter = QFileDialog.getSaveFileName(
            self, "Print case to PDF", f"{number}.pdf", "PDF files (*.pdf)"
        )
        if not path:
            return
        from desktop_app.report import render_case_summary

        try:
            render_case_summary(self.store.spec, [self.editor.record], path,
                                generated_by=self.registrar)  # fmt: skip
        except OSError as exc:
            QMessageBox.warning(self, "PDF not written", f"{path} could not be written:\n{exc}")
            return
        self.statusBar().showMessage(f"PDF written to {path}", 8000)

    # ----- window --------------------------------------------------------------------

    def _update_actions(self) -> None:
        open_case = self.stack.currentWidget() is self.editor
        self.save_action.setEnabled(open_case)
        self.print_action.setEnabled(open_case)

    def _update_title(self) -> None:
        title = "Case Abstractor"
        if self.stack.currentWidget() is self.editor:
            title += f" — {self._case_number() or 'new case'}"
            if self.editor.dirty:
                title += " *"
        self.setWindowTitle(title)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.settle_unsaved():
            event.accept()
        else:
            event.ignore()
