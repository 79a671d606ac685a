"""Synthetic cases for tests and benchmarks: every field of the specification filled with a
canonical value of its type, identifiers included. Nothing here names a field: the values
are chosen by type, limits and vocabulary, the patient's age by the field's role."""

from __future__ import annotations

from desktop_app.record import CaseRecord
from desktop_app.rules.values import MULTI_SEPARATOR, canonical
from desktop_app.spec.model import FieldSpec, Spec

SURNAMES = ("Okonkwo-Vance", "Marchetti", "Lindqvist", "Abernathy", "Takahashi", "Duvall")
GIVEN = ("Harriet", "Ignatius", "Solveig", "Benedikt", "Ayumi", "Florentyna")


def sample_value(spec: Spec, field: FieldSpec, n: int, ref_ids: dict[str, list[int]]) -> str:
    """A canonical value for `field` (the n-th of its kind); "" for a ref with no target."""
    text = _raw_value(spec, field, n, ref_ids)
    return canonical(spec, field, text) if text else ""


def _raw_value(spec: Spec, field: FieldSpec, n: int, ref_ids: dict[str, list[int]]) -> str:
    if field.type in ("text", "longtext"):
        return _text(field, n)
    n += sum(map(ord, field.id))  # fields of one type do not all get the same value
    if field.numeric:
        low = field.min if field.min is not None else 0.0
        high = field.max if field.max is not None else low + 100.0
        number = low + (high - low) * ((n * 37) % 100) / 100
        return str(int(number)) if field.type == "integer" else f"{number:.1f}"
    if field.type == "date":
        return f"{1990 + n % 30:04d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
    if field.type == "boolean":
        return "true" if n % 2 else "false"
    if field.type in ("choice", "multichoice"):
        terms = spec.vocabulary(field.vocabulary).terms
        first = terms[n % len(terms)].code
        if field.type == "choice" or len(terms) < 2:
            return first
        return first + MULTI_SEPARATOR + terms[(n + 1) % len(terms)].code
    if field.type == "ref":
        targets = ref_ids.get(field.ref, [])
        return str(targets[n % len(targets)]) if targets else ""
    return ""


def _text(field: FieldSpec, n: int) -> str:
    if field.phi and field.type == "text":
        body = f"{GIVEN[n % len(GIVEN)]} {SURNAMES[n % len(SURNAMES)]} {field.id[:3]}{n:05d}"
    elif field.phi:
        body = f"{100 + n} Quayside Terrace\nFlat {n % 9 + 1}, Wrexham {field.id[:2]}{n:04d}"
    elif field.type == "longtext":
        body = f"{field.label} of sample case {n}.\nA second line, with ünïcode — and a comma."
    else:
        body = f"{field.label} {n}"
    return body[: field.max_length] if field.max_length else body


def sample_case(spec: Spec, n: int, entries: int = 2, age: int | None = None) -> CaseRecord:
    """A case with every field filled and `entries` entries in every group (refs point to
    entries of their groups); the field whose role is age gets `age` when given."""
    record = CaseRecord()
    for group in spec.groups:
        for _ in range(entries):
            record.add_entry(group.id)
    ref_ids = {g: [e.entry_id for e in es] for g, es in record.groups.items()}
    for field in spec.case_fields:
        record.values[field.id] = sample_value(spec, field, n, ref_ids)
    age_field = spec.role_field("age")
    if age is not None and age_field is not None:
        record.values[age_field.id] = canonical(spec, age_field, str(age))
    number = spec.summary_field("case_number")
    if number is not None:
        record.values[number.id] = f"S{n:06d}"
    for group in spec.groups:
        for k, entry in enumerate(record.entries(group.id)):
            for field in group.fields:
                entry.values[field.id] = sample_value(spec, field, n + k, ref_ids)
    record.values = {k: v for k, v in record.values.items() if v}
    for entries_ in record.groups.values():
        for entry in entries_:
            entry.values = {k: v for k, v in entry.values.items() if v}
    return record


def identifiers(spec: Spec, record: CaseRecord) -> list[str]:
    """Every identifier value the case holds (the values of fields marked phi)."""
    found = [record.values.get(f.id, "") for f in spec.case_fields if f.phi]
    for group in spec.groups:
        for entry in record.entries(group.id):
            found += [entry.values.get(f.id, "") for f in group.fields if f.phi]
    return [v for v in found if v]
