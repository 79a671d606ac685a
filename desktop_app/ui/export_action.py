"""File ▸ Export… in the window's File menu. The dialog (ui/export_dialog.py), and with it
the exchange formats and the de-identification review, is imported when first opened, not
at start-up.

    install_export_action(store, case_list, has_unsaved, say, parent, file_menu)  # the hook
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from desktop_app.store import CaseStore
from desktop_app.ui.case_list_panel import CaseListPanel

if TYPE_CHECKING:
    from desktop_app.ui.export_dialog import ExportDialog


class ExportAction(QObject):
    """File ▸ Export…, and the dialog it opened last. It receives what it needs (the store,
    the case list, whether the open case has unsaved changes, the status line), not the
    window."""

    def __init__(self, store: CaseStore, case_list: CaseListPanel,
                 has_unsaved: Callable[[], bool], say: Callable[[str], None],
                 parent: QWidget, menu: QMenu) -> None:  # fmt: skip
        super().__init__(parent)
        self.store, self.case_list, self.parent_widget = store, case_list, parent
        self.has_unsaved, self.say = has_unsaved, say
        self.dialog: ExportDialog | None = None
        self.action = QAction("&Export…", parent)
        self.action.setObjectName("action_export")
        self.action.setStatusTip("Write cases to JSON, CSV, XLSX, REDCap or ODM (de-identified "
                                 "unless you choose otherwise)")  # fmt: skip
        self.action.triggered.connect(self.open)
        actions = menu.actions()
        quit_at = next((i for i, a in enumerate(actions) if a.text().replace("&", "") == "Quit"),
                       None)  # fmt: skip
        if quit_at is None:
            menu.addAction(self.action)
        else:  # with the PDF actions, above the separator before Quit
            above = actions[quit_at - 1] if quit_at else actions[quit_at]
            menu.insertAction(above if above.isSeparator() else actions[quit_at], self.action)

    def open(self) -> ExportDialog:
        from desktop_app.ui.export_dialog import UNSAVED_NOTE, ExportDialog, case_choices

        note = UNSAVED_NOTE if self.has_unsaved() else ""
        if self.dialog is not None:  # the last one, closed (closing it stopped its work)
            self.dialog.deleteLater()
        choices = case_choices(self.store, self.case_list)
        self.dialog = ExportDialog(self.store, choices, self.parent_widget, note)
        self.dialog.written.connect(self.say)
        self.dialog.open()
        return self.dialog


def install_export_action(store: CaseStore, case_list: CaseListPanel,
                          has_unsaved: Callable[[], bool], say: Callable[[str], None],
                          parent: QWidget, menu: QMenu) -> ExportAction:  # fmt: skip
    """Add File ▸ Export… to `menu` (the window's File menu)."""
    return ExportAction(store, case_list, has_unsaved, say, parent, menu)
