"""A list's column widths that the registrar set by dragging a column's edge (or double-
clicking it): kept when the list fits its other columns to its width, and remembered in the
settings (Settings.column_widths) for the next start. The list's fitting goes through
`fit`, which leaves those columns as the registrar made them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QHeaderView

from desktop_app.ui.viewports import viewport

MIN_KEPT = 24  # pixels: a column dragged narrower than this is not kept (it looks lost)
LEAST = 40  # pixels a fitted column is given, however narrow the list


def share_room(room: int, shares: dict[str, float], kept: dict[str, int]) -> dict[str, int]:
    """The columns' widths out of `room` pixels by their shares; a column in `kept` (sized
    by the registrar) keeps its width, and the others share what it leaves."""
    left = room - sum(width for name, width in kept.items() if name in shares)
    sharing = {name: share for name, share in shares.items() if name not in kept}
    total = sum(sharing.values())
    return {name: max(LEAST, int(left * share / total)) for name, share in sharing.items()}


class ColumnWidths(QObject):
    changed = Signal(dict)  # {column name: width} the registrar set, after a drag ends

    def __init__(self, header: QHeaderView, names: list[str]) -> None:
        super().__init__(header)
        self.header, self.names = header, names
        self.kept: dict[str, int] = {}
        self.dragging = False
        self.moved = False
        self.fitting = False
        header.sectionResized.connect(self._resized)
        header.sectionHandleDoubleClicked.connect(self._fitted_by_double_click)
        viewport(header).installEventFilter(self)  # ui/viewports.py: without a type search

    def keep(self, widths: dict[str, int]) -> None:
        """Widths remembered from an earlier session (unknown columns are ignored)."""
        self.kept = {name: width for name, width in widths.items()
                     if name in self.names and width >= MIN_KEPT}  # fmt: skip
        self.fitting = True
        try:
            for name, width in self.kept.items():
                self.header.resizeSection(self.names.index(name), width)
        finally:
            self.fitting = False

    def fit(self, widths: dict[str, int]) -> None:
        """Widths the list chose for its width; a column the registrar sized keeps its own."""
        self.fitting = True
        try:
            for name, width in widths.items():
                if name not in self.kept:
                    self.header.resizeSection(self.names.index(name), width)
        finally:
            self.fitting = False

    def _stretched(self, index: int) -> bool:
        """The last column stretches to the list's edge: its width is the list's, not set."""
        last = self.header.logicalIndex(self.header.count() - 1)
        return self.header.stretchLastSection() and index == last

    def _resized(self, index: int, _old: int, new: int) -> None:
        if self.fitting or not self.dragging or self._stretched(index):
            return
        if new >= MIN_KEPT:
            self.kept[self.names[index]] = new
        else:
            self.kept.pop(self.names[index], None)
        self.moved = True

    def _fitted_by_double_click(self, index: int) -> None:
        if not self._stretched(index):
            self.kept[self.names[index]] = self.header.sectionSize(index)
            self.changed.emit(dict(self.kept))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self.dragging, self.moved = True, False
        elif event.type() == QEvent.Type.MouseButtonRelease:
            self.dragging = False
            if self.moved:
                self.changed.emit(dict(self.kept))
        return False
