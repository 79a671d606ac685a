"""A choice that may hold a range of categories (`range = true`: BI-RADS "4-5"): the
choice's own drop-down, then "to" and a second drop-down for the upper end, left empty for
a single category. Both are the ordinary choice editor (its typing, its list); what they
hold is stored as rules.category_range says: "4", or "4..5"."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from desktop_app.rules import as_reported
from desktop_app.rules.category_range import RANGE_SEPARATOR, ends
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.ui.choice_editors import CHOICE_EDITORS, ComboEditor
from desktop_app.ui.field_editors import EDITORS, FieldEditor
from desktop_app.ui.findings_editor import findings_editor


class RangeEditor(FieldEditor):
    def __init__(self, spec: Spec, field: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, field, parent)
        self.high.combo.setObjectName(f"field_{field.group or 'case'}_{field.id}_to")
        self.high.combo.setToolTip("The upper end of a range the report gives (e.g. 4-5)")
        self.row.insertWidget(1, QLabel("to", self))
        self.row.insertWidget(2, self.high.combo, 100)
        if self.input.maximumWidth() < 10_000:  # two drop-downs share the room of one
            self.high.combo.setMaximumWidth(self.input.maximumWidth())

    def build(self) -> QWidget:
        # The two ends are choice editors kept out of sight: only their drop-downs show, in
        # this editor's row; what they would say under themselves is said under this one.
        self.low = ComboEditor(self.spec, self.field, self)
        self.high = ComboEditor(self.spec, self.field, self)
        for end in (self.low, self.high):
            end.hide()
            for action in end.actions():  # one "not stated" key for the field: this one's
                end.removeAction(action)
            end.show_hint = self.show_hint  # type: ignore[method-assign]
            end.edited.connect(self.edited)
            end.typing.connect(self.typing)
        combo: QComboBox = self.low.combo
        return combo

    def offer_for(self, scope: dict[str, str], case: dict[str, str]) -> None:
        """Both ends offer what the entry allows (no 4A-4C on an MRI study)."""
        self.low.offer_for(scope, case)
        self.high.offer_for(scope, case)

    def raw(self) -> str:
        low, high = self.low.raw(), self.high.raw()
        if not high or high == low or as_reported.is_token(low):
            return low
        return f"{low}{RANGE_SEPARATOR}{high}" if low else high

    def set_value(self, value: str) -> None:
        found = ends(value) if value and not as_reported.is_token(value) else [value]
        self.shown_token(value)
        self.low.set_value(found[0])
        self.high.set_value(found[-1] if len(found) > 1 else "")


def make_field_editor(spec: Spec, field: FieldSpec, parent: QWidget | None = None) -> FieldEditor:
    """The editor of a field, the one place that chooses: a range editor for a choice that
    allows a range, present / absent / not recorded for findings, else by the field's type."""
    if field.type == "choice" and field.range:
        return RangeEditor(spec, field, parent)
    if field.findings:
        return findings_editor(spec, field, parent)
    return {**EDITORS, **CHOICE_EDITORS}[field.type](spec, field, parent)
