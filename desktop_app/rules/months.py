"""Months between dates: the one measure of time the rules and the report share.

A month is a twelfth of a Julian year (365.25 / 12 = 30.4375 days), so that months, weeks
and days typed in an offset ("+1y2m3w") and the days between two calendar dates add up on
one scale. A partial date stands for the middle of the period it names (`middle`): May 2019
for 15 May, 2019 for 2 July. The derived times (index date to last contact, rules.course),
the dates worked out from a time after an event (rules.relative_dates), the spans of
offsets (rules.chronology) and the report's timeline (report.dates) all count so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.rules.values import PartialDate

DAYS_PER_YEAR = Decimal("365.25")  # a Julian year: a leap day every fourth year
DAYS_PER_MONTH = DAYS_PER_YEAR / 12  # 30.4375, exactly


@dataclass(frozen=True)
class Months:
    """A distance in months from the index date; `approximate` when a partial date (a month
    or a year, not a day) was placed at its middle to measure it."""

    months: Decimal
    approximate: bool


def middle(value: PartialDate) -> date:
    """The day a full or partial absolute date stands for: a month at its 15th, a year at
    2 July (the middle of its period)."""
    assert value.year is not None  # every absolute date parse_date gives has its year
    if value.month is None:
        return date(value.year, 7, 2)
    return date(value.year, value.month, value.day or 15)


def offset_months(offset: tuple[int, int, int, int]) -> Decimal:
    """The months an offset (years, months, weeks, days) stands for."""
    years, months, weeks, days = offset
    return Decimal(years * 12 + months) + Decimal(weeks * 7 + days) / DAYS_PER_MONTH


def months_between(index: PartialDate | None, when: PartialDate) -> Months | None:
    """Months from the index date to `when`; None when it cannot be placed.

    An offset is already relative to the index date (exact, whatever the index date is).
    An absolute date needs an absolute index date; a partial date on either side makes the
    figure approximate."""
    if when.offset is not None:
        return Months(offset_months(when.offset), approximate=False)
    if index is None or index.offset is not None:
        return None
    days = (middle(when) - middle(index)).days
    return Months(Decimal(days) / DAYS_PER_MONTH, approximate=when.day is None or index.day is None)
