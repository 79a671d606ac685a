"""A set of field editors laid out from the specification and bound to one scope's values.

The case's own fields of a tab are one FieldSet; the editor of a group's selected entry is
another. Both apply typed text through rules.values.canonical into the open CaseRecord,
keep refused text (with its reason) in the shared `EditState` so that nothing typed is
lost when the registrar moves elsewhere, and hide fields whose show_if is not met.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop_app.record import CaseRecord, ItemKey
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.validation import Problem, limit_message
from desktop_app.rules.values import ValueRefused, canonical
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.ui.field_editors import FieldEditor, RefEditor, make_editor


@dataclass
class EditState:
    """What the open case's editors share: the record and the refused inputs."""

    spec: Spec
    record: CaseRecord
    refused: dict[ItemKey, tuple[str, str]] = field(default_factory=dict)  # raw, reason
    entries_provider: Callable[[str], list[tuple[str, str]]] | None = None


class FieldSet(QWidget):
    applied = Signal()  # a value of the record changed
    typing = Signal()  # the registrar is typing (the case is now unsaved)

    def __init__(
        self, state: EditState, fields: tuple[FieldSpec, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.fields = fields
        self.scope: tuple[str, int] = ("", 0)
        self.values: dict[str, str] = {}
        self.editors: dict[str, FieldEditor] = {}
        self.rows: dict[str, tuple[QFormLayout, int]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layouts: dict[str, QFormLayout] = {}
        for spec_field in fields:
            layout = layouts.get(spec_field.section)
            if layout is None:
                layout = QFormLayout()
                layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
                if spec_field.section:
                    box = QGroupBox(spec_field.section, self)
                    box.setLayout(layout)
                    outer.addWidget(box)
                else:
                    outer.addLayout(layout)
                layouts[spec_field.section] = layout
            editor = make_editor(state.spec, spec_field, self)
            if isinstance(editor, RefEditor):
                editor.entries_provider = state.entries_provider
            editor.edited.connect(lambda e=editor: self.apply(e))
            editor.typing.connect(self.typing)
            label = QLabel(spec_field.label + (" *" if spec_field.required else ""), self)
            label.setBuddy(editor.input)
            if spec_field.help:
                label.setToolTip(spec_field.help)
            layout.addRow(label, editor)
            self.rows[spec_field.id] = (layout, layout.rowCount() - 1)
            self.editors[spec_field.id] = editor

    def bind(self, scope: tuple[str, int], values: dict[str, str]) -> None:
        """Show the values of one scope: ("", 0) for the case, (group, entry id) for an entry."""
        self.scope = scope
        self.values = values
        for field_id, editor in self.editors.items():
            if isinstance(editor, RefEditor):
                editor.fill()
            refused = self.state.refused.get((*scope, field_id))
            if refused:
                editor.set_value(refused[0])
                editor.show_message(refused[1], "error")
            else:
                editor.set_value(values.get(field_id, ""))
                editor.show_message(
                    self._warning(editor.field, values.get(field_id, "")), "warning"
                )
        self.refresh_visibility()

    def _warning(self, spec_field: FieldSpec, value: str) -> str:
        return limit_message(spec_field, value) or ""

    def apply(self, editor: FieldEditor) -> bool:
        """Apply one editor's text to the record; False when the text was refused."""
        key = (*self.scope, editor.field.id)
        raw = editor.raw()
        try:
            value = canonical(self.state.spec, editor.field, raw)
        except ValueRefused as exc:
            self.state.refused[key] = (raw, str(exc))
            editor.show_message(str(exc), "error")
            self.typing.emit()
            return False
        self.state.refused.pop(key, None)
        editor.show_message(self._warning(editor.field, value), "warning")
        if self.values.get(editor.field.id, "") != value:
            if value:
                self.values[editor.field.id] = value
            else:
                self.values.pop(editor.field.id, None)
            self.refresh_visibility()
            self.applied.emit()
        return True

    def apply_all(self) -> bool:
        return all([self.apply(e) for e in self.editors.values() if e.isEnabled()])

    def refresh_visibility(self) -> None:
        case_values = self.state.record.values
        for field_id, (layout, row) in self.rows.items():
            shown = is_shown(self.editors[field_id].field, self.values, case_values)
            layout.setRowVisible(row, shown)

    def show_problems(self, problems: list[Problem]) -> None:
        """Warnings from the whole-case check beside the fields of this scope."""
        for field_id, editor in self.editors.items():
            if (*self.scope, field_id) in self.state.refused:
                continue
            mine = [p.message for p in problems if (p.group, p.entry_id, p.field)
                    == (*self.scope, field_id)]  # fmt: skip
            editor.show_message("; ".join(mine), "warning")

    def set_enabled(self, enabled: bool) -> None:
        for editor in self.editors.values():
            editor.setEnabled(enabled)
