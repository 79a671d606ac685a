"""De-identification after HIPAA Safe Harbor, driven by the specification.

- Fields marked `phi` are removed, wherever they are (the case or a group).
- Dates keep no element finer than the year: either the year alone, or an offset from the
  case's index date (the field whose role is index_date), which itself keeps its year.
  Offsets already relative to the index date are kept as they are.
- The age (the field whose role is age) above 89 reads "90+".
- Free text is kept, but every identifier of the case that appears inside it (in any of
  the usual spellings of a date, a name word by word) is replaced by "[removed]".
- Values of fields the specification no longer declares are left out: nobody can tell
  whether they identify the patient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal

from desktop_app.record import CASE_SCOPE, CaseRecord, GroupEntry
from desktop_app.rules.approximate import split_date_qualifier
from desktop_app.rules.values import (
    MONTH_NAMES,
    PartialDate,
    ValueRefused,
    canonical_date,
    display,
    number_of,
    parse_date,
)
from desktop_app.spec.model import FieldSpec, Spec

DateMode = Literal["auto", "offset", "year"]
DATE_MODES: tuple[DateMode, ...] = ("auto", "offset", "year")
REMOVED = "[removed]"
AGE_LIMIT = 89
AGE_CAP = "90+"
_MIN_TOKEN = 3  # words of a name shorter than this are not searched for on their own
_MIN_VALUE = 2


@dataclass(frozen=True)
class Deidentifier:
    """`dates`: "offset" gives offsets from the index date, "year" the year alone, "auto"
    (the default) offsets where the case has an index date, else years. Without an index
    date, "offset" falls back to years too."""

    spec: Spec
    dates: DateMode = "auto"

    def apply(self, record: CaseRecord) -> CaseRecord:
        index = self._index_date(record)
        offsets = index is not None and self.dates in ("auto", "offset")
        scrub = _scrubber(self.spec, self._identifiers(record))
        out = CaseRecord(
            case_id=record.case_id, status=record.status, row_version=record.row_version,
            next_entry_id=record.next_entry_id,
        )  # fmt: skip
        scopes = self._scopes
        case_fields, age = scopes[CASE_SCOPE]
        index_field = self.spec.role_field("index_date")
        reference = index if offsets else None
        for field_id, value in record.values.items():
            field = case_fields.get(field_id)
            if field is None or not value:
                continue
            if field is index_field:
                out.values[field_id] = self._year(value)
            else:
                out.values[field_id] = self._value(field, value, age, reference, scrub)
        for group_id, entries in record.groups.items():
            if group_id == CASE_SCOPE or group_id not in scopes:
                continue
            fields, group_age = scopes[group_id]
            out.groups[group_id] = [
                GroupEntry(entry.entry_id, {
                    fid: self._value(fields[fid], v, group_age, reference, scrub)
                    for fid, v in entry.values.items() if v and fid in fields
                })
                for entry in entries
            ]  # fmt: skip
        return out

    @cached_property
    def _scopes(self) -> dict[str, tuple[dict[str, FieldSpec], FieldSpec | None]]:
        """For the case ("") and each group: the fields kept (not phi) and the age field."""
        scopes = {
            CASE_SCOPE: (
                {f.id: f for f in self.spec.case_fields if not f.phi},
                self.spec.role_field("age"),
            )
        }
        for group in self.spec.groups:
            scopes[group.id] = (
                {f.id: f for f in group.fields if not f.phi},
                self.spec.role_field("age", group.id),
            )
        return scopes  # fmt: skip

    def _index_date(self, record: CaseRecord) -> PartialDate | None:
        field = self.spec.role_field("index_date")
        text = record.values.get(field.id, "") if field else ""
        try:
            index = parse_date(text) if text else None
        except ValueRefused:
            return None
        return None if index is None or index.is_offset else index

    def _identifiers(self, record: CaseRecord) -> list[tuple[FieldSpec, str]]:
        found = [(f, record.values.get(f.id, "")) for f in self.spec.case_fields if f.phi]
        for group in self.spec.groups:
            phi = [f for f in group.fields if f.phi]
            for entry in record.groups.get(group.id, []):
                found += [(f, entry.values.get(f.id, "")) for f in phi]
        return [(f, v) for f, v in found if v]

    def _value(
        self,
        field: FieldSpec,
        value: str,
        age: FieldSpec | None,
        index: PartialDate | None,
        scrub: Scrubber | None,
    ) -> str:
        if field is age:
            number = number_of(field, value) if _is_number(field, value) else None
            return AGE_CAP if number is not None and number > AGE_LIMIT else value
        if field.type == "date":
            return self._date(value, index)
        if field.type in ("text", "longtext") and scrub is not None:
            return scrub(value)
        return value

    def _date(self, value: str, index: PartialDate | None) -> str:
        try:
            parsed = parse_date(value)
        except ValueRefused:
            return REMOVED  # not a date we can reduce: nothing of it may leave
        if parsed.is_offset:
            return value
        mark = split_date_qualifier(value)[0]  # "about 2015" stays about (rules/approximate.py)
        if index is None:
            return f"{mark}{parsed.year:04d}"
        return mark + offset_between(index, parsed)

    @staticmethod
    def _year(value: str) -> str:
        try:
            parsed = parse_date(value)
        except ValueRefused:
            return REMOVED
        return value if parsed.is_offset else f"{parsed.year:04d}"


def offset_between(index: PartialDate, value: PartialDate) -> str:
    """`value` as a canonical offset from `index`: days when both are full dates, months
    when both have a month, else years."""
    assert index.year is not None and value.year is not None
    if index.day is not None and value.day is not None:
        assert index.month is not None and value.month is not None
        days = (date(value.year, value.month, value.day)
                - date(index.year, index.month, index.day)).days  # fmt: skip
        return canonical_date(PartialDate(offset=(0, 0, 0, days)))
    if index.month is not None and value.month is not None:
        months = (value.year - index.year) * 12 + value.month - index.month
        return canonical_date(PartialDate(offset=(0, months, 0, 0)))
    return canonical_date(PartialDate(offset=(value.year - index.year, 0, 0, 0)))


def _is_number(field: FieldSpec, value: str) -> bool:
    try:
        return number_of(field, value) is not None
    except (ArithmeticError, ValueError):
        return False


def spellings(field: FieldSpec, value: str, spec: Spec | None = None) -> set[str]:
    """The ways an identifier may be written inside free text."""
    found = {value.strip()}
    if spec is not None:
        found.add(display(spec, field, value))
    if field.type == "date":
        found |= _date_spellings(value)
    if field.type in ("text", "longtext"):
        found |= {p.strip() for p in re.split(r"[\n,;]", value)}
    return {s for s in found if len(s) >= _MIN_VALUE}


def _date_spellings(value: str) -> set[str]:
    try:
        d = parse_date(value)
    except ValueRefused:
        return set()
    if d.is_offset or d.month is None:
        return set()
    month = MONTH_NAMES[d.month - 1]
    found = {f"{month} {d.year}", f"{month[:3]} {d.year}", f"{d.month:02d}/{d.year}"}
    if d.day is not None:
        for m in (month, month[:3]):
            found |= {f"{d.day} {m} {d.year}", f"{m} {d.day}, {d.year}", f"{m} {d.day} {d.year}"}
        found |= {
            f"{d.day:02d}/{d.month:02d}/{d.year}",
            f"{d.month:02d}/{d.day:02d}/{d.year}",
            f"{d.day}/{d.month}/{d.year}",
            f"{d.month}/{d.day}/{d.year}",
            f"{d.day:02d}.{d.month:02d}.{d.year}",
            f"{d.year}{d.month:02d}{d.day:02d}",
        }
    return found  # fmt: skip


class Scrubber:
    """Replaces identifiers inside free text: whole values (in their usual spellings) found
    anywhere, words of a name found as whole words, all ignoring case. A cheap test for
    any of them comes first; most text holds none."""

    def __init__(self, whole: set[str], words: set[str]) -> None:
        self.whole = sorted({w.lower() for w in whole}, key=len, reverse=True)
        self.words = sorted({w.lower() for w in words}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        low = text.lower()
        whole = [w for w in self.whole if w in low]
        words = [w for w in self.words if w in low]
        if not whole and not words:
            return text
        parts = [re.escape(w) for w in whole]
        parts += [rf"(?<!\w){re.escape(w)}(?!\w)" for w in words]
        return re.sub("|".join(parts), REMOVED, text, flags=re.IGNORECASE)


def _scrubber(spec: Spec, identifiers: list[tuple[FieldSpec, str]]) -> Scrubber | None:
    whole: set[str] = set()
    words: set[str] = set()
    for field, value in identifiers:
        whole |= spellings(field, value, spec)
        if field.type == "text":
            words |= {w for w in re.findall(r"\w+", value) if len(w) >= _MIN_TOKEN}
    return Scrubber(whole, words) if whole or words else None
