"""Derived rules of the course of a case: the status at last contact and the vital status.

Both read the follow-up visits in time order. A visit without a date never outranks a
dated one (it is placed before them all, in the order entered): a report's undated
"alive at the time of the report" says nothing about what came after a dated death.
A date of death outranks every visit: the patient is dead whatever an earlier visit said.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.rules.as_reported import is_token

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
