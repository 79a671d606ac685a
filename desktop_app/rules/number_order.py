"""The cross-field rule `number_order`: each number no larger than the next one in the list
(lymph nodes positive ≤ examined). Fields of one group are compared within each entry;
a qualified number ("~12", ">=3", "10-15") is compared by what it surely is, so that only a
certain contradiction is reported."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from desktop_app.record import CaseRecord
from desktop_app.rules.problems import Problem
from desktop_app.rules.qualified import QualifiedRefused, parse_qualified
from desktop_app.spec.model import Spec
from desktop_app.spec.rule import FieldRef, RuleSpec

Located = tuple[str, int, str, str]  # group, entry id, field, value
Labeller = Callable[[Spec, Located], str]
ValuesOf = Callable[[CaseRecord, FieldRef], Iterator[Located]]


def _bounds(value: str) -> tuple[float, float] | None:
    """The least and the most a stored number surely is; None for an approximate one."""
    try:
        number = parse_qualified(value)
    except QualifiedRefused:
        return None
    if number.qualifier.startswith("~"):
        return None
    low, high, _with_low, _with_high = number.bounds()
    return (
        float(low) if low is not None else float("-inf"),
        float(high) if high is not None else float("inf"),
    )


def number_order(
    spec: Spec, record: CaseRecord, rule: RuleSpec, values_of: ValuesOf, label: Labeller
) -> list[Problem]:
    """A problem beside the larger field of each pair that is surely out of order;
    `values_of` and `label` are rules.cross_field's, shared by every rule kind."""
    problems = []
    for position, smaller_ref in enumerate(rule.fields):
        for larger_ref in rule.fields[position + 1 :]:
            same_group = bool(smaller_ref.group) and smaller_ref.group == larger_ref.group
            for smaller in values_of(record, smaller_ref):
                for larger in values_of(record, larger_ref):
                    if same_group and smaller[1] != larger[1]:
                        continue  # positive and examined of one procedure, not of two
                    low, high = _bounds(smaller[3]), _bounds(larger[3])
                    if low and high and low[0] > high[1]:
                        text = rule.message.format(earlier=label(spec, smaller),
                                                   later=label(spec, larger))  # fmt: skip
                        problems.append(Problem(rule.severity, *larger[:3], text))
    return problems
