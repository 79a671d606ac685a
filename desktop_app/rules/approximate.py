"""Approximate dates: "about 2015", "before +6m", "after May 2015", kept with their words.

A date field's canonical text may begin with one mark (the rest is an ordinary date, partial
date or offset, see rules.values):

    "~2015-05"   about May 2015
    "<+6m"       before 6 months after the index date
    ">2015"      after 2015

Everything that places a date (chronology, intervals, the timeline) reads the date without
its mark, as the point it names; the timeline also draws the span it may stand for
(report/approximate_dates.py). What a registrar may type: "~", "≈", "about",
"approximately", "approx.", "around", "circa", "c.", "ca." (about); "<", "before", "by",
"prior to" (before); ">", "after", "since" (after).
"""

from __future__ import annotations

import re

ABOUT, BEFORE, AFTER = "~", "<", ">"
MARK_WORDS = {ABOUT: "about", BEFORE: "before", AFTER: "after"}
_TYPED: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(w, ABOUT) for w in ("~", "≈", "about", "approximately", "approx.", "approx",
                              "around", "circa", "c.", "ca.", "ca")]
        + [(w, BEFORE) for w in ("<", "before", "by", "prior to")]
        + [(w, AFTER) for w in (">", "after", "since")],
        key=lambda pair: -len(pair[0]),
    )
)  # fmt: skip


def split_date_qualifier(text: str) -> tuple[str, str]:
    """(mark, the date without it): ("~", "2015") for "about 2015"; ("", text) for none."""
    s = text.strip()
    low = s.lower()
    for word, mark in _TYPED:
        if not low.startswith(word):
            continue
        rest = s[len(word) :]
        # A word ("about") must stand alone; a sign ("~", "<") may touch the date.
        if word[-1].isalpha() and rest[:1].isalpha():
            continue
        return mark, rest.strip()
    return "", s


def date_words(mark: str) -> str:
    """The words a mark prints as: 'about', 'before', 'after' ('' for none)."""
    return MARK_WORDS.get(mark, "")


def is_approximate(text: str) -> bool:
    return bool(split_date_qualifier(text)[0]) if text else False


_DECADES = {
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
    "seventies": 70, "eighties": 80, "nineties": 90,
}  # fmt: skip


def decade_range(text: str) -> str:
    """'in her fifties' → '50-59', '50s' → '50-59'; '' when the text names no decade."""
    low = re.sub(r"^(?:in\s+)?(?:his|her|their|the)\s+", "", text.strip().lower().removeprefix("in "))
    low = low.removeprefix("early ").removeprefix("late ").removeprefix("mid-").strip()
    if low in _DECADES:
        start = _DECADES[low]
        return f"{start}-{start + 9}"
    m = re.fullmatch(r"(\d)0'?s", low)
    if m and m.group(1) != "0":
        start = int(m.group(1)) * 10
        return f"{start}-{start + 9}"
    return ""
