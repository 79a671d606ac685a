"""The time order of dated entries when some dates were worked out by a rule, not reported.

A case-level rule that reads a group's date ("followup_visit.visit_date": the last contact,
the first recurrence, the status at last contact) sees, for an entry whose date the source
does not give, the date a rule derives for it (rules.derived: "2 months after surgery" →
"~2019-05"), marked as worked out (`WorkedOut`). Ordering them keeps "reported beats
derived":

- two reported dates, or two derived ones, are ordered by the day each stands for (a
  partial date at the middle of its month or year, as rules.derived places it);
- a derived date comes after a reported one only when it surely does: every day it may
  stand for, at its precision (~2019-05: 1 to 31 May 2019), is after every day the reported
  one may stand for (2019-05-20: that day; 2019-05: the whole month). Otherwise the reported
  date counts as the later: ~2019-05 against 2019-05-20 leaves 20 May the last contact;
  against 2019-04-28 the derived May is later.

Undated entries are not ordered here: they never outrank dated ones (rules.course).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cmp_to_key

from desktop_app.rules.chronology import Span, span, surely_before


class WorkedOut(str):
    """A value a rule worked out for a field the source left empty: it reads as the value
    itself, and says where it came from to the rules that weigh reported against derived."""

    __slots__ = ()


@dataclass(frozen=True)
class Timed:
    months: Decimal  # from the index date
    approximate: bool
    position: int  # the entry's place in the group
    text: str  # the date as stored (a WorkedOut when derived)


def _plain_order(a: Timed, b: Timed) -> int:
    left, right = (a.months, a.approximate, a.position), (b.months, b.approximate, b.position)
    return (left > right) - (left < right)


def _compare(spans: dict[int, Span | None]) -> Callable[[Timed, Timed], int]:
    def compare(a: Timed, b: Timed) -> int:
        a_worked, b_worked = isinstance(a.text, WorkedOut), isinstance(b.text, WorkedOut)
        if a_worked == b_worked:
            return _plain_order(a, b)
        reported, worked = (b, a) if a_worked else (a, b)
        reported_span, worked_span = spans[reported.position], spans[worked.position]
        if reported_span is None or worked_span is None:
            return _plain_order(a, b)
        worked_later = surely_before(reported_span, worked_span)
        return (1 if worked_later else -1) * (1 if a_worked else -1)

    return compare


def in_time_order(timed: Sequence[Timed], index: str) -> list[Timed]:
    """`timed`, earliest first, a reported date outranking a derived one it may equal."""
    if not any(isinstance(t.text, WorkedOut) for t in timed):
        return sorted(timed, key=cmp_to_key(_plain_order))
    spans = {t.position: span(t.text, index) for t in timed}  # each entry's days, once
    return sorted(timed, key=cmp_to_key(_compare(spans)))
