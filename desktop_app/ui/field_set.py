"""A set of field editors laid out from the specification and bound to one scope's values.

The case's own fields of a tab are one FieldSet; the editor of a group's selected entry is
another. Both apply typed text through rules.values.canonical into the open CaseRecord,
keep refused text (with its reason) in the shared `EditState` so that nothing typed is
lost when the registrar moves elsewhere, and hide fields whose show_if is not met.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop_app.rules.as_reported import is_token
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.derived import derive_scope, derived_beside, explain
from desktop_app.rules.inherit import inherited
from desktop_app.rules.validation import Problem, limit_message
from desktop_app.rules.values import ValueRefused, canonical, display
from desktop_app.spec.model import FieldSpec, laid_out
from desktop_app.spec.vocabulary_index import stored_code_message
from desktop_app.ui.choice_editors import ComboEditor, RefEditor
from desktop_app.ui.edit_state import EditState
from desktop_app.ui.entry_hints import install_entry_hints
from desktop_app.ui.field_editors import FieldEditor
from desktop_app.ui.range_editor import RangeEditor, make_field_editor
from desktop_app.ui.section_columns import SectionColumns

__all__ = ["EditState", "FieldSet", "fit_label"]

LABEL_CHARS = 20  # a section's label longer than this goes on a second line


def fit_label(label: QLabel) -> None:
    """A long label on two lines, so that its section stays narrow enough for a column."""
    widest = label.fontMetrics().averageCharWidth() * LABEL_CHARS
    if label.sizeHint().width() > widest:
        label.setWordWrap(True)
        label.setFixedWidth(widest)


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
        self.sections: dict[str, tuple[QGroupBox, list[str]]] = {}
        self.section_columns: list[SectionColumns] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layouts: dict[str, QFormLayout] = {}
        # A section with a long text spans the width (text wants it); the others may flow
        # into two columns (ui/section_columns.py).
        wide = {f.section for f in fields if f.section and f.type == "longtext"}
        for spec_field in laid_out(fields):  # made in the order shown: Tab follows it
            layout = layouts.get(spec_field.section)
            if layout is None:
                layout = QFormLayout()
                layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
                if spec_field.section:
                    box = QGroupBox(spec_field.section, self)
                    box.setObjectName(f"section_{len(self.sections)}")
                    box.setLayout(layout)
                    if spec_field.section in wide:
                        outer.addWidget(box)
                    else:
                        self._columns_for(outer).add_section(box)
                    self.sections[spec_field.section] = (box, [])
                else:
                    outer.addLayout(layout)
                layouts[spec_field.section] = layout
            editor = make_field_editor(state.spec, spec_field, self)
            if isinstance(editor, RefEditor):
                editor.entries_provider = state.entries_provider
            install_entry_hints(editor.input)
            editor.edited.connect(lambda e=editor: self.apply(e))
            editor.typing.connect(self.typing)
            label = QLabel(spec_field.label + (" *" if spec_field.required else ""), self)
            label.setBuddy(editor.input)
            if spec_field.help:
                label.setToolTip(spec_field.help)
            if spec_field.section:  # each section has its own label column, kept narrow
                fit_label(label)
            layout.addRow(label, editor)
            self.rows[spec_field.id] = (layout, layout.rowCount() - 1)
            if spec_field.section:
                self.sections[spec_field.section][1].append(spec_field.id)
            self.editors[spec_field.id] = editor

    def _columns_for(self, outer: QVBoxLayout) -> SectionColumns:
        """The columns the next section goes in: those of the section before it, unless
        fields of no section stand between them."""
        last = outer.itemAt(outer.count() - 1) if outer.count() else None
        if last is not None and isinstance(last.widget(), SectionColumns):
            return self.section_columns[-1]
        columns = SectionColumns(self)
        outer.addWidget(columns)
        self.section_columns.append(columns)
        return columns

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
        if spec_field.type == "choice" and spec_field.vocabulary and value:
            vocab = self.state.spec.vocabulary(spec_field.vocabulary)
            said = stored_code_message(vocab, value, self.values, self.state.record.values)
            if said:
                return said
        return limit_message(spec_field, value) or ""

    def apply(self, editor: FieldEditor) -> bool:
        """Apply one editor's text to the record; False when the text was refused."""
        key = (*self.scope, editor.field.id)
        raw = editor.raw()
        if editor.derived_shown and raw == editor.derived_value:
            return True  # a derived value is computed, never entered
        editor.derived_shown = False  # typed over: the source's own value stands
        try:
            value = canonical(self.state.spec, editor.field, raw)
        except ValueRefused as exc:
            self.state.refused[key] = (raw, str(exc))
            editor.show_message(str(exc), "error")
            self.typing.emit()
            return False
        self.state.refused.pop(key, None)
        if is_token(value) and raw != value:
            editor.set_value(value)  # "ns" typed reads "Not stated" at once
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
        """Show the fields whose show_if is met (and whose condition's own field is shown),
        hide sections left empty, and show the derived values of this scope."""
        case_values = self.state.record.values
        shown: dict[str, bool] = {}
        for field_id, (layout, row) in self.rows.items():
            spec_field = self.editors[field_id].field
            visible = is_shown(spec_field, self.values, case_values)
            if visible and spec_field.show_if is not None:
                visible = shown.get(spec_field.show_if.field, True)
            shown[field_id] = visible
            layout.setRowVisible(row, visible)
            editor = self.editors[field_id]
            if isinstance(editor, ComboEditor | RangeEditor):  # terms with a show_if
                editor.offer_for(self.values, case_values)
        for box, ids in self.sections.values():
            box.setVisible(any(shown[i] for i in ids))
        for columns in self.section_columns:
            columns.arrange()
        self.refresh_derived()

    def refresh_derived(self) -> None:
        if not any(f.derived or f.inherit for f in self.fields):
            return
        record = self.state.record
        spec = self.state.spec
        found = derive_scope(spec, record, self.fields, self.values, record.values)
        if self.scope[0]:  # an entry: what it takes from the case unless changed
            found.update(inherited(self.fields, self.values, record.values))
        beside = derived_beside(spec, record, self.fields, self.values)
        for field_id, editor in self.editors.items():
            if editor.field.derived is not None or editor.field.inherit:
                value = found.get(field_id)
                entered = value is None and bool(self.values.get(field_id))
                other = beside.get(field_id)
                differs = other and other != self.values.get(field_id)
                shown = display(spec, editor.field, other) if differs and other else ""
                editor.show_derived(value, explain(spec, editor.field), entered, shown)

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
        if enabled:
            self.refresh_derived()
