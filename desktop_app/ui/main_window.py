"""The main window: the case list beside the open case. It only assembles the parts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
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
from desktop_app.session import (
    Cancelled,
    CaseSession,
    Conflict,
    Merged,
    NotComplete,
    NumberTaken,
    Outcome,
    Prompts,
    Refused,
    Saved,
)
from desktop_app.settings import Settings
from desktop_app.store import CaseStore, StoreError
from desktop_app.ui import case_actions, cohort_actions, report_actions
from desktop_app.ui.about_dialog import about_rows, install_about_action
from desktop_app.ui.background import Maintenance
from desktop_app.ui.backup_actions import backup_now, restore_from_backup
from desktop_app.ui.case_editor import CaseEditor
from desktop_app.ui.case_list_panel import CaseListPanel
from desktop_app.ui.completeness_panel import install_completeness_actions
from desktop_app.ui.help_actions import install_help_actions
from desktop_app.ui.prompts import DialogPrompts
from desktop_app.ui.settings_dialog import default_backups, edit_settings, session_folders
from desktop_app.ui.window_menus import WindowMenus
from desktop_app.ui.window_parts import StartupContext

DRAFT_INTERVAL_MS = 4000


class MainWindow(QMainWindow):
    """The open case lives in `session` (Qt-free); its questions are asked through
    `prompts` (dialogs; a test may put answers in their place)."""

    def __init__(
        self,
        store: CaseStore,
        settings: Settings | None = None,
        settings_path: Path | None = None,
        drafts: DraftStore | None = None,
        context: StartupContext | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings or Settings()
        self.settings_path = settings_path
        self.context = context or StartupContext()
        drafts = drafts or DraftStore.for_database(
            data_dir(self.context.data_dir), str(store.engine.url)
        )
        self.session = CaseSession(store, drafts, user=self.settings.registrar_name)
        self.prompts: Prompts = DialogPrompts(self, store.spec)
        self.maintenance = Maintenance(store, lambda: self.settings, self, self._show, self)
        self.setObjectName("main_window")
        self.resize(1280, 820)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.case_list = CaseListPanel(store, splitter)
        self.case_list.case_chosen.connect(self._case_chosen)
        self.case_list.widths.keep(self.settings.column_widths)
        self.case_list.widths.changed.connect(self._column_widths_changed)
        self.case_list.cohort_requested.connect(
            lambda: cohort_actions.edit_cohort(self.store, self.case_list, self.settings, self)
        )
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
        self.report_actions: report_actions.ReportActions | None = None
        self._build_actions()
        self.report_actions = report_actions.ReportActions(
            store, self.case_list, self.open_record, lambda: self.settings, self._show, self
        )
        self.report_actions.install(self.menu("&File"), toolbar=self.toolbar)
        self._update_actions()
        install_help_actions(self, self.menu("&Help"))
        self.about_action = install_about_action(self.menu("&Help"), lambda: about_rows(
            self.store.engine, self.settings, self.context.data_dir), self)  # fmt: skip
        install_completeness_actions(self.editor.next_missing_action, self.menu("&Case"))
        self.refresh_list()
        self._update_title()

    # ----- building ------------------------------------------------------------------

    def _build_actions(self) -> None:
        """The commands of the menus (ui/window_menus.py makes them), as `<name>_action`."""
        self.menus = menus = WindowMenus(self)
        self.toolbar = menus.toolbar
        standard = QKeySequence.StandardKey
        menus.add("&File", "new", "&New case", self.new_case, standard.New, toolbar=True)
        menus.add("&File", "save", "&Save", self.save, standard.Save, toolbar=True)
        menus.add("&File", "print", "&Print to PDF…", self.print_pdf, standard.Print, toolbar=True)
        menus.add("&Case", "complete", "Mark &complete / reopen", lambda: self.toggle_complete())
        menus.add("&Case", "history", "&History…", lambda: self.show_history())
        menus.add("&Case", "remove", "&Remove case…", lambda: self.remove_case())
        menus.add("&Case", "restore_case", "Removed &cases…", lambda: self.restore_removed())
        menus.add("&Tools", "settings", "&Settings…", lambda: self.edit_settings())
        menus.add("&Tools", "backup", "&Back up now", lambda: backup_now(self.maintenance))
        menus.add("&Tools", "restore_backup", "Restore &backup…", lambda: restore_from_backup(
            self.maintenance, self.settle_unsaved, self.close_case))  # fmt: skip
        menus.menu("&File").addSeparator()
        # The standard Quit key is empty on Windows.
        menus.add("&File", "quit", "&Quit", self.close, "Ctrl+Q")
        for name, action in menus.actions.items():
            setattr(self, f"{name}_action", action)
        self._update_actions()

    def menu(self, title: str) -> QMenu:
        """One of the window's menus (File, Case, Tools, Help), for the parts that add to it."""
        return self.menus.menu(title)

    def save_settings(self) -> None:
        self.session.user = self.settings.registrar_name
        if self.settings_path is not None:
            self.settings.save(self.settings_path)

    def _column_widths_changed(self, widths: dict[str, int]) -> None:
        """Case-list columns the registrar sized, remembered for the next start."""
        self.settings.column_widths = widths
        try:
            self.save_settings()
        except OSError as exc:
            self._say(f"The settings could not be written: {exc}")

    def edit_settings(self) -> None:
        found = session_folders(self.context.data_dir, self.settings)
        edit_settings(self.settings, found, default_backups(self.store.engine, found),
                      self.keep_settings, self._show, self)  # fmt: skip

    def keep_settings(self, chosen: Settings) -> None:
        """Settings chosen in the dialog: in use at once, and in the settings file."""
        self.settings = chosen
        self.save_settings()
        if self.report_actions is not None:
            self.report_actions.paper = ""  # the new default, not the last preview's paper

    @property
    def drafts(self) -> DraftStore:
        return self.session.drafts

    def _say(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _show(self, text: str, milliseconds: int) -> None:
        self.statusBar().showMessage(text, milliseconds)

    def open_record(self) -> CaseRecord | None:
        """The case open in the editor, with what is typed but not yet saved."""
        if self.stack.currentWidget() is not self.editor:
            return None
        self.editor.commit()
        return self.editor.record

    def _show_session(self, keep_view: bool = False) -> None:
        """The session's open record in the editor, which edits it in place."""
        session = self.session
        self.editor.load(session.record, base=session.base, keep_view=keep_view)
        self.editor.draft_key = session.draft_key
        self.stack.setCurrentWidget(self.editor)

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
            restored = self.session.open(case_id, self.prompts)
        except StoreError as exc:
            QMessageBox.warning(self, "Open case", str(exc))
            return
        self._show_session()
        if restored:
            self.editor.set_dirty(True)
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
            self.session.discard_draft()
            self.editor.set_dirty(False)
            return True
        return False

    def keep_draft(self) -> None:
        """Write the open case's unsaved state where a crash cannot take it."""
        if self.stack.currentWidget() is self.editor and self.editor.dirty:
            try:
                self.session.keep_draft()
            except OSError as exc:
                self.statusBar().showMessage(f"The draft could not be written: {exc}", 8000)

    def keep_typed_work(self) -> None:
        """After an unexpected error: what is typed, even still in its box, kept as a draft."""
        if self.stack.currentWidget() is self.editor:
            self.editor.commit()
        self.keep_draft()

    def set_aside_as_draft(self) -> None:
        """Before a backup replaces the file: unsaved work kept as its draft, offered again
        when the case is next opened."""
        self.keep_draft()
        if self.stack.currentWidget() is self.editor:
            self.editor.set_dirty(False)

    def offer_new_case_drafts(self) -> None:
        """At start-up: a new case that was never saved before a crash is offered back."""
        if not self.session.offer_new_case_draft(self.prompts):
            return
        self._show_session()
        self.editor.set_dirty(True)
        self._update_actions()
        self._update_title()

    def close_case(self) -> None:
        self.session.close()
        self.stack.setCurrentWidget(self.placeholder)
        self.refresh_list()
        self._update_actions()
        self._update_title()

    def new_case(self) -> None:
        if not self.settle_unsaved():
            return
        self.case_table.clearSelection()
        self.session.new()
        self._show_session()
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
        return self.show_outcome(self.session.save_asking(self.prompts))

    def show_outcome(self, outcome: Outcome) -> bool:
        """What a save came to, shown; True when it was saved."""
        if isinstance(outcome, Saved):
            self._show_session(keep_view=True)
            record = outcome.record
            self.refresh_list(select=record.case_id)
            problems = self.editor.validate()
            note = f" — incomplete: {len(problems)} problem(s)" if problems else ""
            if record.case_id is not None and self.model.row_of(record.case_id) is None:
                note += " — not in the list: the search, filters or cohort leave it out"
            self.statusBar().showMessage(f"Saved case {self.case_number()}{note}", 8000)
            self._update_title()
            return True
        if isinstance(outcome, NumberTaken):
            self.editor.focus_field("", 0, outcome.field_id)
            self.editor.show_field_message(
                outcome.field_id, f"Case number {outcome.number} is already used by another "
                "case. Choose another number, or leave it empty to have one given."
            )  # fmt: skip
            self._say("Not saved: the case number is taken")
        elif isinstance(outcome, Merged):
            self._show_session()
            self.editor.set_dirty(True)
            self.keep_draft()
            self.statusBar().showMessage("Their version reloaded with your changes; save to keep")
        elif isinstance(outcome, Refused):
            QMessageBox.warning(self, "Not saved", "\n".join(outcome.problems))
        elif isinstance(outcome, NotComplete):  # issue 11: said beside the field it needs
            self.editor.show_field_message(outcome.blocker.target.field, outcome.blocker.text)
            self.editor.focus_target(outcome.blocker.target)
        elif isinstance(outcome, Conflict):
            self._say("Not saved: the case was changed elsewhere")
        elif isinstance(outcome, Cancelled):
            self._say(f"Not saved: {outcome.what}; nothing was changed")
        return False

    def _dirty_changed(self, dirty: bool) -> None:
        if dirty and self.statusBar().currentMessage().startswith("Saved"):
            self.statusBar().clearMessage()  # "Saved" no longer holds once something is typed
        self._update_title()

    def case_number(self) -> str:
        return self.session.case_number()

    # ----- status, removal, history --------------------------------------------------

    def toggle_complete(self) -> None:
        if self.editor.commit():
            return
        self.show_outcome(self.session.toggle_complete(self.prompts))

    def remove_case(self) -> None:
        if self.session.record.case_id is None:
            return
        if self.session.remove(self.prompts):
            self.editor.set_dirty(False)
            self.close_case()
        else:
            self._say("Remove case: cancelled; nothing was changed")

    def restore_removed(self) -> None:
        case_id = case_actions.choose_removed_case(self.store, self)
        if case_id is None:
            return
        if not self.session.restore(case_id, self.prompts):
            self._say("Restore case: cancelled; nothing was changed")
            return
        self.refresh_list(select=case_id)
        self.open_case(case_id)

    def show_history(self) -> None:
        case_id = self.session.record.case_id
        if case_id is not None:
            case_actions.show_history(self.store, case_id, self.case_number(), self)

    def print_pdf(self) -> None:
        if self.stack.currentWidget() is self.editor:
            self.editor.commit()
            report_actions.print_to_pdf(self.store.spec, self.editor.record, self.settings, self,
                                        self._show)  # fmt: skip

    # ----- window --------------------------------------------------------------------

    def _update_actions(self) -> None:
        open_case = self.stack.currentWidget() is self.editor
        report = self.report_actions  # installed after the menus are built
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
            self.maintenance.stop()  # the day's backup runs after the start, never at exit
            event.accept()
        else:
            event.ignore()
