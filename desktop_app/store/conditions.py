"""Cohort conditions, one at a time: what a condition is (a field of the case or of a
group's entries, an operator, a value), whether it can be asked (`condition_problem`), and
the SQL of the values that meet it in the cohort index `case_items` (0010: a long value is a
key row there; the long values meeting a condition come from `long_values.long_matches`).
`store/queries.py` combines them into cohorts, filters and the case list's queries."""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Subquery,
    exists,
    func,
    literal_column,
    or_,
    select,
    tuple_,
    union_all,
)

from desktop_app.rules.category_range import RANGE_SEPARATOR
from desktop_app.rules.values import MULTI_SEPARATOR
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.store import tables as t
from desktop_app.store.field_codes import code_of
from desktop_app.store.long_values import Pairs

Operator = Literal["=", "!=", "<", "<=", ">", ">=", "contains", "filled", "empty"]
OPERATORS: tuple[Operator, ...] = ("=", "!=", "<", "<=", ">", ">=", "contains", "filled", "empty")
COMPARE: dict[str, Any] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip


@dataclass(frozen=True)
class Condition:
    """One condition of a cohort: a field (of the case, or of any entry of a group)."""

    group: str
    field: str
    op: Operator
    value: str = ""


# The long values meeting a condition (long_values.py); None: every long value of its field,
# a superset whose cases are tested after (store/long_pages.py).
LongFound = dict[Condition, Pairs | None]


class ConditionRefused(ValueError):
    """A cohort condition that cannot be asked; the message says why, for the registrar."""


def _number(field: FieldSpec, value: str) -> float:
    """The number a condition on a number field compares with."""
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ConditionRefused(
            f"{field.label}: '{value}' is not a number; this field is compared with numbers "
            "such as 57 or 0.74"
        )
    return number


def condition_problem(spec: Spec, condition: Condition) -> str | None:
    """Why a condition cannot be asked (a number field compared with words), or None."""
    try:
        field = spec.field(condition.group, condition.field)
    except KeyError:
        return None
    if field.numeric and condition.op in COMPARE:
        try:
            _number(field, condition.value)
        except ConditionRefused as exc:
            return str(exc)
    return None


def condition_field(spec: Spec, condition: Condition) -> FieldSpec | None:
    try:
        return spec.field(condition.group, condition.field)
    except KeyError:
        return None  # a saved query naming a field no longer in the specification


def is_derived(spec_field: FieldSpec | None) -> bool:
    return spec_field is not None and (spec_field.derived is not None or bool(spec_field.inherit))


def value_tests(spec_field: FieldSpec | None, condition: Condition, item: Any
           ) -> list[ColumnElement[bool]]:  # fmt: skip
    """What a value (the columns `item` of a values table) must meet for the condition's
    positive form."""
    value, op = condition.value, condition.op
    if op in ("filled", "empty"):
        return []
    if spec_field is not None and spec_field.numeric and op in COMPARE and op != "!=":
        return [COMPARE[op](item.value_num, _number(spec_field, value))]
    if spec_field is not None and spec_field.numeric and op == "!=":
        return [item.value_num == _number(spec_field, value)]
    if item is t.case_items.c:  # a long value's key row ('') is tested apart (long_values)
        return [item.value_text != t.LONG_KEY, *_text_tests(spec_field, condition, item)]
    return _text_tests(spec_field, condition, item)


def _text_tests(spec_field: FieldSpec | None, condition: Condition, item: Any
                ) -> list[ColumnElement[bool]]:  # fmt: skip
    value, op = condition.value, condition.op
    # LIKE's % and _ are taken as the characters typed (autoescape), never as wildcards.
    if op == "contains":
        return [func.lower(item.value_text).contains(value.lower(), autoescape=True)]
    if spec_field is not None and spec_field.type == "multichoice" and op in ("=", "!="):
        sep, text = MULTI_SEPARATOR, item.value_text
        return [or_(
            text == value, text.startswith(value + sep, autoescape=True),
            text.endswith(sep + value, autoescape=True),
            text.contains(sep + value + sep, autoescape=True),
        )]  # fmt: skip
    if spec_field is not None and spec_field.range and op in ("=", "!="):
        # a range "4..5" has either end
        ends = (value, f"{value}{RANGE_SEPARATOR}%", f"%{RANGE_SEPARATOR}{value}")
        return [or_(item.value_text == ends[0], item.value_text.like(ends[1]),
                    item.value_text.like(ends[2]))]  # fmt: skip
    if op == "!=":
        return [item.value_text == value]
    return [COMPARE[op](item.value_text, value)]


def matches(spec: Spec, condition: Condition, found: LongFound | None = None
            ) -> tuple[Subquery, bool]:  # fmt: skip
    """The (case_id, entry_id) of the values that meet a condition's positive form, and
    whether the condition is its negation ("empty", "!=": no value, or none equal). The
    long values that meet it are the pairs `found` gives (store/long_values.py). A derived
    field (an FNCLCC grade) is looked for among the entered values and the derived ones the
    store keeps beside them (their table holds every text: its short and long indexes)."""
    spec_field = condition_field(spec, condition)
    value, op = condition.value, condition.op
    negated = op in ("empty", "!=")
    item, code = t.case_items.c, code_of(condition.group, condition.field)
    parts: list[Any] = [
        select(item.case_id, item.entry_id).where(
            item.field_code == code, *value_tests(spec_field, condition, item)
        )
    ]
    pairs = (found or {}).get(condition, [])
    if pairs is None:  # every long value a candidate (a page tested case by case after)
        parts.append(select(item.case_id, item.entry_id).where(
            item.field_code == code, item.value_text == t.LONG_KEY))  # fmt: skip
    elif pairs:
        parts.append(select(item.case_id, item.entry_id).where(
            item.field_code == code, item.value_text == t.LONG_KEY,
            tuple_(item.case_id, item.entry_id).in_(pairs),
        ))  # fmt: skip
    if is_derived(spec_field):
        plain = op == "=" and equal_text(spec_field, condition) is not None
        lengths = ([t.short_value] if plain and len(value) <= t.SHORT
                   else [t.short_value, t.long_value])  # fmt: skip
        derived = t.derived_items.c
        parts += [
            select(derived.case_id, derived.entry_id).where(
                derived.field_code == code, length(derived.value_text),
                *value_tests(spec_field, condition, derived),
            )
            for length in lengths
        ]  # fmt: skip
    if len(parts) == 1:
        return parts[0].subquery(), negated
    return union_all(*parts).subquery(), negated


def equal_text(spec_field: FieldSpec | None, condition: Condition) -> str | None:
    """The text a condition's positive form asks the value to equal exactly (a plain text
    of SHORT characters or fewer), for a lookup by the index's whole key; else None."""
    if condition.op not in ("=", "!=") or len(condition.value) > t.SHORT:
        return None
    if spec_field is not None and (spec_field.numeric or spec_field.type == "multichoice"
                                   or spec_field.range):  # fmt: skip
        return None
    return condition.value


def compares_case_number(spec_field: FieldSpec | None, condition: Condition) -> bool:
    """Whether a condition compares a number of the case's own fields ("age >= 40"), which
    the index of the case's numbers answers case by case (0011)."""
    return spec_field is not None and spec_field.numeric and condition.op in COMPARE


def case_number_held(spec_field: FieldSpec | None, condition: Condition, case: Any
                      ) -> ColumnElement[bool]:  # fmt: skip
    """The case holds a number meeting the condition's positive form, looked up by case and
    field in ix_case_items_case_numbers (its WHERE written as the index's own)."""
    item = t.case_items.alias()
    return exists(select(1).select_from(item).where(
        item.c.case_id == case,
        item.c.field_code == code_of(condition.group, condition.field),
        item.c.entry_id == literal_column("0"), item.c.value_num.is_not(None),
        *value_tests(spec_field, condition, item.c),
    ))  # fmt: skip
