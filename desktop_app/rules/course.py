"""Derived rules of the course of a case: the status at last contact and the vital status.

Both read the follow-up visits in time order. A visit without a date never outranks a
dated one (it is placed before them all, in the order entered): a report's undated
"alive at the time of the report" says nothing about what came after a dated death.
A date of death outranks every visit: the patient is dead whatever an earlier visit said.
A visit's date may be one a rule derived ("2 months after surgery"): rules.time_order lets
a reported date outrank it unless it surely comes later. The months from the index date to
the last contact, the first recurrence or a death are worked out here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.rules.as_reported import is_token
from desktop_app.rules.months import months_between
from desktop_app.rules.time_order import Timed, in_time_order
from desktop_app.rules.values import ValueRefused, parse_date

Arg = str | list[str]


def _list(value: Arg) -> list[str]:
    return value if isinstance(value, list) else []


def ordered_statuses(
    timed_positions: list[int], dates: list[str], statuses: list[str]
) -> list[str]:
    """The visits' statuses, earliest first: undated ones (as entered), then the dated ones
    in time order (`timed_positions`, the positions of the dated visits sorted by date)."""
    undated = [p for p in range(len(dates)) if p not in timed_positions]
    return [
        statuses[p]
        for p in undated + timed_positions
        if p < len(statuses) and statuses[p] and not is_token(statuses[p])
    ]


def _dead_by_date(date_of_death: Arg) -> bool:
    return isinstance(date_of_death, str) and bool(date_of_death) and not is_token(date_of_death)


def status_at_last_contact(
    timed_positions: list[int], args: Sequence[Arg], codes: tuple[str, ...]
) -> str | None:
    """The latest visit's status; with a date of death, a status that records a death.

    `codes` are the statuses that record a death; the last of them is given when a date of
    death is entered and no visit records the death ("died, cause not stated")."""
    statuses = ordered_statuses(timed_positions, _list(args[1]), _list(args[2]))
    latest = statuses[-1] if statuses else None
    if len(args) > 3 and _dead_by_date(args[3]) and codes:
        deaths = [s for s in statuses if s in codes]
        return deaths[-1] if deaths else codes[-1]
    return latest


def vital_status(args: Sequence[Arg], codes: tuple[str, ...]) -> str | None:
    """`codes[0]` (dead) when a date of death is entered or any visit records a death (one of
    `codes[1:]`); otherwise nothing is derived: alive or unknown is the report's to say."""
    if not codes:
        return None
    statuses = _list(args[1])
    if _dead_by_date(args[0]) or any(s in codes[1:] for s in statuses):
        return codes[0]
    return None


def plain_number(number: Decimal, places: int) -> str:
    """`number` rounded half up to `places` decimals, without trailing zeros: 4.1, 28."""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return format(rounded.normalize(), "f")


# --- time from the index date (the rules of derived.py that read the visits) --------------


def months_since(index: str, when: str) -> tuple[Decimal, bool] | None:
    """Months from the index date to `when` (an offset, or a date when the index date is one);
    and whether the figure is approximate (a partial date): rules.months, on stored texts."""
    try:
        event = parse_date(when)
    except ValueRefused:
        return None
    try:
        start = parse_date(index) if index else None
    except ValueRefused:
        start = None
    found = months_between(start, event)
    return (found.months, found.approximate) if found is not None else None


def _timed(args: Sequence[Arg]) -> list[tuple[Decimal, bool, int]]:
    """(months, approximate, entry position) of each dated entry, in time order: a date a
    rule worked out comes after a reported one only when it surely does (rules.time_order)."""
    index = str(args[0])
    dates = args[1] if isinstance(args[1], list) else []
    timed = []
    for position, when in enumerate(dates):
        found = months_since(index, when) if when else None
        if found is not None:
            timed.append(Timed(found[0], found[1], position, when))
    return [(t.months, t.approximate, t.position) for t in in_time_order(timed, index)]


def _months_text(months: Decimal, approximate: bool) -> str:
    return ("~" if approximate else "") + plain_number(months, 1)


def months_since_index(args: Sequence[Arg], _codes: tuple[str, ...]) -> str | None:
    found = months_since(str(args[0]), str(args[1]))
    return _months_text(found[0], found[1]) if found else None


def months_to_last(args: Sequence[Arg], _codes: tuple[str, ...]) -> str | None:
    """To the latest of the visits' dates and, when given, the date of last contact and the
    date of death (the last contact of all)."""
    dates = list(args[1]) if isinstance(args[1], list) else []
    dates += [a for a in args[2:] if isinstance(a, str) and a]
    timed = _timed([args[0], dates])
    return _months_text(timed[-1][0], timed[-1][1]) if timed else None


def months_to_first(args: Sequence[Arg], codes: tuple[str, ...]) -> str | None:
    statuses = args[2] if isinstance(args[2], list) else []
    for months, approximate, position in _timed(args):
        if statuses[position] in codes:
            return _months_text(months, approximate)
    return None


def last_status(args: Sequence[Arg], codes: tuple[str, ...]) -> str | None:
    """The status of the latest visit (undated visits never outrank dated ones); with a date
    of death, a status that records the death (rules.course)."""
    return status_at_last_contact([p for _m, _a, p in _timed(args)], args, codes)


def vital_status_rule(args: Sequence[Arg], codes: tuple[str, ...]) -> str | None:
    return vital_status(args, codes)
