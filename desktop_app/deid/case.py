"""A case's Scrubber: its own identifiers read from the fields the specification marks
phi (in the case and in every group entry), named by their labels ('patient name',
'medical record number'), and its index date."""

from __future__ import annotations

from desktop_app.deid.own import OwnValue
from desktop_app.deid.scrub import Scrubber
from desktop_app.record import CaseRecord
from desktop_app.rules.values import PartialDate, ValueRefused, parse_date
from desktop_app.spec.model import FieldSpec, Spec

# What the registry itself declares about a case, not the patient: its own case number and
# the institution that reports it (printed at the top of every summary).
REGISTRY_ROLES = ("institution",)


def is_free_text(field: FieldSpec) -> bool:
    """A field whose text goes through the scrubber: text and long text, not an identifier
    field itself (those never leave), nor what the registry declares (its case number, the
    reporting institution)."""
    if field.summary == "case_number" or field.role in REGISTRY_ROLES:
        return False
    return field.type in ("text", "longtext") and not field.phi


def phi_values(spec: Spec, record: CaseRecord) -> list[tuple[FieldSpec, str]]:
    """Every filled phi field of the case and of its group entries, with its value."""
    found = [(f, record.values.get(f.id, "")) for f in spec.case_fields if f.phi]
    for group in spec.groups:
        phi = [f for f in group.fields if f.phi]
        for entry in record.groups.get(group.id, []):
            found += [(f, entry.values.get(f.id, "")) for f in phi]
    return [(f, v) for f, v in found if v]


def index_date(spec: Spec, record: CaseRecord) -> PartialDate | None:
    """The case's index date when it is an absolute date (an offset is no reference)."""
    field = spec.role_field("index_date")
    text = record.values.get(field.id, "") if field else ""
    try:
        index = parse_date(text) if text else None
    except ValueRefused:
        return None
    return None if index is None or index.is_offset else index


def case_scrubber(spec: Spec, record: CaseRecord, *, offsets: bool = True) -> Scrubber:
    """The Scrubber for free text of `record`. `offsets`=False keeps years instead of
    distances from the index date."""
    own: list[OwnValue] = []
    own_dates: list[tuple[str, PartialDate]] = []
    for f, value in phi_values(spec, record):
        kind = f.label.lower()
        if f.type == "date":
            try:
                own_dates.append((kind, parse_date(value)))
            except ValueRefused:
                own.append(OwnValue(kind, value))
        else:
            own.append(OwnValue(kind, value))
    return Scrubber(own, own_dates, index_date(spec, record), offsets)
