"""Possible duplicates of a case: another case with the same record number, or with the
same date of birth, sex and diagnosis. The fields are found by their role in the
specification; the comparison runs as SQL over the cohort index case_items on SQLite and
PostgreSQL, and for the rare identifier longer than that index holds (0010) on the value
read from its case's audit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, func, or_, select

from desktop_app.record import CASE_SCOPE, CaseRecord
from desktop_app.rules.as_reported import TOKENS
from desktop_app.spec.model import Spec
from desktop_app.store import tables as t
from desktop_app.store.audit import current_values
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


def _long_values(connection: Any, spec: Spec) -> dict[str, list[tuple[int, str]]]:
    """The identifying values longer than the cohort index holds (0010: a key row ''), by
    field: (case, value) read from their cases' audit; few or none (identifiers are short)."""
    fields = [spec.role_field(role) for role in ("record_number", *IDENTITY_ROLES)]
    ids = [f.id for f in fields if f is not None and f.group == CASE_SCOPE]
    item = t.case_items.c
    rows = connection.execute(
        select(item.case_id, t.item_fields.c.field_id)
        .join_from(t.case_items, t.item_fields, item.field_code == t.item_fields.c.code)
        .where(t.item_fields.c.group_id == CASE_SCOPE, t.item_fields.c.field_id.in_(ids),
               item.value_text == t.LONG_KEY)
    ).all()  # fmt: skip
    out: dict[str, list[tuple[int, str]]] = {}
    for case_id, field_id in rows:
        value = current_values(connection, case_id).get((CASE_SCOPE, 0, field_id))
        if value is not None:
            out.setdefault(field_id, []).append((case_id, value))
    return out


def find_duplicates(engine: Engine, spec: Spec, record: CaseRecord) -> list[Duplicate]:
    """The other cases (removed ones too, so that a case is restored rather than entered
    again) that look like the same patient and tumour as `record`."""
    item = t.case_items.c
    with engine.connect() as connection:
        long_ones = _long_values(connection, spec)

    def has(field_id: str, value: str, normalise: bool = False) -> ColumnElement[bool]:
        stored: ColumnElement[str] = item.value_text
        if normalise:
            stored = func.lower(func.replace(item.value_text, " ", ""))
        wanted = _normal(value) if normalise else value
        short = exists(select(1).where(
            item.case_id == t.cases.c.id, item.field_code == code_of(CASE_SCOPE, field_id),
            item.value_text != t.LONG_KEY, stored == wanted,
        ))  # fmt: skip
        same = [case_id for case_id, text in long_ones.get(field_id, [])
                if (_normal(text) if normalise else text) == wanted]  # fmt: skip
        return or_(short, t.cases.c.id.in_(same)) if same else short

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
