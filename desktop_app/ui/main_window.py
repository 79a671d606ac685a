"""The main window: the case list beside the open case. It assembles the parts and wires
them: the menus (ui/window_menus.py), the open case's commands (ui/case_commands.py, to which
it is the CaseView), the case list (ui/case_list_panel.py), the reports, the background
safety work, the settings. Its own methods are the case list's wiring, the title and which
actions apply, and the commands others call it by (open_case, save, keep_draft …)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
)

from desktop_app.drafts import DraftStore
from desktop_app.locations import data_dir
from desktop_app.record import CaseRecord
from desktop_app.session import CaseSession, Prompts
from desktop_app.settings import Settings
from desktop_app.store import CaseStore
from desktop_app.ui import cohort_actions, report_actions
from desktop_app.ui.about_action import install_about_action
from desktop_app.ui.background import Maintenance
from desktop_app.ui.backup_actions import backup_now, restore_from_backup
from desktop_app.ui.case_commands import CaseCommands
from desktop_app.ui.case_editor import CaseEditor
from desktop_app.ui.case_list_panel import CaseListPanel
from desktop_app.ui.completeness_panel import install_completeness_actions
from desktop_app.ui.export_action import install_export_action
from desktop_app.ui.help_actions import install_help_actions
from desktop_app.ui.prompts import DialogPrompts
from desktop_app.ui.session_folders import about_rows, default_backups, session_folders
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
        self.commands = CaseCommands(self.session, self.editor, store, lambda: self.prompts, self,
                                     self)  # fmt: skip
        self.maintenance = Maintenance(store, lambda: self.settings, self.commands, self.say, self)
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
            store, self.case_list, self.open_record, lambda: self.settings, self.say, self
        )
        self.report_actions.install(self.menu("&File"), toolbar=self.toolbar)
        self.export_action = install_export_action(  # File ▸ Export… (ui/export_action.py)
            store, self.case_list, lambda: self.case_is_open() and self.editor.dirty, self.say,
            self, self.menu("&File"))  # fmt: skip
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
        commands = self.commands
        menus.add("&Case", "complete", "Mark &complete / reopen", commands.toggle_complete)
        menus.add("&Case", "history", "&History…", commands.show_history)
        menus.add("&Case", "remove", "&Remove case…", commands.remove_case)
        menus.add("&Case", "restore_case", "Removed &cases…", commands.restore_removed)
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
            self.say(f"The settings could not be written: {exc}")

    def edit_settings(self) -> None:
        from desktop_app.ui.settings_dialog import edit_settings  # loaded when first opened

        found = session_folders(self.context.data_dir, self.settings)
        edit_settings(self.settings, found, default_backups(self.store.engine, found),
                      self.keep_settings, self.say, self)  # fmt: skip

    def keep_settings(self, chosen: Settings) -> None:
        """Settings chosen in the dialog: in use at once, and in the settings file."""
        self.settings = chosen
        self.save_settings()
        if self.report_actions is not None:
            self.report_actions.paper = ""  # the new default, not the last preview's paper

    @property
    def drafts(self) -> DraftStore:
        return self.session.drafts

    def open_record(self) -> CaseRecord | None:
        """The case open in the editor, with what is typed but not yet saved."""
        if not self.case_is_open():
            return None
        self.editor.commit()
        return self.editor.record

    # ----- where the open case shows (case_commands.CaseView) ------------------------

    def case_is_open(self) -> bool:
        return self.stack.currentWidget() is self.editor

    def show_editor(self) -> None:
        self.stack.setCurrentWidget(self.editor)

    def show_placeholder(self) -> None:
        self.stack.setCurrentWidget(self.placeholder)

    def say(self, text: str, milliseconds: int = 8000) -> None:
        self.statusBar().showMessage(text, milliseconds)

    def case_changed(self) -> None:
        self._update_actions()
        self._update_title()

    # ----- the case list -------------------------------------------------------------

    def refresh_list(self, select: int | None = None) -> None:
        current = select if select is not None else self.current_case_id()
        self.case_list.apply_filter(keep=current)

    def select_in_list(self, case_id: int | None) -> None:
        if case_id is None:
            self.case_table.clearSelection()
        else:
            self.case_list.select(case_id)

    def in_list(self, case_id: int) -> bool:
        return self.model.row_of(case_id) is not None

    def current_case_id(self) -> int | None:
        return self.editor.record.case_id if self.case_is_open() else None

    def _case_chosen(self, case_id: int) -> None:
        if case_id == self.current_case_id():
            return
        if not self.commands.settle_unsaved():
            previous = self.current_case_id()
            if previous is not None:
                self.select_in_list(previous)
            return
        self.open_case(case_id)

    # ----- the open case's commands (ui/case_commands.py), as others call them -------

    def open_case(self, case_id: int) -> None:
        self.commands.open_case(case_id)

    def new_case(self) -> None:
        self.commands.new_case()

    def save(self) -> bool:
        return self.commands.save()

    def settle_unsaved(self) -> bool:
        return self.commands.settle_unsaved()

    def close_case(self) -> None:
        self.commands.close_case()

    def keep_draft(self) -> None:
        self.commands.keep_draft()

    def keep_typed_work(self) -> None:
        self.commands.keep_typed_work()

    def offer_new_case_drafts(self) -> None:
        self.commands.offer_new_case_drafts()

    def case_number(self) -> str:
        return self.session.case_number()

    def _dirty_changed(self, dirty: bool) -> None:
        if dirty and self.statusBar().currentMessage().startswith("Saved"):
            self.statusBar().clearMessage()  # "Saved" no longer holds once something is typed
        self._update_title()

    def print_pdf(self) -> None:
        if self.case_is_open():
            self.editor.commit()
            report_actions.print_to_pdf(self.store.spec, self.editor.record, self.settings, self,
                                        self.say)  # fmt: skip

    # ----- window --------------------------------------------------------------------

    def _update_actions(self) -> None:
        open_case = self.case_is_open()
        report = self.report_actions  # installed after the menus are built
        for action in (self.save_action, self.print_action, self.complete_action,
                       self.history_action, self.remove_action,
                       *([report.preview_action] if report else [])):  # fmt: skip
            action.setEnabled(open_case)

    def _update_title(self) -> None:
        title = "Case Abstractor"
        if self.case_is_open():
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
