"""The cohort query builder: conditions over any field of the specification, including
fields of repeating groups; saved under a name for everyone using the database."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.findings import finding_choices
from desktop_app.rules.values import FALSE, TRUE
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.store.conditions import OPERATORS, Condition, condition_problem

OPERATOR_WORDS = {
    "=": "is", "!=": "is not", "<": "<", "<=": "≤", ">": ">", ">=": "≥",
    "contains": "contains", "filled": "is filled in", "empty": "is empty",
}  # fmt: skip


def field_choices(spec: Spec) -> list[tuple[str, FieldSpec]]:
    """Every field, named as the registrar finds it: tab › group › field."""
    found = []
    for form in spec.forms:
        found += [(f"{form.label} › {f.label}", f) for f in form.fields]
        for group in form.groups:
            found += [(f"{form.label} › {group.label} › {f.label}", f) for f in group.fields]
    return found


class ConditionRow:
    """One condition: field, operator, value (a list of codes for coded fields)."""

    def __init__(self, dialog: CohortDialog, row: int, condition: Condition | None) -> None:
        self.dialog = dialog
        self.field = QComboBox(dialog)
        self.field.setObjectName(f"cohort_field_{row}")
        for label, spec_field in dialog.fields:
            self.field.addItem(label, (spec_field.group, spec_field.id))
        self.op = QComboBox(dialog)
        self.op.setObjectName(f"cohort_op_{row}")
        for op in OPERATORS:
            self.op.addItem(OPERATOR_WORDS[op], op)
        self.value_text = QLineEdit(dialog)
        self.value_text.setObjectName(f"cohort_value_{row}")
        self.value_code = QComboBox(dialog)
        self.value_code.setObjectName(f"cohort_code_{row}")
        self.remove = QPushButton("Remove", dialog)
        self.remove.clicked.connect(lambda: dialog.remove_row(self))
        self.field.currentIndexChanged.connect(lambda _i: self._field_changed())
        if condition is not None:
            # findData compares a tuple by identity, not by value: look for it by value.
            wanted = (condition.group, condition.field)
            found = [i for i in range(self.field.count()) if self.field.itemData(i) == wanted]
            self.field.setCurrentIndex(found[0] if found else -1)
            self.op.setCurrentIndex(self.op.findData(condition.op))
        self._field_changed()
        if condition is not None:
            self.value_text.setText(condition.value)
            self.value_code.setCurrentIndex(max(0, self.value_code.findData(condition.value)))
        dialog.grid.addWidget(self.field, row, 0)
        dialog.grid.addWidget(self.op, row, 1)
        dialog.grid.addWidget(self.value_text, row, 2)
        dialog.grid.addWidget(self.value_code, row, 2)
        dialog.grid.addWidget(self.remove, row, 3)

    def spec_field(self) -> FieldSpec:
        group, field_id = self.field.currentData()
        return self.dialog.spec.field(group, field_id)

    def _field_changed(self) -> None:
        spec_field = self.spec_field()
        coded = spec_field.type in ("choice", "multichoice", "boolean")
        self.value_code.clear()
        if spec_field.findings:  # each finding present or absent (rules/findings.py)
            for label, code in finding_choices(self.dialog.spec, spec_field):
                self.value_code.addItem(label, code)
        elif spec_field.type == "boolean":
            self.value_code.addItem("Yes", TRUE)
            self.value_code.addItem("No", FALSE)
        elif coded:
            vocab = self.dialog.spec.vocabulary(spec_field.vocabulary)
            for term in vocab.terms:
                self.value_code.addItem(vocab.display(term), term.code)
        self.value_code.setVisible(coded)
        self.value_text.setVisible(not coded)

    def condition(self) -> Condition:
        spec_field = self.spec_field()
        coded = self.value_code.isVisible() or spec_field.type in ("choice", "multichoice",
                                                                   "boolean")  # fmt: skip
        value = str(self.value_code.currentData() or "") if coded else self.value_text.text()
        return Condition(spec_field.group, spec_field.id, self.op.currentData(), value.strip())

    def widgets(self) -> list[QWidget]:
        return [self.field, self.op, self.value_text, self.value_code, self.remove]


class CohortDialog(QDialog):
    def __init__(
        self,
        spec: Spec,
        conditions: tuple[Condition, ...],
        saved: dict[str, tuple[Condition, ...]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cohort")
        self.setObjectName("cohort_dialog")
        self.spec = spec
        self.fields = field_choices(spec)
        self.saved = saved
        self.rows: list[ConditionRow] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Cases that meet every condition. Conditions on fields of the "
                                "same group must hold in one entry.", self))  # fmt: skip
        top = QHBoxLayout()
        self.saved_combo = QComboBox(self)
        self.saved_combo.setObjectName("cohort_saved")
        self.saved_combo.addItem("Saved queries…", "")
        for name in saved:
            self.saved_combo.addItem(name, name)
        self.saved_combo.activated.connect(lambda _i: self._load_saved())
        top.addWidget(self.saved_combo, 1)
        self.add_button = QPushButton("Add condition", self)
        self.add_button.setObjectName("cohort_add")
        self.add_button.clicked.connect(lambda: self.add_row(None))
        top.addWidget(self.add_button)
        layout.addLayout(top)
        holder = QWidget(self)
        self.grid = QGridLayout(holder)
        layout.addWidget(holder)
        self.problem = QLabel("", self)  # a condition that cannot be asked, said here
        self.problem.setObjectName("cohort_problem")
        layout.addWidget(self.problem)
        self.name = QLineEdit(self)
        self.name.setObjectName("cohort_name")
        self.name.setPlaceholderText("Name, to save this query (optional)")
        layout.addWidget(self.name)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Show cases", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Clear", QDialogButtonBox.ButtonRole.ResetRole).clicked.connect(
            self._clear
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for condition in conditions or (None,):
            self.add_row(condition)
        self.resize(900, 300)

    def add_row(self, condition: Condition | None) -> ConditionRow:
        row = ConditionRow(self, len(self.rows) + 100 * len(self.rows), condition)
        self.rows.append(row)
        return row

    def remove_row(self, row: ConditionRow) -> None:
        for widget in row.widgets():
            widget.deleteLater()
        self.rows.remove(row)

    def _clear(self) -> None:
        for row in list(self.rows):
            self.remove_row(row)
        self.accept()

    def _load_saved(self) -> None:
        name = self.saved_combo.currentData()
        if not name:
            return
        for row in list(self.rows):
            self.remove_row(row)
        for condition in self.saved[name]:
            self.add_row(condition)
        self.name.setText(name)

    def accept(self) -> None:
        for row in self.rows:
            problem = condition_problem(self.spec, row.condition())
            if problem is not None:
                self.problem.setText(problem)
                row.value_text.setFocus()
                return
        super().accept()

    def conditions(self) -> tuple[Condition, ...]:
        return tuple(row.condition() for row in self.rows)
