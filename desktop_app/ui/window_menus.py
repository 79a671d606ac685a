"""The main window's menus and toolbar, made from a table of commands.

    menus = WindowMenus(host)          # File, Case, Tools, Help, and the "Case" toolbar
    menus.add("&File", "new", "&New case", new_case, QKeySequence.StandardKey.New, toolbar=True)

Each action is named `action_<name>` (tests and Help find it by that name). The window says
what each command does; this room only makes the menus, so that another part adds its
command with one line (`menus.add(...)` or `menus.menu("&File").addAction(...)`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

MENU_TITLES = ("&File", "&Case", "&Tools", "&Help")
Keys = QKeySequence | QKeySequence.StandardKey | str


class WindowMenus:
    def __init__(self, host: QMainWindow) -> None:
        self.host = host
        self.menus = {title: host.menuBar().addMenu(title) for title in MENU_TITLES}
        self.toolbar: QToolBar = host.addToolBar("Case")
        self.toolbar.setObjectName("case_toolbar")
        self.actions: dict[str, QAction] = {}

    def menu(self, title: str) -> QMenu:
        """One of the menus (File, Case, Tools, Help), for the parts that add to it."""
        return self.menus[title]

    def add(
        self,
        title: str,
        name: str,
        text: str,
        command: Callable[[], object],
        keys: Keys | None = None,
        toolbar: bool = False,
    ) -> QAction:
        """An action `action_<name>` in menu `title` (and on the toolbar) running `command`."""
        action = QAction(text, self.host)
        action.setObjectName(f"action_{name}")
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: command())
        self.menus[title].addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions[name] = action
        return action
