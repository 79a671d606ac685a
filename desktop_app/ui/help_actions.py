"""Help → Keyboard shortcuts: every key the window answers to, read from its actions.

    install_help_actions(window, help_menu)

adds the command to the window's Help menu. The list is made when it is opened, from the
QActions of the window and of everything in it that have keys, so a command added anywhere
with a shortcut is listed without anyone writing it down here. A short note says what no
action does: Tab, typing into a choice, the wheel, units.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
NOTES = (
    "<b>Tab</b> and <b>Shift+Tab</b> go to the next and previous field in the order they are "
    "shown, top to bottom; in a repeating group, from its table to its buttons, then into the "
    "selected entry.<br>"
    "<b>In a choice</b>, type its code or its label: <i>4b</i> picks BI-RADS 4B, "
    "<i>centrip</i> picks Centripetal, <i>central portion</i> picks Central portion of breast. "
    "Keys typed quickly add up, spaces included; the same key again steps through the choices "
    "it starts. <b>Alt+Down</b> or <b>F4</b> opens the list (Space does not, so that it can be "
    "typed); in the open list typing moves to a choice, Enter takes it, Tab takes it and goes "
    "on. Text that matches nothing leaves the value as it was and says so beside the field. "
    "The mouse wheel scrolls the form, never a choice.<br>"
    "<b>In a set of tick boxes</b>, type a term to go to its box, then Space ticks it.<br>"
    "<b>A number</b> may be typed with its unit: <i>64mm</i> or <i>120 kPa</i>."
)


def install_help_actions(window: QMainWindow, help_menu: QMenu) -> QAction:
    action = QAction("&Keyboard shortcuts…", window)
    action.setObjectName("action_keyboard_shortcuts")
    action.setShortcut(QKeySequence.StandardKey.HelpContents)
    action.setStatusTip("Every key the window answers to")
    action.triggered.connect(lambda _checked=False: show_shortcuts(window))
    help_menu.addAction(action)
    return action


def plain(text: str) -> str:
    """An action's text without its menu accelerator ("&Save" → "Save")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(keys, command, where or what) of each action with keys, once each; the actions
    that work anywhere in the window first. Actions that repeat in every part of a kind
    (one per repeating group) are listed once."""
    rows: list[tuple[bool, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for action in window.findChildren(QAction):
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
        )
        if not keys or (keys, plain(action.text())) in seen:
            continue
        seen.add((keys, plain(action.text())))
        wide = action.shortcutContext() in WINDOW_WIDE
        note = action.statusTip() or ("Anywhere in the window" if wide else "In its part")
        rows.append((not wide, keys, plain(action.text()), note))
    rows.sort(key=lambda row: row[0])  # stable: otherwise in the order they were made
    return [(keys, text, note) for _local, keys, text, note in rows]


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("shortcut_table")
        self.table.setHorizontalHeaderLabels(["Keys", "Command", "Where / what"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for row, values in enumerate(rows):
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        layout.addWidget(self.table)
        notes = QLabel(NOTES, self)
        notes.setObjectName("shortcut_notes")
        notes.setWordWrap(True)
        layout.addWidget(notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def rows(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row."""
        return [
            tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]


def show_shortcuts(window: QWidget) -> ShortcutsDialog:
    """The list, beside the window (not modal: it can stay open while typing)."""
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
