"""Dates worked out from a time after another event: "2 months after surgery".

A source often dates a contact only from another event. The time, its unit and the event
are kept as reported; when the event itself has a date, the date they point at is derived
(rule `date_after_event`), shown beside the reported words and placed on the timeline. It
is never stored in place of a date: a date the source gives stands, with the derived one
beside it, and a warning only when the two cannot be the same day.

    derived = { rule = "date_after_event",
                from = ["time_after_event", "time_after_unit", "after_treatment->start_date",
                        "after_event_text"],
                codes = ["d", "wk", "mo", "a"] }

The inputs are the time (a number, "~2" or a range "2-3"), its unit, the event's date
("ref->field": that field of the entry the ref points at) and, optionally, the event in the
source's words (it describes the time; nothing is computed from it). The codes name the
unit vocabulary's days, weeks, months and years, in that order: no unit is spelt out here.

The derived date is "about" (~) the event's date plus the time, written no finer than the
coarser of the event's date and the unit (days and weeks give a day, months a month, years
a year): 2 months after 12 March 2019 is "~2019-05". An offset event (+3m) gives an offset.
A time written "2" months stands for 1.5 to 2.5 months, so a reported date agrees when it
can fall within that window after the event's date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from desktop_app.rules.approximate import ABOUT, split_date_qualifier
from desktop_app.rules.chronology import span
from desktop_app.rules.months import DAYS_PER_MONTH, DAYS_PER_YEAR, middle
from desktop_app.rules.qualified import Qualified, QualifiedRefused, parse_qualified
from desktop_app.rules.values import PartialDate, canonical_date, parse_or_none
from desktop_app.spec.model import FieldSpec

Arg = str | list[str]
RULE = "date_after_event"
REF_MARK = "->"  # "ref->field": the field of the entry a ref field points at
UNIT_DAYS = (Decimal(1), Decimal(7), DAYS_PER_MONTH, DAYS_PER_YEAR)  # d, wk, mo, a
DAY, MONTH, YEAR = 0, 1, 2  # how finely a date is written
UNIT_PRECISION = (DAY, DAY, MONTH, YEAR)


def _time(text: Arg) -> Qualified | None:
    """The time after the event: a number, an approximate number or a range (a bound such
    as "<1" places nothing)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        q = parse_qualified(text)
    except QualifiedRefused:
        return None
    return q if q.qualifier in ("", "~", "-") and q.value >= 0 else None


def _unit(text: Arg, codes: tuple[str, ...]) -> int | None:
    """The position of the unit among days, weeks, months, years (the rule's codes)."""
    if not isinstance(text, str) or text not in codes[: len(UNIT_DAYS)]:
        return None
    return codes.index(text)


def _event(text: Arg) -> PartialDate | None:
    """The event's date; an "about" mark is read as the date it names, but "before" or
    "after" a date is no date to count from (before 2019 may be 2016)."""
    if not isinstance(text, str) or not text:
        return None
    if split_date_qualifier(text)[0] not in ("", ABOUT):
        return None
    return parse_or_none(text)


def _precision(value: PartialDate) -> int:
    return YEAR if value.month is None else MONTH if value.day is None else DAY


def _middle_days(time: Qualified) -> Decimal:
    return (time.value + time.high) / 2 if time.high is not None else time.value


def date_after_event(args: Sequence[Arg], codes: tuple[str, ...]) -> str | None:
    """The date `args[0]` `args[1]` after the event dated `args[2]`: "~2019-05"."""
    time, unit, event = _time(args[0]), _unit(args[1], codes), _event(args[2])
    if time is None or unit is None or event is None:
        return None
    days = _middle_days(time) * UNIT_DAYS[unit]
    if event.offset is not None:
        years, months, weeks, extra = event.offset
        total = (years * 12 + months) * UNIT_DAYS[2] + weeks * 7 + extra + days
        return "~" + _offset(total, UNIT_PRECISION[unit])
    try:
        when = middle(event) + timedelta(days=round(float(days)))
    except OverflowError:  # past the calendar's end (9999): "99999 years" typed
        return None
    precision = max(_precision(event), UNIT_PRECISION[unit])
    found = PartialDate(
        when.year,
        when.month if precision <= MONTH else None,
        when.day if precision == DAY else None,
    )
    return "~" + canonical_date(found)


def _offset(days: Decimal, precision: int) -> str:
    sign = -1 if days < 0 else 1
    size = abs(days)
    if precision == YEAR:
        parts = (round(size / UNIT_DAYS[3]), 0, 0, 0)
    elif precision == MONTH:
        parts = (0, round(size / UNIT_DAYS[2]), 0, 0)
    else:
        parts = (0, 0, 0, round(size))
    return canonical_date(PartialDate(offset=tuple(sign * p for p in parts)))  # type: ignore[arg-type]


def date_agrees(entered: str, args: Sequence[Arg], codes: tuple[str, ...]) -> bool:
    """Whether a reported date can be the day the time after the event points at: within
    the time's rounding (half its unit either way) of the event's span. A date that cannot
    be compared with the event (one absolute, the other an offset) is not contradicted."""
    time, unit, event = _time(args[0]), _unit(args[1], codes), _event(args[2])
    if time is None or unit is None or event is None or not isinstance(args[2], str):
        return True
    reported, anchor = span(_bare(entered)), span(_bare(args[2]))
    if reported is None or anchor is None or reported.relative != anchor.relative:
        return True
    high = time.high if time.high is not None else time.value
    size, half = UNIT_DAYS[unit], UNIT_DAYS[unit] / 2
    earliest = anchor.first + int((time.value * size - half).to_integral_value(ROUND_FLOOR))
    latest = anchor.last + int((high * size + half).to_integral_value(ROUND_CEILING))
    return reported.first <= latest and earliest <= reported.last


def _bare(text: str) -> str:
    """A date without its "about / before / after" mark, as chronology places it."""
    return split_date_qualifier(text)[1]


@dataclass(frozen=True)
class RelativeInputs:
    """The fields a date derived by this rule is worked out from (see the module's text)."""

    time: str
    unit: str
    ref: str  # the ref field naming the event's entry
    event_date: str  # the field of that entry that dates it
    words: str  # the event as reported, or ""


def relative_inputs(f: FieldSpec) -> RelativeInputs | None:
    """The inputs of `f` when it is a date derived from a time after an event."""
    if f.derived is None or f.derived.rule != RULE:
        return None
    time, unit, anchor, *rest = f.derived.inputs
    ref, _, event_date = anchor.partition(REF_MARK)
    return RelativeInputs(time, unit, ref, event_date, rest[0] if rest else "")


def referenced(entries: Sequence[tuple[int, dict[str, str]]], ref: str, field_id: str) -> str:
    """`field_id` of the entry whose id the ref value `ref` names ("" when none)."""
    for entry_id, values in entries:
        if ref and str(entry_id) == ref:
            return values.get(field_id, "")
    return ""
