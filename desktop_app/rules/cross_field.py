"""Cross-field rules of the specification (spec.rule), and the checks every date gets."""

from __future__ import annotations

from collections.abc import Iterator

from desktop_app.record import CaseRecord
from desktop_app.rules.chronology import span, surely_before, today_span
from desktop_app.rules.conditions import condition_met
from desktop_app.rules.number_order import number_order
from desktop_app.rules.problems import Problem
from desktop_app.spec.model import Condition, Spec
from desktop_app.spec.rule import FieldRef, FieldTest, RuleSpec

Located = tuple[str, int, str, str]  # group, entry id, field, value


def values_of(record: CaseRecord, ref: FieldRef) -> Iterator[Located]:
    """Every filled value of a field: once for a case field, once per entry of a group."""
    if not ref.group:
        value = record.values.get(ref.field, "")
        if value:
            yield ("", 0, ref.field, value)
        return
    for entry in record.entries(ref.group):
        value = entry.values.get(ref.field, "")
        if value:
            yield (ref.group, entry.entry_id, ref.field, value)


def _passes(test: FieldTest, value: str) -> bool:
    if test.ends_with is not None:
        return value.endswith(test.ends_with)
    condition = Condition(test.ref.field, test.equals, test.in_, test.filled)
    return condition_met(condition, value)


def _holds(record: CaseRecord, test: FieldTest) -> bool:
    """Whether any value of the field (any entry, for a group field) passes the test."""
    found = list(values_of(record, test.ref))
    if test.filled is not None:
        return bool(found) == test.filled
    return any(_passes(test, value) for *_where, value in found)


def _label(spec: Spec, where: Located) -> str:
    group, _entry_id, field_id, _value = where
    label = spec.field(group, field_id).label
    return f"{label} ({spec.group(group).label})" if group else label


def _date_order(spec: Spec, record: CaseRecord, rule: RuleSpec, index: str) -> list[Problem]:
    problems = []
    for position, earlier_ref in enumerate(rule.fields):
        for later_ref in rule.fields[position + 1 :]:
            same_group = bool(earlier_ref.group) and earlier_ref.group == later_ref.group
            for earlier in values_of(record, earlier_ref):
                for later in values_of(record, later_ref):
                    if same_group and earlier[1] != later[1]:
                        continue  # start and end of one treatment, not of two
                    a, b = span(earlier[3], index), span(later[3], index)
                    if a and b and surely_before(b, a):
                        text = rule.message.format(earlier=_label(spec, earlier),
                                                   later=_label(spec, later))  # fmt: skip
                        problems.append(Problem(rule.severity, later[0], later[1], later[2], text))
    return problems


def _requires(record: CaseRecord, rule: RuleSpec) -> list[Problem]:
    assert rule.when is not None and rule.then is not None
    if not _holds(record, rule.when) or _holds(record, rule.then):
        return []
    where = next(w for w in values_of(record, rule.when.ref) if _passes(rule.when, w[3]))
    return [Problem(rule.severity, where[0], where[1], where[2], rule.message)]


def _future_dates(spec: Spec, record: CaseRecord, index: str) -> list[Problem]:
    today = today_span()
    problems = []
    for field in spec.all_fields():
        if field.type != "date":
            continue
        for where in values_of(record, FieldRef(field.group, field.id)):
            moment = span(where[3], index)
            if moment and surely_before(today, moment):
                problems.append(Problem("warning", where[0], where[1], where[2],
                                        "lies in the future"))  # fmt: skip
    return problems


def check_rules(spec: Spec, record: CaseRecord, rules: tuple[RuleSpec, ...]) -> list[Problem]:
    index_field = spec.role_field("index_date")
    index = record.values.get(index_field.id, "") if index_field else ""
    problems = _future_dates(spec, record, index)
    for rule in rules:
        if rule.kind == "date_order":
            problems += _date_order(spec, record, rule, index)
        elif rule.kind == "number_order":
            problems += number_order(spec, record, rule, values_of, _label)
        else:
            problems += _requires(record, rule)
    return problems
