"""The sections of a form (its titled boxes) in two columns when the form is wide enough for
two of them side by side, else in one: an ultrasound entry with every technique ticked reads
on a screen or two instead of six (issue 15).

The sections keep their order: down the first column, then down the second (so Tab, which
follows the order the fields were made in, goes the way the eye reads). The split is where
the two columns come out nearest in height. The widget asks for no more width than the
widest single section: a narrower window puts the sections back in one column instead of
scrolling sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

COLUMN_GAP = 12  # pixels between the two columns


def split_at(heights: list[int]) -> int:
    """How many of the sections (heights in order) go in the first column: the split that
    makes the taller column shortest (the first column the taller one on a tie)."""
    if len(heights) < 2:
        return len(heights)
    total = sum(heights)
    best, best_tallest = len(heights), total
    for count in range(1, len(heights)):
        first = sum(heights[:count])
        tallest = max(first, total - first)
        if tallest < best_tallest or (tallest == best_tallest and first >= total - first):
            best, best_tallest = count, tallest
    return best


class SectionColumns(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: list[QGroupBox] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(COLUMN_GAP)
        self.columns = (QVBoxLayout(), QVBoxLayout())
        for column in self.columns:
            column.setContentsMargins(0, 0, 0, 0)
            column.addStretch(1)  # the boxes stand at the top of their column
            row.addLayout(column, 1)
        self.row = row
        self.placed: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())

    def add_section(self, box: QGroupBox) -> None:
        self.boxes.append(box)
        self.arrange()

    def _shown(self) -> list[int]:
        return [i for i, box in enumerate(self.boxes) if not box.isHidden()]

    def _widest(self) -> int:
        return max((self.boxes[i].minimumSizeHint().width() for i in self._shown()), default=0)

    def minimumSizeHint(self) -> QSize:
        """One column's width: a narrower form stacks the sections (arrange) rather than
        making the tab scroll sideways."""
        hint = super().minimumSizeHint()
        return QSize(self._widest(), hint.height())

    def two_columns(self, width: int) -> bool:
        return len(self._shown()) > 1 and width >= 2 * self._widest() + COLUMN_GAP

    def arrange(self) -> None:
        """Put the shown sections in one or two columns for the present width."""
        shown = self._shown()
        if self.two_columns(self.width()):
            count = split_at([self.boxes[i].sizeHint().height() for i in shown])
        else:
            count = len(shown)
        hidden = tuple(i for i in range(len(self.boxes)) if i not in shown)
        wanted = (tuple(shown[:count]) + hidden, tuple(shown[count:]))
        if wanted == self.placed:
            return
        self.placed = wanted
        for column in self.columns:
            for box in self.boxes:
                column.removeWidget(box)
        for column, indexes in zip(self.columns, wanted, strict=True):
            for index in sorted(indexes):  # in order, before the column's trailing stretch
                column.insertWidget(column.count() - 1, self.boxes[index])
        self.row.setStretch(1, 1 if wanted[1] else 0)  # one column: it takes the width
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()
