"""A scroll area's viewport, fetched without PySide6 searching for its Python type (issue 13:
the start).

The first time Python is handed a widget that Qt made itself as a plain QWidget (a scroll
area's viewport: a list's, its header's), PySide6 tests it against every QWidget subclass
to find the most derived Python type, creating each of those types and its enums: about
9 ms of CPU, once per process, the first time a viewport is asked for at start. Asked for
as a QWidget among the area's children, under the name Qt gives every viewport, it is
wrapped as a QWidget at once; `area.viewport()` then returns that same object.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

VIEWPORT_NAME = "qt_scrollarea_viewport"  # QAbstractScrollArea names its viewport so


def viewport(area: QAbstractScrollArea) -> QWidget:
    """`area.viewport()`, the same object (asked of Qt directly when it has no such child)."""
    found = area.findChild(QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else area.viewport()
