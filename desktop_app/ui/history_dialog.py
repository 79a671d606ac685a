"""A case's audit trail, read-only, filterable by field: who changed what, when and why."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.spec.model import Spec
from desktop_app.store.audit import who

HEADERS = ["When (UTC)", "Who", "Account", "Action", "Where", "Old value", "New value", "Reason",
           "Version", "Status"]  # fmt: skip


def where_of(spec: Spec, event: dict[str, Any]) -> str:
    group, entry_id, field_id = event["group_id"], event["entry_id"], event["field_id"]
    try:
        label = spec.field(group, field_id).label if field_id else ""
        group_label = spec.group(group).label if group else ""
    except KeyError:  # a field no longer in the specification keeps its id
        label, group_label = field_id, group
    if group:
        return f"{group_label} {entry_id}" + (f": {label}" if label else "")
    return label


class HistoryDialog(QDialog):
    def __init__(
        self,
        spec: Spec,
        events: list[dict[str, Any]],
        title: str,
        parent: QWidget | None = None,
        statuses: dict[int, str] | None = None,
    ) -> None:
        """`statuses`: the case's status at each saved version (from the audit's replay)."""
        super().__init__(parent)
        self.statuses = statuses or {}
        self.setWindowTitle(f"History of {title}")
        self.setObjectName("history_dialog")
        self.events = events
        self.spec = spec
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Field:", self))
        self.filter = QComboBox(self)
        self.filter.setObjectName("history_filter")
        self.filter.addItem("All fields", "")
        places = sorted({where_of(spec, e) for e in events if e["field_id"]})
        for place in places:
            self.filter.addItem(place, place)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(self.filter, 1)
        layout.addLayout(row)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.resize(1100, 520)
        self.refresh()

    def refresh(self) -> None:
        wanted = self.filter.currentData()
        shown = [e for e in self.events if not wanted or where_of(self.spec, e) == wanted]
        self.table.setRowCount(len(shown))
        for row, event in enumerate(shown):
            cells = [
                event["at_utc"].replace("T", " ")[:19], who(event), event["os_user"],
                event["action"].replace("_", " "), where_of(self.spec, event),
                event["old_value"] or "", event["new_value"] or "", event["reason"],
                event["row_version"] or "", self.statuses.get(event["row_version"], ""),
            ]  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(str(text)))
        self.table.resizeColumnsToContents()
