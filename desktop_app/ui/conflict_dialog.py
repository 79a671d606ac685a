"""Someone else saved the case first: show what each side changed and let the registrar
choose, field by field, which of their own changes to apply again on top of the other save.

A change of mine to a value they left alone is ticked: applying it loses nothing of theirs.
A clash (both changed the same value, differently) is not ticked and is marked: accepting
the dialog as shown keeps their value, and mine replaces it only when the registrar ticks it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.merge import Change
from desktop_app.rules.values import display
from desktop_app.spec.model import Spec

HEADERS = ["Field", "Before", "Their value", "Your value", "Apply yours"]
APPLY_COLUMN = 4
THEIRS_CHANGED = QColor("#fff3b0")  # their value differs from the one both started from
CLASH = QColor("#ffd2c2")  # both changed it, differently: a choice to make
CLASH_TEXT = "Both changed it: choose"
CLASH_TIP = ("You and the other person both changed this value, differently. Their value is "
             "kept unless you tick this to apply yours instead.")  # fmt: skip


def describe(spec: Spec, change: Change) -> tuple[str, str, str, str]:
    group, entry_id, field_id = change.key
    if not field_id:
        where = f"{spec.group(group).label}: entry {entry_id}"

        def shown(v: str | None) -> str:
            return "present" if v else "—"
    else:
        field = spec.field(group, field_id)
        where = field.label if not group else f"{spec.group(group).label} {entry_id}: {field.label}"

        def shown(v: str | None) -> str:
            return display(spec, field, v) if v else "—"

    return where, shown(change.base), shown(change.theirs), shown(change.mine)


def _intro(clashes: int) -> str:
    text = ("Someone else saved this case while you were editing it. Their version is kept. "
            "Tick the changes of yours to apply again on top of it, then save.")  # fmt: skip
    if clashes:
        text += (f"\n\n{clashes} value(s) were changed by both of you (marked "
                 f"“{CLASH_TEXT}”): their value stays unless you tick yours.")  # fmt: skip
    return text


class ConflictDialog(QDialog):
    def __init__(self, spec: Spec, changes: list[Change], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Saved by someone else")
        self.setObjectName("conflict_dialog")
        self.changes = changes
        layout = QVBoxLayout(self)
        self.intro = QLabel(_intro(sum(c.clash for c in changes)), self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(len(changes), len(HEADERS), self)
        self.table.setObjectName("conflict_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for row, change in enumerate(changes):
            for column, text in enumerate(describe(spec, change)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if change.clash:
                    item.setBackground(QBrush(CLASH))
                    item.setToolTip(CLASH_TIP)
                elif column == 2 and change.they_changed:
                    item.setBackground(QBrush(THEIRS_CHANGED))
                self.table.setItem(row, column, item)
            self.table.setItem(row, APPLY_COLUMN, self._tick(change))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(
            "Reload and apply ticked changes", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("conflict_apply")
        buttons.addButton("Keep editing", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 420)

    @staticmethod
    def _tick(change: Change) -> QTableWidgetItem:
        """Ticked for a change of mine alone; unticked and marked for a clash; none for a
        change of theirs alone (there is nothing of mine to apply)."""
        tick = QTableWidgetItem("")
        if not change.i_changed:
            tick.setFlags(Qt.ItemFlag.NoItemFlags)
            return tick
        tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        if change.clash:
            tick.setText(CLASH_TEXT)
            tick.setToolTip(CLASH_TIP)
            tick.setBackground(QBrush(CLASH))
            tick.setCheckState(Qt.CheckState.Unchecked)
        else:
            tick.setCheckState(Qt.CheckState.Checked)
        return tick

    def clashes(self) -> list[int]:
        """The rows where both sides changed the value differently."""
        return [row for row, change in enumerate(self.changes) if change.clash]

    def chosen(self) -> list[Change]:
        ticked = []
        for row, change in enumerate(self.changes):
            item = self.table.item(row, APPLY_COLUMN)
            if change.i_changed and item.checkState() == Qt.CheckState.Checked:
                ticked.append(change)
        return ticked
