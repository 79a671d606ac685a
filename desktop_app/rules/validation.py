"""Checks on a whole case: stored values of the right type, limits, required fields.

A value of the wrong type is an error (it cannot be stored). A value outside its limits
or a required field left empty is a warning: registrars save work in progress, and the
case is then marked incomplete.
"""

from __future__ import annotations

from desktop_app.record import CaseRecord
from desktop_app.rules.as_reported import is_token
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.cross_field import check_rules
from desktop_app.rules.derived import disagreements
from desktop_app.rules.problems import Problem, Severity
from desktop_app.rules.values import ValueRefused, canonical, number_of
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.spec.vocabulary_index import stored_code_message


def limit_message(field: FieldSpec, value: str) -> str | None:
    """A warning for a number outside [min, max], or None."""
    number = number_of(field, value)
    if number is None:
        return None
    unit = f" {field.unit}" if field.unit else ""
    if field.min is not None and number < field.min:
        return f"{value}{unit} is below the expected minimum of {field.min:g}{unit}"
    if field.max is not None and number > field.max:
        return f"{value}{unit} is above the expected maximum of {field.max:g}{unit}"
    return None


def _check_value(spec: Spec, field: FieldSpec, value: str) -> tuple[Severity, str] | None:
    try:
        if canonical(spec, field, value) != value:
            return ("error", f"'{value}' is not in canonical form")
    except ValueRefused as exc:
        return ("error", str(exc))
    message = limit_message(field, value)
    return ("warning", message) if message else None


def check_record(spec: Spec, record: CaseRecord) -> list[Problem]:
    problems: list[Problem] = []
    scopes: list[tuple[str, int, dict[str, str], tuple[FieldSpec, ...]]] = [
        ("", 0, record.values, spec.case_fields)
    ]
    for group in spec.groups:
        for entry in record.entries(group.id):
            scopes.append((group.id, entry.entry_id, entry.values, group.fields))
    for group_id, entry_id, values, fields in scopes:
        for field in fields:
            value = values.get(field.id, "")
            if not value:
                if field.required and is_shown(field, values, record.values):
                    problems.append(
                        Problem("warning", group_id, entry_id, field.id,
                                "required")
                    )  # fmt: skip
                continue
            found = _check_value(spec, field, value)
            if found is None and field.type == "ref" and not is_token(value):
                ids = {str(e.entry_id) for e in record.entries(field.ref)}
                if value not in ids:
                    found = ("warning", f"{field.label} points to an entry that was removed")
            if found is None and field.type == "choice" and field.vocabulary:
                said = stored_code_message(spec.vocabulary(field.vocabulary), value, values,
                                           record.values)  # fmt: skip
                found = ("warning", said) if said else None
            if found:
                problems.append(Problem(found[0], group_id, entry_id, field.id, found[1]))
    problems.extend(check_rules(spec, record, spec.rules))
    for group_id, entry_id, values, fields in scopes:  # a reported value its inputs deny
        if any(f.derived is not None for f in fields):
            for field_id, message in disagreements(spec, record, fields, values).items():
                problems.append(Problem("warning", group_id, entry_id, field_id, message))
    return problems
