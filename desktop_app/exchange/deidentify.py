"""De-identification after HIPAA Safe Harbor, driven by the specification.

- Fields marked `phi` are removed, wherever they are (the case or a group).
- Dates keep no element finer than the year: either the year alone, or an offset from the
  case's index date (the field whose role is index_date), which itself keeps its year.
  Offsets already relative to the index date are kept as they are.
- The age (the field whose role is age) above 89 reads "90+".
- Free text is kept, but every identifier inside it is replaced by its kind in brackets
  ("[patient name]", "[phone]") and every date by its distance from the index date
  ("[+6 mo]"): the one de-identification of free text, desktop_app.deid, which the PDF
  uses too.
- Values of fields the specification no longer declares are left out: nobody can tell
  whether they identify the patient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal

from desktop_app.deid import Scrubber, case_scrubber, index_date, is_free_text
from desktop_app.record import CASE_SCOPE, CaseRecord, GroupEntry
from desktop_app.rules.approximate import split_date_qualifier
from desktop_app.rules.values import (
    PartialDate,
    ValueRefused,
    canonical_date,
    number_of,
    parse_date,
)
from desktop_app.spec.model import FieldSpec, Spec

DateMode = Literal["auto", "offset", "year"]
DATE_MODES: tuple[DateMode, ...] = ("auto", "offset", "year")
REMOVED = "[removed]"
AGE_LIMIT = 89
AGE_CAP = "90+"


@dataclass(frozen=True)
class Deidentifier:
    """`dates`: "offset" gives offsets from the index date, "year" the year alone, "auto"
    (the default) offsets where the case has an index date, else years. Without an index
    date, "offset" falls back to years too."""

    spec: Spec
    dates: DateMode = "auto"

    def apply(self, record: CaseRecord) -> CaseRecord:
        index = index_date(self.spec, record)
        offsets = index is not None and self.dates in ("auto", "offset")
        scrub = self.scrubber(record)
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

    def scrubber(self, record: CaseRecord) -> Scrubber:
        """The scrubber of `record`'s free text, with this export's treatment of dates."""
        return case_scrubber(self.spec, record, offsets=self.dates != "year")

    def _value(
        self,
        field: FieldSpec,
        value: str,
        age: FieldSpec | None,
        index: PartialDate | None,
        scrub: Scrubber,
    ) -> str:
        if field is age:
            number = number_of(field, value) if _is_number(field, value) else None
            return AGE_CAP if number is not None and number > AGE_LIMIT else value
        if field.type == "date":
            return self._date(value, index)
        if is_free_text(field):
            return scrub(value).text
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
