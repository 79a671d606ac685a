"""One month for every measure of time (rules.months): the derived times of the course
(rules.course), the dates worked out from a time after an event (rules.relative_dates), the
spans of offsets (rules.chronology) and the report's timeline (report.dates) count the same
30.4375 days and place a partial date at the same middle day."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.report.dates import months_from_index
from desktop_app.rules.course import months_since
from desktop_app.rules.months import DAYS_PER_MONTH, Months, months_between
from desktop_app.rules.relative_dates import date_after_event
from desktop_app.rules.values import parse_date

PACKAGE = Path(__file__).parent.parent / "desktop_app"
UNIT_CODES = ("d", "wk", "mo", "a")


def test_a_month_is_a_twelfth_of_a_julian_year() -> None:
    assert str(DAYS_PER_MONTH) == "30.4375"


@pytest.mark.parametrize(
    ("index", "when", "months", "approximate"),
    [
        ("2015-05-10", "2015-11-10", Decimal(184) / Decimal("30.4375"), False),  # 184 days
        ("2015-05-10", "2015-11", Decimal(189) / Decimal("30.4375"), True),  # to 15 November
        ("2015-05", "2016", Decimal(414) / Decimal("30.4375"), True),  # 15 May 2015 to 2 July 2016
        ("", "+1y2m3w", Decimal(14) + Decimal(21) / Decimal("30.4375"), False),
        ("2015-05-10", "-15y", Decimal(-180), False),
    ],
)  # fmt: skip
def test_months_between_dates_partial_dates_and_offsets(
    index: str, when: str, months: Decimal, approximate: bool
) -> None:
    start = parse_date(index) if index else None
    assert months_between(start, parse_date(when)) == Months(months, approximate)


def test_an_absolute_date_is_not_placed_without_an_absolute_index_date() -> None:
    assert months_between(None, parse_date("2015-11-10")) is None
    assert months_between(parse_date("+1m"), parse_date("2015-11-10")) is None


@pytest.mark.parametrize(
    ("index", "when"),
    [("2015-05-10", "2019-03-12"), ("2015-05", "2016"), ("2015-05-10", "+2y4m1w3d"),
     ("2001-02-28", "2001-03")],
)  # fmt: skip
def test_the_rules_and_the_report_measure_alike(index: str, when: str) -> None:
    derived = months_since(index, when)
    drawn = months_from_index(parse_date(when), parse_date(index))
    assert derived is not None and drawn is not None
    assert drawn == float(derived[0])


def test_two_months_after_an_event_are_two_of_the_same_months() -> None:
    """61 days after 1 January 2019 (2 × 30.4375 = 60.875, rounded) is 2 March 2019."""
    assert date_after_event(["2", "mo", "2019-01-01"], UNIT_CODES) == "~2019-03"
    assert date_after_event(["61", "d", "2019-01-01"], UNIT_CODES) == "~2019-03-03"
    assert date_after_event(["2", "mo", "+1m"], UNIT_CODES) == "~+3m"


def test_the_days_in_a_month_are_written_once() -> None:
    """Nowhere but rules/months.py spells the length of a month (30.4375, 365.25 / 12)."""
    spelt = re.compile(r"30\.4375|365\.25\s*/\s*12")
    found = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if spelt.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["rules/months.py"]
