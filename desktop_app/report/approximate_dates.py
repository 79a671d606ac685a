"""Where an approximate date may lie on the timeline: "about 2015" is a span around 2015,
"before +6m" a span ending at 6 months, "after May 2015" a span starting in May 2015.

The span's width follows the date's precision: a year-only date ±12 months, a month ±3, a
day ±1; an offset ±15 % of its distance from the index date (at least a month). "Before"
and "after" reach twice that width, at least 3 months, to one side.
"""

from __future__ import annotations

from desktop_app.rules.approximate import ABOUT, AFTER, BEFORE, split_date_qualifier
from desktop_app.rules.values import PartialDate, ValueRefused, parse_date


def _width(value: PartialDate, months: float) -> float:
    if value.offset is not None:
        return max(1.0, 0.15 * abs(months))
    if value.month is None:
        return 12.0
    return 3.0 if value.day is None else 1.0


def date_span(text: str, months: float) -> tuple[float, float] | None:
    """(earliest, latest) months from the index date the stored date `text`, placed at
    `months`, may stand for; None for a date without a mark."""
    mark, bare = split_date_qualifier(text)
    if not mark:
        return None
    try:
        width = _width(parse_date(bare), months)
    except ValueRefused:
        return None
    reach = max(3.0, 2 * width)
    if mark == ABOUT:
        return months - width, months + width
    if mark == BEFORE:
        return months - reach, months
    if mark == AFTER:
        return months, months + reach
    return None
