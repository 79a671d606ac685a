"""Someone else saved the case first: show what each side changed and let the registrar
choose, field by field, which of their own changes to apply again on top of the other save."""

from __future__ import annotations

from PySide6.QtCore import Qt
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


class ConflictDialog(QDialog):
    def __init__(self, spec: Spec, changes: list[Change], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Saved by someone else")
        self.setObjectName("conflict_dialog")
        self.changes = changes
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Someone else saved this case while you were editing it. Their version is kept. "
            "Tick the changes of yours to apply again on top of it, then save.", self))  # fmt: skip
        self.table = QTableWidget(len(changes), len(HEADERS), self)
        self.table.setObjectName("conflict_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for row, change in enumerate(changes):
            for column, text in enumerate(describe(spec, change)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column == 2 and change.they_changed:
                    item.setBackground(Qt.GlobalColor.yellow)
                self.table.setItem(row, column, item)
            tick = QTableWidgetItem("")
            if change.i_changed:
                tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                tick.setCheckState(Qt.CheckState.Checked)
            else:
                tick.setFlags(Qt.ItemFlag.NoItemFlags)
            self.table.setItem(row, 4, tick)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(
            "Reload and apply ticked changes", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton("Keep editing", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def chosen(self) -> list[Change]:
        ticked = []
        for row, change in enumerate(self.changes):
            item = self.table.item(row, 4)
            if change.i_changed and item.checkState() == Qt.CheckState.Checked:
                ticked.append(change)
        return ticked
