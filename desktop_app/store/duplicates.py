"""Possible duplicates of a case: another case with the same record number, or with the
same date of birth, sex and diagnosis. The fields are found by their role in the
specification; the comparison runs as SQL over case_items on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, and_, exists, func, select

from desktop_app.record import CASE_SCOPE, CaseRecord
from desktop_app.rules.as_reported import TOKENS
from desktop_app.spec.model import Spec
from desktop_app.store import tables as t
from desktop_app.store.field_codes import code_of

IDENTITY_ROLES = ("date_of_birth", "sex", "diagnosis")


@dataclass(frozen=True)
class Duplicate:
    case_id: int
    case_number: str
    status: str
    reason: str  # "the same record number", "the same date of birth, sex and diagnosis"


def _normal(value: str) -> str:
    return "".join(value.split()).casefold()


def duplicate_keys(spec: Spec, record: CaseRecord) -> dict[str, str]:
    """The record's values that identify a patient, by role (empty ones left out)."""
    keys = {}
    for role in ("record_number", *IDENTITY_ROLES):
        spec_field = spec.role_field(role)
        if spec_field is not None and spec_field.group == CASE_SCOPE:
            value = record.values.get(spec_field.id, "").strip()
            if value:
                keys[spec_field.id] = value
    return keys


def find_duplicates(engine: Engine, spec: Spec, record: CaseRecord) -> list[Duplicate]:
    """The other cases (removed ones too, so that a case is restored rather than entered
    again) that look like the same patient and tumour as `record`."""
    item = t.case_items.c

    def has(field_id: str, value: str, normalise: bool = False) -> ColumnElement[bool]:
        stored: ColumnElement[str] = item.value_text
        if normalise:
            stored = func.lower(func.replace(item.value_text, " ", ""))
        return exists(select(1).where(
            item.case_id == t.cases.c.id, item.field_code == code_of(CASE_SCOPE, field_id),
            stored == (_normal(value) if normalise else value),
        ))  # fmt: skip

    found: list[Duplicate] = []
    checks: list[tuple[str, list[ColumnElement[bool]]]] = []
    number = spec.role_field("record_number")
    if number is not None and record.values.get(number.id, "").strip() not in ("", *TOKENS):
        checks.append(("the same record number", [has(number.id, record.values[number.id], True)]))
    identity = [spec.role_field(role) for role in IDENTITY_ROLES]
    values = [record.values.get(f.id, "").strip() if f else "" for f in identity]
    values = ["" if v in TOKENS else v for v in values]  # "not stated" identifies no one
    if all(identity) and all(values):
        checks.append((
            "the same date of birth, sex and diagnosis",
            [has(f.id, v) for f, v in zip(identity, values, strict=True) if f is not None],
        ))  # fmt: skip
    seen: set[int] = set()
    with engine.connect() as connection:
        for reason, clauses in checks:
            query = select(t.cases.c.id, t.cases.c.case_number, t.cases.c.status).where(
                and_(*clauses)
            )
            if record.case_id is not None:
                query = query.where(t.cases.c.id != record.case_id)
            for case_id, case_number, status in connection.execute(query.order_by(t.cases.c.id)):
                if case_id not in seen:
                    seen.add(case_id)
                    found.append(Duplicate(case_id, case_number, status, reason))
    return found
