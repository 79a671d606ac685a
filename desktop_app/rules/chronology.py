"""Dates as spans of days, so that partial dates and offsets can be compared honestly.

"2015" spans the whole year, "2015-05" the month, "+6m" six months after the index date.
Two dates are out of order only when the earliest the later one can be comes before the
latest the earlier one can be; an offset is placed only when the index date is absolute or
both are offsets.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.rules.months import DAYS_PER_MONTH
from desktop_app.rules.months import middle as middle  # still importable from here
from desktop_app.rules.values import PartialDate, ValueRefused, parse_date


@dataclass(frozen=True)
class Span:
    first: int  # day number (date.toordinal, or days from the index date when relative)
    last: int
    relative: bool


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _absolute(value: PartialDate) -> tuple[date, date]:
    assert value.year is not None
    if value.month is None:
        return date(value.year, 1, 1), date(value.year, 12, 31)
    if value.day is None:
        last = calendar.monthrange(value.year, value.month)[1]
        return date(value.year, value.month, 1), date(value.year, value.month, last)
    day = date(value.year, value.month, value.day)
    return day, day


def _is_offset(text: str) -> bool:
    """Whether a stored date is an offset; a value that is no date ("not stated") is not."""
    try:
        return parse_date(text).offset is not None
    except ValueRefused:
        return False


def span(text: str, index: str = "") -> Span | None:
    """The span of days a stored date stands for; None when it is empty or cannot be placed."""
    if not text:
        return None
    try:
        value = parse_date(text)
    except ValueRefused:
        return None
    if value.offset is None:
        first, last = _absolute(value)
        return Span(first.toordinal(), last.toordinal(), relative=False)
    years, months, weeks, days = value.offset
    anchor = span(index) if index and not _is_offset(index) else None
    if anchor is None:
        approx = round((years * 12 + months) * DAYS_PER_MONTH) + weeks * 7 + days
        slack = 0 if not (years or months) else 15  # months are not all the same length
        return Span(approx - slack, approx + slack, relative=True)
    start, end = date.fromordinal(anchor.first), date.fromordinal(anchor.last)
    shift = timedelta(weeks=weeks, days=days)
    first = _add_months(start, years * 12 + months) + shift
    last = _add_months(end, years * 12 + months) + shift
    return Span(first.toordinal(), last.toordinal(), relative=False)


def surely_before(later: Span, earlier: Span) -> bool:
    """True when `later` certainly lies before `earlier` (comparable kinds only)."""
    return later.relative == earlier.relative and later.last < earlier.first


def today_span() -> Span:
    day = date.today().toordinal()
    return Span(day, day, relative=False)
