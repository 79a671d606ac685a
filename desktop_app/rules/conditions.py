"""`show_if`: whether a field applies, judged on data, never by evaluating code."""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.rules.category_range import RANGE_SEPARATOR
from desktop_app.rules.values import MULTI_SEPARATOR
from desktop_app.spec.model import Condition, FieldSpec


def condition_met(condition: Condition, value: str) -> bool:
    if condition.filled is not None:
        return bool(value) == condition.filled
    # A multichoice meets the test by any code; a range of categories ("4..5") by either end.
    codes = set(value.replace(RANGE_SEPARATOR, MULTI_SEPARATOR).split(MULTI_SEPARATOR))
    codes.discard("")
    if condition.equals is not None:
        return condition.equals in codes
    return bool(codes & set(condition.in_ or ()))


def is_shown(field: FieldSpec, scope: Mapping[str, str], case: Mapping[str, str]) -> bool:
    """`scope` is the values of the field's own entry (or the case); `case` the case's own."""
    if field.show_if is None:
        return True
    name = field.show_if.field
    value = scope.get(name, case.get(name, "")) if name in scope else case.get(name, "")
    return condition_met(field.show_if, value)
