"""Editors of a `findings = true` field: each finding present, absent or not recorded.

A multichoice of findings shows a tri-state tick per term: a click (or Space) moves it from
not recorded to present (ticked), to absent (shown "No …", half-ticked) and back to not
recorded. A boolean finding is a drop-down of Present / Absent. What is stored is
rules/findings.py's canonical text ("skin_thickening|!nipple_retraction").
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QWidget

from desktop_app.rules.findings import ABSENT, SEPARATOR, lower_first, split_findings
from desktop_app.rules.values import FALSE, TRUE
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.ui.choice_editors import ComboEditor
from desktop_app.ui.choice_typing import Choice
from desktop_app.ui.field_editors import FieldEditor
from desktop_app.ui.multichoice_editor import MultiChoiceEditor

ABSENT_STYLE = "color: #555555;"


class FindingBox(QCheckBox):
    """A tick that cycles not recorded → present → absent → not recorded."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(label, parent)
        self.label = label
        self.setTristate(True)
        self._shown_absent = False
        self.setAccessibleDescription("not recorded")
        self.stateChanged.connect(lambda _s: self.show_state())

    def nextCheckState(self) -> None:
        following = {
            Qt.CheckState.Unchecked: Qt.CheckState.Checked,
            Qt.CheckState.Checked: Qt.CheckState.PartiallyChecked,
            Qt.CheckState.PartiallyChecked: Qt.CheckState.Unchecked,
        }
        self.setCheckState(following[self.checkState()])

    def widest(self) -> int:
        """The width the tick needs in its widest state ("No …")."""
        shown = self.text()
        self.setText(f"No {lower_first(self.label)}")
        width = self.sizeHint().width()
        self.setText(shown)
        return width

    @property
    def absent(self) -> bool:
        return self.checkState() == Qt.CheckState.PartiallyChecked

    @property
    def present(self) -> bool:
        return self.checkState() == Qt.CheckState.Checked

    def show_state(self) -> None:
        # Called for every tick at every load: touch the text and style only when the tick
        # turns absent or stops being so (a style sheet set anew costs a restyle).
        state = "absent" if self.absent else "present" if self.present else "not recorded"
        self.setAccessibleDescription(state)
        if self._shown_absent == self.absent:
            return
        self._shown_absent = self.absent
        self.setText(f"No {lower_first(self.label)}" if self.absent else self.label)
        self.setStyleSheet(ABSENT_STYLE if self.absent else "")


class FindingsEditor(MultiChoiceEditor):
    """A multichoice whose terms may each be present or absent."""

    # The grid of MultiChoiceEditor, of tri-state ticks laid out for their widest text
    # ("No …"), so that marking a finding absent never widens the form.
    def new_box(self, label: str, parent: QWidget) -> QCheckBox:
        return FindingBox(label, parent)

    def box_width(self, check: QCheckBox) -> int:
        return check.widest() if isinstance(check, FindingBox) else check.sizeHint().width()

    def watch(self, check: QCheckBox) -> None:
        check.stateChanged.connect(lambda _s: self._toggled(True))  # clears a token

    def raw(self) -> str:
        parts: list[str] = []
        for code, check in self.boxes:
            if isinstance(check, FindingBox) and check.absent:
                parts.append(ABSENT + code)
            elif check.isChecked():
                parts.append(code)
        return SEPARATOR.join(parts) or self.token  # "not stated" when nothing is ticked

    def set_value(self, value: str) -> None:
        self.show_hint(self.shown_token(value))  # "Unknown" beneath the ticks
        present, absent = split_findings(value)
        for code, check in self.boxes:
            check.blockSignals(True)
            state = (Qt.CheckState.Checked if code in present
                     else Qt.CheckState.PartiallyChecked if code in absent
                     else Qt.CheckState.Unchecked)  # fmt: skip
            check.setCheckState(state)
            if isinstance(check, FindingBox):
                check.show_state()
            check.blockSignals(False)


class PresenceEditor(ComboEditor):
    """A boolean finding: Present / Absent (empty: not recorded)."""

    def options(self) -> list[tuple[str, str, str]]:
        return [(TRUE, "Present", ""), (FALSE, "Absent", "")]

    def typing_choices(self) -> list[Choice]:
        """ "Present" also answers to "yes", "Absent" to "no" (what the field was before)."""
        return [Choice("", ("Present", "Yes")), Choice("", ("Absent", "No"))]


def findings_editor(spec: Spec, field: FieldSpec, parent: QWidget | None = None) -> FieldEditor:
    if field.type == "multichoice":
        return FindingsEditor(spec, field, parent)
    return PresenceEditor(spec, field, parent)
