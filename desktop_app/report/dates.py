"""Time in the report: every date placed relative to the case's index date.

A stored date is a full date, a partial date (year-month, year) or an offset from the
index date (see rules.values.parse_date). The timeline and the de-identified summary both
need one measure for all of them: months from the index date, counted as the rules count
them (rules.months). A partial date stands for the middle of the period it names; an
absolute date can only be placed when the index date itself is absolute.
"""

from __future__ import annotations

from desktop_app.rules.approximate import ABOUT, date_words, split_date_qualifier
from desktop_app.rules.months import DAYS_PER_MONTH as RULES_DAYS_PER_MONTH
from desktop_app.rules.months import middle, months_between
from desktop_app.rules.values import PartialDate, display_date, parse_or_none

DAYS_PER_MONTH = float(RULES_DAYS_PER_MONTH)  # rules.months' month, as a float
MINUS = "−"  # a true minus sign: '−15 y' reads better than '-15 y'


def is_partial(value: PartialDate) -> bool:
    """A date that names a month or a year rather than a day (offsets are exact)."""
    return value.offset is None and value.day is None


def months_from_index(value: PartialDate, index: PartialDate | None) -> float | None:
    """Months from the index date to `value`; None when it cannot be placed
    (rules.months.months_between, as a float for drawing and rounding).

    Offsets are already relative. An absolute date needs an absolute index date.
    """
    found = months_between(index, value)
    return float(found.months) if found is not None else None


def compact_offset(offset: tuple[int, int, int, int]) -> str:
    """An offset as typed by a registrar, for tables: '+6 mo', '−15 y', '+2 y 4 mo'."""
    if not any(offset):
        return "index"
    sign = MINUS if any(p < 0 for p in offset) else "+"
    words = [f"{abs(n)} {u}" for n, u in zip(offset, ("y", "mo", "wk", "d"), strict=True) if n]
    return sign + " ".join(words)


def compact_months(months: float) -> str:
    """A computed distance from the index date: '+3 d', '+3 wk', '+7 mo', '−15 y 2 mo'."""
    sign = MINUS if months < 0 else "+"
    days = round(abs(months) * DAYS_PER_MONTH)
    if days == 0:
        return "index"
    if days < 14:
        return f"{sign}{days} d"
    if days < 28:
        return f"{sign}{round(days / 7)} wk"
    whole = round(abs(months))
    if whole < 24:
        return f"{sign}{whole} mo"
    years, rest = divmod(whole, 12)
    return f"{sign}{years} y" + (f" {rest} mo" if rest else "")


def date_text(text: str, index: PartialDate | None, *, relative: bool) -> str:
    """How a stored date prints: as written, or (relative=True) only as its distance from
    the index date, so that no calendar date of the patient's shows in a de-identified
    summary. An absolute date that cannot be placed then shows its year only."""
    mark, bare = split_date_qualifier(text)  # "about", "before", "after" print as words
    if mark:
        inner = date_text(bare, index, relative=relative)
        if mark == ABOUT:  # "about" already says the distance is rounded: not "about ≈+4 mo"
            inner = inner.removeprefix("≈")
        return f"{date_words(mark)} {inner}"
    value = parse_or_none(text)
    if value is None:
        return text
    if value.offset is not None:
        return compact_offset(value.offset)
    if not relative:
        return display_date(text)
    months = months_from_index(value, index)
    if months is None:
        return str(value.year)
    coarse = is_partial(value) or (index is not None and is_partial(index))
    return ("≈" if coarse and months else "") + compact_months(months)


def years_between(earlier: PartialDate, later: PartialDate) -> int | None:
    """Whole years from one absolute full date to another (an age); None when unknown."""
    if earlier.offset is not None or later.offset is not None:
        return None
    if earlier.day is None or later.day is None or earlier.year is None or later.year is None:
        return None
    start, end = middle(earlier), middle(later)
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return years if years >= 0 else None
