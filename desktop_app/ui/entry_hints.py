"""Two small habits of every field's input, put on it when its row is built (field_set.py):

- the grey example text in an empty field cannot be read as data: it starts with "e.g.",
  and a derived field (read-only while a rule computes it) shows none;
- entering a filled field by the keyboard (Tab, Shift+Tab) selects its value (a line, or
  a long text), so that typing replaces it, as a registrar correcting a value expects
  (Ctrl+Z brings it back); a click still puts the cursor where it is clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

EXAMPLE = "e.g. "
KEYBOARD = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)


def _line(widget: QObject) -> QLineEdit | None:
    if isinstance(widget, QLineEdit):
        return widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    return None


def _select_all(widget: QObject) -> None:
    line = _line(widget)
    if line is not None:
        line.selectAll()
    elif isinstance(widget, QPlainTextEdit):
        widget.selectAll()


def _filled(widget: QObject) -> bool:
    line = _line(widget)
    if line is not None:
        return bool(line.text())
    return isinstance(widget, QPlainTextEdit) and bool(widget.toPlainText())


class EntryHints(QObject):
    """Selects the value of a line (or an editable list's line) entered by Tab; hides the
    example text while the input is read-only (a derived value shown)."""

    def __init__(self, widget: QWidget, example: str) -> None:
        super().__init__(widget)
        self.example = example

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget):
            line = _line(watched)
            if line is not None:
                line.setPlaceholderText(self.example if watched.isEnabled() else "")
        elif (
            event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and event.reason() in KEYBOARD
            and _filled(watched)
        ):  # after the widget's own focus handling, which may place the cursor
            QTimer.singleShot(0, watched, lambda: _select_all(watched))
        return False


def install_entry_hints(widget: QWidget) -> None:
    """On a field's input."""
    line = _line(widget)
    example = line.placeholderText() if line is not None else ""
    if example and example[0].isdigit() and not example.startswith(EXAMPLE):
        example = EXAMPLE + example  # "e.g. 70, ~70, <50, 10-15", never read as a value
    if line is not None:
        line.setPlaceholderText(example if widget.isEnabled() else "")
    widget.installEventFilter(EntryHints(widget, example))
