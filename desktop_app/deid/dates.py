"""Dates in free text, in the usual spellings of several languages: '14-07-1961',
'14.7.61', '7/14/1961', '1961-07-14', '14 July 1961', 'July 14, 1961', '14th of July',
'14. Juli 1961', '14 de julio de 1961', 'July 1961', '07/1961'.

Each date found is read into a PartialDate (year, month, day; any of them may be missing
where the text does not give it), so that it can be compared with the date of birth and
placed relative to the index date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from desktop_app.deid.words import alternation, not_a_measurement, words

_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_MONTH_NUMBER = r"(?:1[0-2]|0?[1-9])"
_YEAR4 = r"(?:1[89]\d\d|20\d\d)"
_ORDINAL = r"(?:st|nd|rd|th|er|e|º|°)?\.?"
_L = r"(?<![\w.,/:-])"  # a number starts here: not inside another number or word
_R = r"(?![\w]|[.,/:-]\d)"  # and ends here


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    year: int | None  # four digits, or None when the text gives no year
    month: int | None
    day: int | None
    two_digit_year: bool = False
    day_first: bool = True  # for 3/4/1961: read as day first; the other reading in `readings`

    def readings(self) -> list[tuple[int | None, int | None, int | None]]:
        """(year, month, day) under every reading the text allows: none for a day that its
        month has not ('31 June')."""
        found = [(self.year, self.month, self.day)]
        if (
            self.day is not None
            and self.month is not None
            and self.day <= 12
            and (self.day != self.month and self.day_first)
        ):
            found.append((self.year, self.day, self.month))
        return [r for r in found if _valid(*r)]


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is None or day is None:
        return True
    try:
        date(year or 2000, month, day)
    except ValueError:
        return False
    return True


@cache
def _pattern() -> re.Pattern[str]:
    w = words()
    month = rf"(?P<mon>{alternation(list(w.months))})\.?"
    month2 = month.replace("mon>", "mon2>")
    month3 = month.replace("mon>", "mon3>")
    month4 = month.replace("mon>", "mon4>")
    month7 = month.replace("mon>", "mon7>")
    join = rf"(?:{alternation(w.date_joiners)}\s+)?"
    year = rf"(?:{_YEAR4}|['’]?\d\d)"
    guard = not_a_measurement()
    forms = [
        # 14 July 1961, 14th of July 1961, 14-Jul-61, 14. Juli 1961, 14 de julio de 1961
        rf"{_L}(?P<d1>{_DAY}){_ORDINAL}[\s/-]*{join}{month}[\s,/-]*{join}(?P<y1>{year})(?!\w)"
        rf"{guard}",
        # July 14, 1961; Jul. 14th 1961 (a comma or a space between: 'July 1961' is a month)
        rf"(?<!\w){month2}\s*(?P<d2>{_DAY}){_ORDINAL}(?:,\s*|\s+)(?P<y2>{year})(?!\w){guard}",
        # 1961-07-14, 1961/7/14
        rf"{_L}(?P<y3>{_YEAR4})(?P<s3>[-/.])(?P<m3>{_MONTH_NUMBER})(?P=s3)(?P<d3>{_DAY})(?:(?=T\d)|{_R})",
        # 14-07-1961, 14.7.61, 7/14/1961
        rf"{_L}(?P<a4>\d{{1,2}})(?P<s4>[-/.])(?P<b4>\d{{1,2}})(?P=s4)(?P<y4>{year}){_R}{guard}",
        # July 1961, juillet 2015, julio de 2015
        rf"(?<!\w){month3}[\s,]*{join}(?P<y5>{_YEAR4})(?!\w)",
        # 14 July, 14th of July (no year)
        rf"{_L}(?P<d6>{_DAY}){_ORDINAL}[\s-]*{join}{month4}(?!\w)",
        # July 14 (no year)
        rf"(?<!\w){month7}\s*(?P<d7>{_DAY}){_ORDINAL}(?![\w]|[.,]\d){guard}",
        # 07/1961, 7.2015, 1961-07
        rf"{_L}(?P<m8>{_MONTH_NUMBER})[/.](?P<y8>{_YEAR4}){_R}",
        rf"{_L}(?P<y9>{_YEAR4})-(?P<m9>1[0-2]|0[1-9]){_R}",
    ]
    # One shared test first: a date starts where a word starts. Tried form by form at every
    # position of the text, the nine forms made a megabyte take seconds.
    numeric = [f.removeprefix(_L) for f in forms if f.startswith(_L)]
    named = [f.removeprefix(r"(?<!\w)") for f in forms if not f.startswith(_L)]
    return re.compile(
        rf"(?<!\w)(?:(?=\d)(?<![.,/:-])(?:{'|'.join(numeric)})|(?=[^\W\d_])(?:{'|'.join(named)}))",
        re.IGNORECASE,
    )


def _year(text: str) -> tuple[int, bool]:
    digits = text.lstrip("'’")
    if len(digits) == 4:
        return int(digits), False
    short = int(digits)
    pivot = date.today().year % 100
    return (2000 + short if short <= pivot else 1900 + short), True


def _month(name: str) -> int:
    return words().months[name.lower().rstrip(".")]


def find_dates(text: str) -> Iterator[FoundDate]:
    """Every date written in `text`, as its place and what it says."""
    ambiguous = words().ambiguous_months
    for m in _pattern().finditer(text):
        g = m.groupdict()
        name = next((g[k] for k in ("mon", "mon2", "mon3", "mon4", "mon7") if g[k]), None)
        if name is not None and name.lower() in ambiguous and (g["mon4"] or g["mon7"]):
            continue  # 'may', 'Mar' beside a day alone are too often not a date ('3 May')
        start, end = m.span()
        if g["d1"]:
            year, short = _year(g["y1"])
            found = FoundDate(start, end, year, _month(g["mon"]), int(g["d1"]), short)
        elif g["d2"]:
            year, short = _year(g["y2"])
            found = FoundDate(start, end, year, _month(g["mon2"]), int(g["d2"]), short)
        elif g["y3"]:
            found = FoundDate(start, end, int(g["y3"]), int(g["m3"]), int(g["d3"]))
        elif g["a4"]:
            year, short = _year(g["y4"])
            a, b = int(g["a4"]), int(g["b4"])
            if (a > 12 and b > 12) or a == 0 or b == 0 or a > 31 or b > 31:
                continue
            day_first = a > 12 or b <= 12
            day, month = (a, b) if day_first else (b, a)
            found = FoundDate(start, end, year, month, day, short, day_first and a <= 12)
        elif g["y5"]:
            found = FoundDate(start, end, int(g["y5"]), _month(g["mon3"]), None)
        elif g["d6"]:
            found = FoundDate(start, end, None, _month(g["mon4"]), int(g["d6"]))
        elif g["d7"]:
            found = FoundDate(start, end, None, _month(g["mon7"]), int(g["d7"]))
        elif g["m8"]:
            found = FoundDate(start, end, int(g["y8"]), int(g["m8"]), None)
        else:
            found = FoundDate(start, end, int(g["y9"]), int(g["m9"]), None)
        yield found  # even a day the month has not ('31 June'): a date all the same
