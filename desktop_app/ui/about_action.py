"""Help → About Case Abstractor in the menu; the dialog (ui/about_dialog.py) is imported when
it is first opened, not with the window (issue 13)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from desktop_app.ui.session_folders import Rows


def install_about_action(menu: QMenu, rows: Callable[[], Rows], parent: QWidget) -> QAction:
    """Help → About Case Abstractor; `rows` gives its lines when it is opened."""
    action = QAction("&About Case Abstractor", parent)
    action.setObjectName("action_about")
    action.setMenuRole(QAction.MenuRole.AboutRole)
    action.triggered.connect(lambda _checked=False: _show(rows(), parent))
    menu.addAction(action)
    return action


def _show(rows: Rows, parent: QWidget) -> None:
    from desktop_app.ui.about_dialog import show_about

    show_about(rows, parent)
