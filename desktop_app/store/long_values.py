"""Cohort conditions on long values (0010): `case_items` holds a value longer than SHORT
characters as a key row whose text is '' (its text is in the audit and the search index),
so a condition whose answer depends on a long value's text ("contains", equal to a long
text, a text range, a multiple choice or range written out long) cannot be answered by SQL
alone. Its candidates are found by SQL: the field's long key rows, narrowed, for
"contains" on a searched field, to the cases whose search text holds the condition's words
(`search_index.words_clause`; a necessary condition: a case's search text holds every
searched value's text). The candidates' real values are then read from their audit
(store/audit.py) and tested here, as the SQL tests the short ones (store/conditions.py
`value_tests`). The (case, entry) pairs found are given to the query builders, which take them
as one more part of the condition's matches."""

from __future__ import annotations

import operator
from typing import Any

from sqlalchemy import select

from desktop_app.rules.category_range import RANGE_SEPARATOR
from desktop_app.rules.values import MULTI_SEPARATOR
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.store import search_index
from desktop_app.store import tables as t
from desktop_app.store.audit import current_coded
from desktop_app.store.search_text import searched_field

CHUNK = 400  # candidate cases whose audit is read per query
COMPARE: dict[str, Any] = {
    "=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip
Pairs = list[tuple[int, int]]  # (case, entry)


def _field(spec: Spec, group: str, field: str) -> FieldSpec | None:
    try:
        return spec.field(group, field)
    except KeyError:
        return None


def text_tested(spec_field: FieldSpec | None, op: str) -> bool:
    """Whether a condition tests the value's text (not only that it is there, or its
    number): then a long value's text is needed too."""
    if op in ("filled", "empty"):
        return False
    numeric = spec_field is not None and spec_field.numeric
    return not (numeric and op in (*COMPARE, "!="))


def needs_long(spec_field: FieldSpec | None, op: str, value: str) -> bool:
    """Whether a long value could meet the condition's positive form (an equality with a
    plain text of SHORT characters or fewer never holds for a longer value)."""
    if not text_tested(spec_field, op):
        return False
    if op in ("=", "!=") and len(value) <= t.SHORT:
        special = spec_field is not None and (spec_field.type == "multichoice"
                                              or bool(spec_field.range))  # fmt: skip
        return special
    return True


def holds(spec_field: FieldSpec | None, op: str, value: str, text: str) -> bool:
    """The condition's positive form on one value's text, as the SQL of store/conditions.py
    `value_tests` tests a short one."""
    if op == "contains":
        return value.lower() in text.lower()
    if spec_field is not None and spec_field.type == "multichoice" and op in ("=", "!="):
        sep = MULTI_SEPARATOR
        return (text == value or text.startswith(value + sep) or text.endswith(sep + value)
                or sep + value + sep in text)  # fmt: skip
    if spec_field is not None and spec_field.range and op in ("=", "!="):
        sep = RANGE_SEPARATOR
        return text == value or text.startswith(value + sep) or text.endswith(sep + value)
    if op == "!=":
        return text == value
    return bool(COMPARE[op](text, value))


def long_conditions(spec: Spec, conditions: Any) -> list[Any]:
    """The conditions a long value could meet (a derived field's are left to the derived
    values' table, which holds their text)."""
    out = []
    for condition in conditions:
        spec_field = _field(spec, condition.group, condition.field)
        derived = spec_field is not None and (spec_field.derived is not None
                                              or bool(spec_field.inherit))  # fmt: skip
        if not derived and needs_long(spec_field, condition.op, condition.value):
            out.append(condition)
    return out


def needs_any(spec: Spec, conditions: Any) -> bool:
    """Whether a long value could meet any of the conditions (`long_matches` reads then)."""
    return bool(long_conditions(spec, conditions))


def long_matches(connection: Any, spec: Spec, conditions: Any,
                 case_ids: list[int] | None = None) -> dict[Any, Pairs | None]:  # fmt: skip
    """For each condition a long value could meet: the (case, entry) of the long values
    that meet its positive form (among `case_ids`' when given)."""
    found: dict[Any, Pairs | None] = {}
    codes: dict[tuple[str, str], int | None] = {}
    for condition in long_conditions(spec, conditions):
        spec_field = _field(spec, condition.group, condition.field)
        key = (condition.group, condition.field)
        if key not in codes:
            f = t.item_fields.c
            codes[key] = connection.execute(
                select(f.code).where(f.group_id == key[0], f.field_id == key[1])
            ).scalar_one_or_none()
        code = codes[key]
        found[condition] = [] if code is None else _found(
            connection, spec_field, condition, code, case_ids
        )  # fmt: skip
    return found


def searched_words(spec: Spec, condition: Any) -> list[str]:
    """The words a case's search text must hold for a "contains" condition on a searched
    field to hold (a necessary condition: the search text holds every searched value's
    text, short or long); none when it cannot narrow."""
    spec_field = _field(spec, condition.group, condition.field)
    words = condition.value.lower().split()
    if (condition.op == "contains" and spec_field is not None and searched_field(spec_field)
            and words and all(w.isascii() for w in words)):  # fmt: skip
        return words
    return []


def _candidates(connection: Any, spec_field: FieldSpec | None, condition: Any, code: int,
                case_ids: list[int] | None) -> Pairs:  # fmt: skip
    item = t.case_items.c
    query = select(item.case_id, item.entry_id).where(
        item.field_code == code, item.value_text == t.LONG_KEY
    )
    if case_ids is not None:  # a chunk of a page's cases: no narrowing worth a search
        return [(case_id, entry_id) for case_id, entry_id in connection.execute(
            query.where(item.case_id.in_(case_ids)))]  # fmt: skip
    words = condition.value.lower().split()
    if (condition.op == "contains" and spec_field is not None and searched_field(spec_field)
            and words and all(w.isascii() for w in words)):  # fmt: skip
        query = query.where(
            item.case_id.in_(select(t.cases.c.id).where(search_index.words_clause(words, True)))
        )
    return [(case_id, entry_id) for case_id, entry_id in connection.execute(query)]


def _found(connection: Any, spec_field: FieldSpec | None, condition: Any, code: int,
           case_ids: list[int] | None = None) -> Pairs:  # fmt: skip
    candidates = _candidates(connection, spec_field, condition, code, case_ids)
    by_case: dict[int, list[int]] = {}
    for case_id, entry_id in candidates:
        by_case.setdefault(case_id, []).append(entry_id)
    ids = sorted(by_case)
    a = t.audit_events.c
    out: Pairs = []
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        trails: dict[int, list[tuple[int, Any]]] = {i: [] for i in part}
        for case_id, version, changes in connection.execute(
            select(a.case_id, a.row_version, a.changes)
            .where(a.case_id.in_(part)).order_by(a.case_id, a.id)
        ):  # fmt: skip
            trails[case_id].append((version, changes))
        for case_id in part:
            values = current_coded(trails[case_id])
            for entry_id in by_case[case_id]:
                text = values.get((code, entry_id))
                if text is not None and holds(spec_field, condition.op, condition.value, text):
                    out.append((case_id, entry_id))
    return out
