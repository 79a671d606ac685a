"""Typed values: what a registrar types → canonical text, and canonical text → display.

Every stored value is canonical text: decimals with '.', ISO dates (or a partial date,
or an offset from the index date), choice codes, multichoice codes joined by '|',
booleans as 'true'/'false', refs as the entry id they point to.

Any field may instead hold "not stated" or "unknown" as a reserved token, "?not_stated"
or "?unknown" (rules.as_reported), which no value of any type can be: empty is then "not
entered", the token "the source says nothing" or "the source says it is not known".
A choice declared `range = true` may hold two codes joined by "..", "4..5"
(rules.category_range).
Two marks extend this (each in its own module):
- a `findings = true` field stores a finding recorded absent as "!code" among the present
  codes ("skin_thickening|!nipple_retraction"), or a boolean as present/absent
  (rules/findings.py);
- a date may begin with "~" (about), "<" (before) or ">" (after): "~2015-05", "<+6m"
  (rules/approximate.py); whatever places the date reads it without the mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from desktop_app.rules import as_reported
from desktop_app.rules.approximate import date_words, number_words, split_date_qualifier, words_of
from desktop_app.rules.category_range import canonical_range, display_range
from desktop_app.rules.characters import character_problem
from desktop_app.rules.findings import FindingRefused, canonical_findings, display_findings
from desktop_app.rules.qualified import (
    QualifiedRefused,
    canonical_qualified,
    display_qualified,
    parse_qualified,
    without_unit,
)
from desktop_app.spec import vocabulary_index
from desktop_app.spec.model import FieldSpec, Spec

MULTI_SEPARATOR = "|"
TRUE, FALSE = "true", "false"

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip

DATE_HELP = (
    "a date such as 2015-05-10, 10 May 2015, May 2015 or 2015, "
    "or an offset from the index date such as +6m, -15y or +2y4m"
)
_OFFSET = re.compile(
    r"^([+-])\s*(?:(\d+)\s*y)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*w)?\s*(?:(\d+)\s*d)?$"
)
_UNIT_WORDS = {"y": "year", "m": "month", "w": "week", "d": "day"}


class ValueRefused(ValueError):
    """Typed text that cannot be stored as its field's type; the message says what is expected."""


@dataclass(frozen=True)
class PartialDate:
    """A full, year-month or year-only date, or an offset in (years, months, weeks, days)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    offset: tuple[int, int, int, int] | None = None  # signed years, months, weeks, days

    @property
    def is_offset(self) -> bool:
        return self.offset is not None


def parse_date(text: str) -> PartialDate:
    s = split_date_qualifier(text)[1]  # "about 2015" is placed as 2015
    low = s.lower()
    offset = _OFFSET.match(low.replace(" ", ""))
    if offset and any(offset.group(i) for i in range(2, 6)):
        sign = -1 if offset.group(1) == "-" else 1
        parts = tuple(sign * int(offset.group(i) or 0) for i in range(2, 6))
        return PartialDate(offset=(parts[0], parts[1], parts[2], parts[3]))
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s)
    if m:
        return _checked(int(m.group(1)), m.group(2), m.group(3), text)
    m = re.fullmatch(r"(?:(\d{1,2})\s+)?([a-z]+)\.?,?\s+(\d{4})", low)
    if m and m.group(2) in MONTHS:
        return _checked(int(m.group(3)), str(MONTHS[m.group(2)]), m.group(1), text)
    m = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", low)
    if m and m.group(1) in MONTHS:
        return _checked(int(m.group(3)), str(MONTHS[m.group(1)]), m.group(2), text)
    raise ValueRefused(f"'{text}' is not a date; expected {DATE_HELP}")


def parse_or_none(text: str) -> PartialDate | None:
    """The date `text` names; None when it is empty or no date."""
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueRefused:
        return None


def _checked(year: int, month: str | None, day: str | None, text: str) -> PartialDate:
    if not 1800 <= year <= 2200:
        raise ValueRefused(f"'{text}': the year {year} is out of range")
    if month is None:
        return PartialDate(year)
    if not 1 <= int(month) <= 12:
        raise ValueRefused(f"'{text}': there is no month {int(month)}")
    if day is None:
        return PartialDate(year, int(month))
    try:
        date(year, int(month), int(day))
    except ValueError:
        raise ValueRefused(
            f"'{text}': {MONTH_NAMES[int(month) - 1]} {year} has no day {int(day)}"
        ) from None
    return PartialDate(year, int(month), int(day))


def canonical_date(value: PartialDate) -> str:
    if value.offset is not None:
        sign = "-" if any(p < 0 for p in value.offset) else "+"
        units = zip(value.offset, "ymwd", strict=True)
        body = "".join(f"{abs(n)}{u}" for n, u in units if n)
        return sign + (body or "0d")
    if value.day is not None:
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if value.month is not None:
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}"


def display_date(canonical: str) -> str:
    mark, bare = split_date_qualifier(canonical)
    if mark:
        return f"{date_words(mark)} {display_date(bare)}"
    value = parse_date(canonical)
    if value.offset is not None:
        before = any(p < 0 for p in value.offset)
        words = [
            f"{abs(n)} {_UNIT_WORDS[u]}{'s' if abs(n) != 1 else ''}"
            for n, u in zip(value.offset, "ymwd", strict=True)
            if n
        ]
        if not words:
            return "at the index date"
        return f"{' '.join(words)} {'before' if before else 'after'} the index date"
    if value.day is not None and value.month is not None:
        return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
    if value.month is not None:
        return f"{MONTH_NAMES[value.month - 1]} {value.year}"
    return str(value.year)


def parse_decimal(text: str, typed: str = "") -> Decimal:
    """The number `text` is; a refusal quotes `typed` (what was typed, unit and all) if given."""
    s = text.strip().replace(" ", "")
    text = typed or text
    # A decimal comma (as typed under many European locales) means the same as a point.
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
        raise ValueRefused(f"'{text}' is not a number; expected digits such as 12 or 0.74")
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueRefused(f"'{text}' is not a number") from None


def canonical(spec: Spec, field: FieldSpec, text: str) -> str:
    """The canonical text of what was typed; '' for empty. Raises ValueRefused when refused."""
    reported = as_reported.canonical_token(spec, field, text)
    if reported is not None:
        return reported
    if field.type in ("text", "longtext"):
        value = text.replace("\r\n", "\n").replace("\r", "\n")
        if (problem := character_problem(value, field.type == "longtext")) is not None:
            raise ValueRefused(problem)
        if field.max_length is not None and len(value) > field.max_length:
            raise ValueRefused(
                f"{len(value)} characters is too long; at most {field.max_length} fit"
            )
        return value if value.strip() else ""
    s = text.strip()
    if not s:
        return ""
    if field.qualified and field.type in ("integer", "decimal"):
        s = number_words(spec, field, s)  # "adult", "in her fifties" (rules/approximate.py)
        try:
            given = parse_qualified(s, field.type == "integer", field.unit)
        except QualifiedRefused as exc:
            raise ValueRefused(str(exc)) from None
        _not_negative(field, given.value, text)
        try:
            return canonical_qualified(given, field.type == "integer")
        except (ValueError, ArithmeticError):  # thousands of digits: no number to keep
            raise ValueRefused(f"'{text[:40]}…' is too long to be a number") from None
    if field.type in ("integer", "decimal"):
        s = without_unit(s, field.unit)  # "64mm" or "120 kPa" in a field of that unit
    if field.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", s):
            raise ValueRefused(f"'{text}' is not a whole number; expected digits such as 57")
        _not_negative(field, Decimal(s), text)
        return str(int(s))
    if field.type == "decimal":
        number = parse_decimal(s, text)
        _not_negative(field, number, text)
        return "0" if number == 0 else format(number, "f")
    if field.type == "date":
        return split_date_qualifier(s)[0] + canonical_date(parse_date(s))
    if field.findings:  # present / absent (rules/findings.py)
        try:
            return canonical_findings(spec, field, s, lambda part: _code(spec, field, part))
        except FindingRefused as exc:
            raise ValueRefused(str(exc)) from None
    if field.type == "boolean":
        low = s.lower()
        if low in ("true", "yes", "y", "1"):
            return TRUE
        if low in ("false", "no", "n", "0"):
            return FALSE
        raise ValueRefused(f"'{text}' is not yes or no")
    if field.type == "choice" and field.range:
        try:
            return _code(spec, field, s)
        except ValueRefused:
            ranged = canonical_range(spec, field, s, lambda end: _code(spec, field, end))
            if ranged is None:
                raise
            return ranged
    if field.type == "choice":
        return _code(spec, field, s)
    if field.type == "multichoice":
        wanted = {_code(spec, field, part.strip()) for part in re.split(r"[|;]", s) if part.strip()}
        order = [t.code for t in spec.vocabulary(field.vocabulary).terms]
        return MULTI_SEPARATOR.join(c for c in order if c in wanted)
    if field.type == "ref":
        if not re.fullmatch(r"[0-9]+", s) or int(s) <= 0:
            raise ValueRefused(f"'{text}' does not name an entry")
        return str(int(s))
    raise ValueRefused(f"unknown type {field.type}")


def _not_negative(field: FieldSpec, number: Decimal, text: str) -> None:
    """A field whose least value is 0 or more (a count, a size, a percentage) cannot hold a
    negative number: refused beside the field, as no rule could use it (a value merely
    outside min/max is a warning: rules.validation)."""
    if number < 0 and field.min is not None and field.min >= 0:
        raise ValueRefused(f"'{text}': {field.label.lower()} cannot be negative")


def _code(spec: Spec, field: FieldSpec, text: str) -> str:
    """A code, a label, "code — label" or a synonym naming one term; an older edition's
    code is kept (and reported by the checks), never dropped."""
    vocab = spec.vocabulary(field.vocabulary)
    codes = vocabulary_index.exact_codes(vocab, text)
    if len(codes) == 1:
        return codes[0]
    old = vocabulary_index.retired(vocab, text)
    if old is not None:
        return old.code
    if codes:
        raise ValueRefused(f"'{text}' names more than one {vocab.label} code: {', '.join(codes)}")
    raise ValueRefused(f"'{text}' is not one of the {vocab.label} codes")


def number_of(field: FieldSpec, value: str) -> float | None:
    """The numeric value stored beside the text, so that SQL can compare numbers."""
    if as_reported.is_token(value):
        return None
    if field.type in ("integer", "decimal") and value:
        if field.qualified:
            try:
                return parse_qualified(value).representative()
            except QualifiedRefused:
                return None
        return float(Decimal(value))
    return None


def display(
    spec: Spec, field: FieldSpec, value: str, entry_labels: dict[str, str] | None = None
) -> str:
    """How a stored value reads to a registrar (labels for codes, words for dates)."""
    if not value:
        return ""
    if as_reported.is_token(value):
        return as_reported.label(value)
    if field.type == "choice" and field.range and ".." in value:
        return display_range(spec, field, value)
    if field.findings:
        return display_findings(spec, field, value)
    if field.type == "choice":
        vocab = spec.vocabulary(field.vocabulary)
        term = vocab.term(value)
        if term is not None:
            return vocab.display(term)
        old = vocab.retired_term(value)  # an older edition's code: with its term and edition
        return f"{old.code} — {old.label} ({old.edition})" if old else value
    if field.type == "multichoice":
        vocab = spec.vocabulary(field.vocabulary)
        return "; ".join(vocab.label_of(c) for c in value.split(MULTI_SEPARATOR))
    if field.type == "boolean":
        return {"true": "Yes", "false": "No"}.get(value, value)
    if field.type == "date":
        try:
            return display_date(value)
        except ValueRefused:
            return value
    if field.type == "ref":
        return (entry_labels or {}).get(value, f"#{value}")
    if field.type in ("integer", "decimal") and field.qualified:
        words = words_of(spec, field, value)
        shown = display_qualified(value, field.unit)
        return f"{words} ({shown})" if words else shown
    if field.type in ("integer", "decimal") and field.unit:
        return f"{value} {field.unit}"
    return value
