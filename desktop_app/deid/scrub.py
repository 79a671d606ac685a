"""One de-identification of free text, used by the PDF and by every export.

A Scrubber is made once per case, from the case's own identifiers (own.py), and then
finds, in any text given to it: those identifiers in every common spelling, every date
(dates.py: the date of birth removed, any other date turned into its distance from the
index date where the case has one, else its year), and the Safe Harbor kinds found by
their shape (patterns.py). Where finds overlap, they become one replacement, of the kind
that matters most (the case's own values first).

What it returns says what was replaced, where and by what, so that the PDF's footer can
count it and the registrar can review each replacement in context before a file is
written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from desktop_app.deid.dates import FoundDate, find_dates
from desktop_app.deid.own import OwnValue, own_patterns
from desktop_app.deid.patterns import DIGIT, find_patterns
from desktop_app.deid.words import is_measured, words
from desktop_app.rules.values import PartialDate

DATE = "date"


@dataclass(frozen=True)
class Replacement:
    """`original` at [start, end) of the source text became `text`; `kind` says what it
    was ('patient name', 'date', 'phone', ...)."""

    start: int
    end: int
    kind: str
    original: str
    text: str


@dataclass(frozen=True)
class Scrubbed:
    source: str
    text: str
    replacements: tuple[Replacement, ...] = ()

    def counts(self) -> Counter[str]:
        return Counter(r.kind for r in self.replacements)

    def in_context(self, width: int = 40) -> list[str]:
        """Each replacement with its surroundings as printed: '…Should [name] (MRN …'."""
        rows = []
        shift = 0
        for r in self.replacements:
            at = r.start + shift
            shift += len(r.text) - (r.end - r.start)
            before = self.text[max(0, at - width) : at]
            end = at + len(r.text)
            after = self.text[end : end + width]
            lead = "…" if at > width else ""
            tail = "…" if end + width < len(self.text) else ""
            rows.append(" ".join((lead + before + r.text + after + tail).split()))
        return rows


@dataclass
class Scrubber:
    """`own`: the case's identifiers as text; `own_dates`: its identifying dates (the date
    of birth), each with its kind; `index`: the index date (absolute) or None; `offsets`:
    False keeps the year alone of every date even when there is an index date."""

    own: list[OwnValue] = field(default_factory=list)
    own_dates: list[tuple[str, PartialDate]] = field(default_factory=list)
    index: PartialDate | None = None
    offsets: bool = True

    def __post_init__(self) -> None:
        compact = [OwnValue(kind, text) for kind, d in self.own_dates for text in _compact(d)]
        self._own = own_patterns([*self.own, *compact])

    def __call__(self, text: str) -> Scrubbed:
        if not text:
            return Scrubbed(text, text)
        hits: list[tuple[int, int, int, str, str]] = []  # start, end, rank, kind, text
        for kind, pattern in self._own:
            for m in pattern.finditer(text):
                if m.lastgroup == "number" and is_measured(text, m.end()):
                    continue  # '12 mm' is a measurement, whatever the record number
                if m.end() > m.start():
                    hits.append((m.start(), m.end(), 0, kind, f"[{kind}]"))
                    if _WORDS.fullmatch(m.group()):
                        hits += _relative(text, m.start())
        for found in find_dates(text) if DIGIT.search(text) else ():  # every date has one
            kind, shown = self._date(found)
            hits.append((found.start, found.end, 0 if kind != DATE else 1, kind, shown))
        for hit in find_patterns(text):
            hits.append((hit.start, hit.end, 2 + hit.rank, hit.kind, f"[{hit.kind}]"))
        return _replace(text, hits)

    def _date(self, found: FoundDate) -> tuple[str, str]:
        for kind, own in self.own_dates:
            if _same_date(found, own):
                return kind, f"[{kind}]"
        readings = found.readings()
        if found.year is None:
            return DATE, "[date]"
        if not readings:  # '31 June 2015': no such day, so no distance
            return DATE, f"[{found.year}]"
        year, month, day = readings[0]
        if not self.offsets or self.index is None:
            return DATE, f"[{year}]"
        # the report's one way of writing a distance from the index date ('+6 mo'); imported
        # here because desktop_app.report itself imports this package
        from desktop_app.report.dates import compact_months, is_partial, months_from_index

        value = PartialDate(year, month, day)
        months = months_from_index(value, self.index)
        if months is None:
            return DATE, f"[{year}]"
        coarse = is_partial(value) or is_partial(self.index)
        return DATE, "[" + ("≈" if coarse and months else "") + compact_months(months) + "]"


_WORDS = re.compile(r"[^\W\d_]+(?:[\s'’-]+[^\W\d_]+)*")
# One or two words with a capital and then small letters, right before a word of the
# patient's name: a relative's first name ('her daughter Ines Berg').
_FIRST_NAMES = re.compile(r"((?:[^\W\d_a-z][^\W\d_A-Z]+[ \t]+){1,2})$")


def _relative(text: str, start: int) -> list[tuple[int, int, int, str, str]]:
    window = text[max(0, start - 60) : start]
    m = _FIRST_NAMES.search(window)
    if m is None:
        return []
    names = list(re.finditer(r"\S+", m.group(1)))
    while names and names[0].group().lower() in _titles():
        names.pop(0)
    if not names:
        return []
    at = start - len(window) + m.start()  # where the words begin in `text`
    return [(at + names[0].start(), at + names[-1].end(), 1, "name", "[name]")]


@cache
def _titles() -> frozenset[str]:
    w = words()
    return frozenset(t.lower() for t in w.titles) | frozenset(w.months) | w.not_names


def _same_date(found: FoundDate, own: PartialDate) -> bool:
    if own.offset is not None or own.month is None:
        return False
    for year, month, day in found.readings():
        if month != own.month:
            continue
        if day is not None and own.day is not None and day != own.day:
            continue
        if day is None and year is None:
            continue
        short = found.two_digit_year
        if (year is not None and own.year is not None
                and ((year % 100 != own.year % 100) if short else year != own.year)):  # fmt: skip
            continue
        return True
    return False


def _compact(d: PartialDate) -> list[str]:
    """A date of birth written without separators: 19610714, 14071961, 07141961, 140761."""
    if d.offset is not None or d.day is None or d.month is None or d.year is None:
        return []
    y, m, day = d.year, d.month, d.day
    return [f"{y}{m:02d}{day:02d}", f"{day:02d}{m:02d}{y}", f"{m:02d}{day:02d}{y}",
            f"{day:02d}{m:02d}{y % 100:02d}"]  # fmt: skip


@dataclass
class _Span:
    start: int
    end: int
    rank: int
    kind: str
    shown: str


def _replace(text: str, hits: Iterable[tuple[int, int, int, str, str]]) -> Scrubbed:
    """Overlapping hits become one replacement, of the best-ranked kind among them."""
    merged: list[_Span] = []
    for start, end, rank, kind, shown in sorted(hits, key=lambda h: (h[0], -h[1])):
        last = merged[-1] if merged else None
        if last is not None and start < last.end:
            last.end = max(last.end, end)
            if rank < last.rank:
                last.rank, last.kind, last.shown = rank, kind, shown
            continue
        merged.append(_Span(start, end, rank, kind, shown))
    out: list[str] = []
    done: list[Replacement] = []
    at = 0
    for span in merged:
        out += [text[at : span.start], span.shown]
        done.append(Replacement(span.start, span.end, span.kind, text[span.start : span.end],
                                span.shown))  # fmt: skip
        at = span.end
    out.append(text[at:])
    return Scrubbed(text, "".join(out), tuple(done))


def summary(counts: Counter[str]) -> str:
    """'3 patient names, 1 medical record number, 4 dates removed', or '' for none."""
    if not counts:
        return ""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = [f"{n} {_plural(kind, n)}" for kind, n in ordered]
    return ", ".join(parts) + " removed"


def _plural(kind: str, n: int) -> str:
    if n == 1:
        return kind
    if kind.endswith(("s", "x", "sh", "ch")):
        return kind + "es"
    if kind.endswith("of birth"):
        return kind.replace("date", "dates")
    return kind + "s"
