"""The main window: the case list beside the open case. It only assembles the parts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
)

from desktop_app.drafts import DraftStore
from desktop_app.locations import data_dir
from desktop_app.record import CaseRecord
from desktop_app.settings import Settings
from desktop_app.store import CaseStore, StoreError
from desktop_app.ui import case_actions, cohort_actions, duplicate_check, report_actions
from desktop_app.ui.about_dialog import install_about_action
from desktop_app.ui.backup_actions import backup_now, restore_from_backup
from desktop_app.ui.case_editor import CaseEditor
from desktop_app.ui.case_list_panel import CaseListPanel
from desktop_app.ui.completeness_panel import install_completeness_actions
from desktop_app.ui.help_actions import install_help_actions
from desktop_app.ui.settings_dialog import edit_settings

DRAFT_INTERVAL_MS = 4000


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: CaseStore,
        settings: Settings | None = None,
        settings_path: Path | None = None,
        drafts: DraftStore | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings or Settings()
        self.settings_path = settings_path
        self.drafts = drafts or DraftStore.for_database(data_dir(), str(store.engine.url))
        self.setObjectName("main_window")
        self.resize(1280, 820)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.case_list = CaseListPanel(store, splitter)
        self.case_list.case_chosen.connect(self._case_chosen)
        self.case_list.cohort_requested.connect(lambda: cohort_actions.edit_cohort(self))
        self.search, self.case_table = self.case_list.search, self.case_list.table
        self.model = self.case_list.model
        splitter.addWidget(self.case_list)
        self.stack = QStackedWidget(splitter)
        self.placeholder = QLabel("Select a case in the list, or create one with Ctrl+N.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.editor = CaseEditor(store.spec, self.stack)
        self.editor.dirty_changed.connect(self._dirty_changed)
        self.editor.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        for tab in self.editor.form_tabs:  # leaving a field keeps the draft up to date
            for field_set in tab.field_sets():
                field_set.applied.connect(self.keep_draft)
        self.draft_timer = QTimer(self)
        self.draft_timer.setInterval(DRAFT_INTERVAL_MS)
        self.draft_timer.timeout.connect(self.keep_draft)
        self.draft_timer.start()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.editor)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([380, 900])
        self.setCentralWidget(splitter)
        self._build_actions()
        report_actions.install_report_actions(self)
        self._update_actions()
        install_help_actions(self)
        install_about_action(self)
        install_completeness_actions(self)
        self.refresh_list()
        self._update_title()

    # ----- building ------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.menus = {t: self.menuBar().addMenu(t) for t in ("&File", "&Case", "&Tools", "&Help")}
        menu = self.menus["&File"]
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
        case_menu = self.menus["&Case"]
        for name, text, slot in (
            ("complete", "Mark &complete / reopen", case_actions.toggle_complete),
            ("history", "&History…", case_actions.show_history),
            ("remove", "&Remove case…", case_actions.remove_case),
            ("restore_case", "Removed &cases…", case_actions.restore_removed),
        ):
            self._add_action(case_menu, name, text, slot)
        tools = self.menus["&Tools"]
        for name, text, slot in (
            ("settings", "&Settings…", edit_settings),
            ("backup", "&Back up now", backup_now),
            ("restore_backup", "Restore &backup…", restore_from_backup),
        ):
            self._add_action(tools, name, text, slot)
        menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # the standard Quit key is empty on Windows
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self._update_actions()

    def menu(self, title: str) -> QMenu:
        """One of the window's menus (File, Case, Tools, Help), for the parts that add to it."""
        return self.menus[title]

    def _add_action(self, menu: object, name: str, text: str, slot: object) -> None:
        action = QAction(text, self)
        action.setObjectName(f"action_{name}")
        action.triggered.connect(lambda _checked=False, f=slot: f(self))  # type: ignore[operator]
        menu.addAction(action)  # type: ignore[attr-defined]
        setattr(self, f"{name}_action", action)

    def save_settings(self) -> None:
        if self.settings_path is not None:
            self.settings.save(self.settings_path)

    # ----- the case list -------------------------------------------------------------

    def refresh_list(self, select: int | None = None) -> None:
        current = select if select is not None else self.current_case_id()
        self.case_list.apply_filter(keep=current)

    def _select_in_list(self, case_id: int) -> None:
        self.case_list.select(case_id)

    def current_case_id(self) -> int | None:
        return self.editor.record.case_id if self.stack.currentWidget() is self.editor else None

    def _case_chosen(self, case_id: int) -> None:
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
        restored = case_actions.offer_draft(self, record)
        if restored is not record:
            self.editor.load(restored, base=record)
            self.editor.set_dirty(True)
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
        if answer == QMessageBox.StandardButton.Discard:
            self.drafts.discard(self.editor.draft_key)
            self.editor.set_dirty(False)
            return True
        return False

    def keep_draft(self) -> None:
        """Write the open case's unsaved state where a crash cannot take it."""
        if self.stack.currentWidget() is self.editor and self.editor.dirty:
            try:
                self.drafts.save(self.editor.draft_key, self.editor.record)
            except OSError as exc:
                self.statusBar().showMessage(f"The draft could not be written: {exc}", 8000)

    def offer_new_case_drafts(self) -> None:
        """At start-up: a new case that was never saved before a crash is offered back."""
        pending = [d for d in self.drafts.pending() if d.key.startswith("new-")]
        if not pending:
            return
        draft = pending[-1]
        answer = QMessageBox.question(
            self, "Unsaved new case found",
            f"A new case typed on {draft.saved_at.replace('T', ' ')} (UTC) was never saved. "
            "Open it again?",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            self.drafts.discard(draft.key)
            return
        self.editor.load(draft.record)
        self.editor.draft_key = draft.key
        self.editor.set_dirty(True)
        self.stack.setCurrentWidget(self.editor)
        self._update_actions()
        self._update_title()

    def close_case(self) -> None:
        self.stack.setCurrentWidget(self.placeholder)
        self.refresh_list()
        self._update_actions()
        self._update_title()

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
        self.keep_draft()
        if self._number_taken() or not duplicate_check.confirm_not_duplicate(self):
            return False
        draft = self.editor.draft_key
        record = case_actions.save_record(self, self.editor.record)
        if record is None:
            return False
        self.drafts.discard(draft)
        self.editor.load(record, keep_view=True)
        self.refresh_list(select=record.case_id)
        problems = self.editor.validate()
        note = f" — incomplete: {len(problems)} problem(s)" if problems else ""
        if record.case_id is not None and self.model.row_of(record.case_id) is None:
            note += " — not in the list: the search, filters or cohort leave it out"
        self.statusBar().showMessage(f"Saved case {self.case_number()}{note}", 8000)
        self._update_title()
        return True

    def _dirty_changed(self, dirty: bool) -> None:
        if dirty and self.statusBar().currentMessage().startswith("Saved"):
            self.statusBar().clearMessage()  # "Saved" no longer holds once something is typed
        self._update_title()

    def _number_taken(self) -> bool:
        """A case number another case has is said beside the field, before anything else."""
        field = self.store.spec.summary_field("case_number")
        number = self.case_number().strip()
        other = self.store.find(number) if field is not None and number else None
        if other is None or other == self.editor.record.case_id:
            return False
        assert field is not None
        self.editor.focus_field("", 0, field.id)
        self.editor.show_field_message(
            field.id, f"Case number {number} is already used by another case. Choose "
            "another number, or leave it empty to have one given."
        )  # fmt: skip
        self.statusBar().showMessage("Not saved: the case number is taken", 8000)
        return True

    def case_number(self) -> str:
        field = self.store.spec.summary_field("case_number")
        return self.editor.record.values.get(field.id, "") if field else ""

    def print_pdf(self) -> None:
        if self.stack.currentWidget() is not self.editor:
            return
        self.editor.commit()
        number = self.case_number() or "case"
        path, _filter = QFileDialog.getSaveFileName(
            self, "Print case to PDF", f"{number}.pdf", "PDF files (*.pdf)"
        )
        if not path:
            return
        from desktop_app.report import render_case_summary

        try:
            render_case_summary(self.store.spec, [self.editor.record], path,
                                **report_actions.pdf_options(self))  # fmt: skip
        except OSError as exc:
            QMessageBox.warning(self, "PDF not written", f"{path} could not be written:\n{exc}")
            return
        self.statusBar().showMessage(f"PDF written to {path}", 8000)

    # ----- window --------------------------------------------------------------------

    def _update_actions(self) -> None:
        open_case = self.stack.currentWidget() is self.editor
        report = getattr(self, "report_actions", None)  # installed after the menus are built
        for action in (self.save_action, self.print_action, self.complete_action,
                       self.history_action, self.remove_action,
                       *([report.preview_action] if report else [])):  # fmt: skip
            action.setEnabled(open_case)

    def _update_title(self) -> None:
        title = "Case Abstractor"
        if self.stack.currentWidget() is self.editor:
            title += f" — {self.case_number() or 'new case'}"
            if self.editor.dirty:
                title += " *"
        self.setWindowTitle(title)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.settle_unsaved():
            self.draft_timer.stop()
            from desktop_app.ui import background

            background.stop(self)  # the day's backup runs after the start, never at exit
            event.accept()
        else:
            event.ignore()
