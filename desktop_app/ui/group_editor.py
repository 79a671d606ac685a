"""A repeating group: a table of its entries, buttons to add, copy, remove and reorder them,
and a FieldSet below that edits the selected entry.

Keyboard: Tab goes from the table through the buttons to the entry's fields; while the
focus is anywhere in the group, ADD_KEYS adds an entry and COPY_KEYS starts a new entry
from the selected one (a second ultrasound like the first). Both are QActions of the
group, so that Help lists them.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.derived import DERIVED_MARK, derive_scope, explain
from desktop_app.rules.other_name import shown_value
from desktop_app.rules.validation import Problem
from desktop_app.session import references_to, remove_entry
from desktop_app.spec.model import GroupSpec
from desktop_app.ui.entry_pages import entry_field_set
from desktop_app.ui.field_set import EditState
from desktop_app.ui.styles import DERIVED_COLOUR

HEADER_CHARS = 14  # a header longer than this goes on a second (third …) line
HEADER_PADDING = 16
MIN_ROWS, MAX_ROWS = 3, 8  # the table's height in rows

ADD_KEYS = QKeySequence("Ctrl+Shift+N")
COPY_KEYS = QKeySequence("Ctrl+Shift+D")
WHERE = "In a repeating group (its table or the entry below it)"
# A copy keeps every value but a name typed for one entry only (a lesion's or specimen's
# label, a differential's text, a follow-up visit's date): these field types of the
# group's entry_label field are left empty in the copy.
NAMING_TYPES = ("text", "longtext", "date")
# A cell whose value no source gave but a rule derived (a visit's date about two months after
# surgery) reads with this mark, in the entry editor's derived colour and italic: never
# taken for a typed value (rules.derived.DERIVED_MARK, as in the PDF). Only entered values
# are stored; the cell is display only.


class GroupEditor(QGroupBox):
    applied = Signal()
    typing = Signal()

    def __init__(self, state: EditState, group: GroupSpec, parent: QWidget | None = None) -> None:
        super().__init__(group.label, parent)
        self.state = state
        self.group = group
        self.setObjectName(f"group_{group.id}")
        if group.help:
            self.setToolTip(group.help)
        layout = QVBoxLayout(self)
        self.columns = group.table_columns
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setObjectName(f"table_{group.id}")
        self.table.setHorizontalHeaderLabels([header_text(f.label) for f in self.columns])
        for column, spec_field in enumerate(self.columns):
            header_item = self.table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(spec_field.label)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # No column narrower than its header's longest line: a header is never cut.
        lines = [line for f in self.columns for line in header_text(f.label).splitlines()]
        widest = max((header.fontMetrics().horizontalAdvance(t) for t in lines), default=0)
        header.setMinimumSectionSize(widest + HEADER_PADDING)
        self.table.verticalHeader().setVisible(False)
        self._fit_height()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table)
        # Tab follows the order widgets are made in, which is the order they are shown in:
        # the table, the buttons beneath it, then the selected entry's fields.
        name = group.entry_name or "entry"
        self.add_action = self._action("add", "New entry in this group", ADD_KEYS, self.add_entry)
        self.copy_action = self._action(
            "copy", "Copy the selected entry as a new one", COPY_KEYS, self.copy_entry
        )
        buttons = QHBoxLayout()
        add_text = f"Add {group.entry_name}" if group.entry_name else "Add"
        self.add_button = self._button(add_text, "add", self.add_action, buttons)
        self.add_button.setToolTip(f"A new, empty {name} ({_keys(ADD_KEYS)})")
        self.copy_button = self._button("Copy as new", "copy", self.copy_action, buttons)
        self.copy_button.setToolTip(
            f"A new {name} with the values of the selected one ({_keys(COPY_KEYS)})"
        )
        self.remove_button = self._button("Remove", "remove", self.remove_entry, buttons)
        self.up_button = self._button("Move up", "up", lambda: self.move_entry(-1), buttons)
        self.down_button = self._button("Move down", "down", lambda: self.move_entry(1), buttons)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.fields = entry_field_set(state, group.fields, self)  # paged when it has pages
        self.fields.setObjectName(f"entry_{group.id}")
        self.fields.applied.connect(self._entry_applied)
        self.fields.typing.connect(self.typing)
        layout.addWidget(self.fields)
        self.current_entry: int | None = None
        self.reload()

    def _action(self, name: str, text: str, keys: QKeySequence, slot: object) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{name}_{self.group.id}")
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setStatusTip(WHERE)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, text: str, name: str, slot: object, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(f"{name}_{self.group.id}")
        if isinstance(slot, QAction):
            button.clicked.connect(slot.trigger)
        else:
            button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    @property
    def entries(self) -> list:
        return self.state.record.entries(self.group.id)

    def reload(self, select: int | None = None) -> None:
        """Refill the table from the record, keeping or moving the selection."""
        entries = self.entries
        self.table.blockSignals(True)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            self._fill_row(row, entry.values)
        self.table.blockSignals(False)
        self._fit_height()
        ids = [e.entry_id for e in entries]
        wanted = select if select in ids else (self.current_entry if self.current_entry in ids
                                               else (ids[0] if ids else None))  # fmt: skip
        self._bind(wanted)
        if wanted is not None:
            self.table.blockSignals(True)
            self.table.selectRow(ids.index(wanted))
            self.table.blockSignals(False)
        self._update_buttons()

    def _fit_height(self) -> None:
        """As tall as its entries, from MIN_ROWS up to MAX_ROWS rows (then it scrolls)."""
        rows = max(MIN_ROWS, min(MAX_ROWS, self.table.rowCount()))
        row_height = self.table.verticalHeader().defaultSectionSize()
        height = (self.table.horizontalHeader().sizeHint().height() + rows * row_height
                  + 2 * self.table.frameWidth()
                  + self.table.horizontalScrollBar().sizeHint().height())  # fmt: skip
        self.table.setFixedHeight(height)

    def _fill_row(self, row: int, values: dict[str, str]) -> None:
        labels = self.state.entries_provider
        derived = self._derived(values)
        for column, spec_field in enumerate(self.columns):
            ref_labels = dict(labels(spec_field.ref)) if labels and spec_field.ref else None
            worked_out = spec_field.id in derived
            shown = {**values, **derived} if worked_out else values
            text = shown_value(self.state.spec, spec_field, shown, ref_labels)
            if worked_out:
                text = f"{text} {DERIVED_MARK}"
            item = QTableWidgetItem(text.replace("\n", " "))
            item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
            if worked_out:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                item.setForeground(QBrush(QColor(DERIVED_COLOUR)))
                item.setToolTip(explain(self.state.spec, spec_field))
            self.table.setItem(row, column, item)

    def _derived(self, values: dict[str, str]) -> dict[str, str]:
        """The derived values of an entry's table columns that hold no entered value."""
        if not any(f.derived is not None and not values.get(f.id) for f in self.columns):
            return {}
        record = self.state.record
        found = derive_scope(self.state.spec, record, self.group.fields, values, record.values)
        return {f.id: found[f.id] for f in self.columns if f.id in found}

    def _bind(self, entry_id: int | None) -> None:
        self.current_entry = entry_id
        if entry_id is None:
            self.fields.bind((self.group.id, 0), {})
            self.fields.set_enabled(False)
            return
        self.fields.set_enabled(True)
        self.fields.bind(
            (self.group.id, entry_id), self.state.record.entry(self.group.id, entry_id).values
        )

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        if self.current_entry is not None:
            self.fields.apply_all()
        self._bind(self.entries[rows[0].row()].entry_id)
        self._update_buttons()

    def _entry_applied(self) -> None:
        if self.current_entry is not None:
            ids = [e.entry_id for e in self.entries]
            row = ids.index(self.current_entry)
            self._fill_row(row, self.entries[row].values)
        self.applied.emit()

    def _update_buttons(self) -> None:
        ids = [e.entry_id for e in self.entries]
        has = self.current_entry in ids
        self.copy_action.setEnabled(bool(ids))
        self.copy_button.setEnabled(bool(ids))
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and ids.index(self.current_entry) > 0)
        self.down_button.setEnabled(has and ids.index(self.current_entry) < len(ids) - 1)

    def add_entry(self) -> None:
        if self.current_entry is not None:
            self.fields.apply_all()
        entry = self.state.record.add_entry(self.group.id)
        self.reload(select=entry.entry_id)
        self.applied.emit()  # (may refill the editors: a reference can now name the entry)
        self._focus_first()

    def copy_entry(self) -> None:
        """A new entry (with its own id) holding the selected entry's values, or the last
        entry's when none is selected, less the name of that one entry (NAMING_TYPES)."""
        entries = self.entries
        if not entries:
            return
        if self.current_entry is not None:
            self.fields.apply_all()
        source = next((e for e in entries if e.entry_id == self.current_entry), entries[-1])
        kept = {k: v for k, v in source.values.items() if k not in self._not_copied()}
        entry = self.state.record.add_entry(self.group.id, kept)
        self.reload(select=entry.entry_id)
        self.applied.emit()  # (may refill the editors: a reference can now name the entry)
        self._focus_first()

    def _not_copied(self) -> set[str]:
        label = self.group.entry_label
        if label and self.group.field(label).type in NAMING_TYPES:
            return {label}
        return set()

    def _focus_first(self) -> None:
        """The new entry's first field that can be typed into, its text selected."""
        for editor in self.fields.editors.values():
            if editor.isVisibleTo(self.fields) and editor.input.isEnabled():
                editor.focus_input()
                if isinstance(editor.input, QLineEdit):
                    editor.input.selectAll()
                return

    def remove_entry(self) -> None:
        if self.current_entry is None:
            return
        removed = self.current_entry
        ids = [e.entry_id for e in self.entries]
        index = ids.index(removed)
        self.fields.apply_all()  # a reference typed just now counts too
        pointing = references_to(self.state.spec, self.state.record, self.group.id, removed)
        if pointing:
            noun = (self.group.entry_name or self.group.label).capitalize()
            listed = "\n".join(f"• {ref.text}" for ref in pointing)
            box = QMessageBox(QMessageBox.Icon.Question, f"Remove {noun.lower()}",
                              f"{noun} {index + 1} is referred to by:\n{listed}\n\nRemove "
                              "it anyway? These references are then left empty.",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              self)  # fmt: skip
            box.setObjectName("entry_removal")
            box.setDefaultButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        remove_entry(self.state.record, self.group.id, removed, pointing)
        for key in [k for k in self.state.refused if k[:2] == (self.group.id, removed)]:
            del self.state.refused[key]
        remaining = [e.entry_id for e in self.entries]
        self.current_entry = None
        self.reload(select=remaining[min(index, len(remaining) - 1)] if remaining else None)
        self.applied.emit()

    def move_entry(self, step: int) -> None:
        if self.current_entry is None:
            return
        self.fields.apply_all()
        self.state.record.move_entry(self.group.id, self.current_entry, step)
        self.reload(select=self.current_entry)
        self.applied.emit()

    def show_problems(self, problems: list[Problem]) -> None:
        self.fields.show_problems(problems)

    def select_entry(self, entry_id: int) -> None:
        self.reload(select=entry_id)


def header_text(label: str) -> str:
    """A column header on as many lines as its words need (never cut off)."""
    return textwrap.fill(label, HEADER_CHARS, break_long_words=False, break_on_hyphens=False)


def _keys(keys: QKeySequence) -> str:
    return keys.toString(QKeySequence.SequenceFormat.NativeText)
