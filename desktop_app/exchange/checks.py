"""What an imported value must be: a field the specification declares, of a group it
declares, in the canonical text of its type, with codes of its vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.record import CASE_SCOPE
from desktop_app.rules.as_reported import is_token
from desktop_app.rules.category_range import ends
from desktop_app.rules.findings import stored_code
from desktop_app.rules.values import MULTI_SEPARATOR, ValueRefused, canonical
from desktop_app.spec.model import FieldSpec, Spec

IMPORT_STATUSES = ("draft", "complete", "locked")


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an import file: where (the case, and the line for CSV), which
    field, and why."""

    where: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.reason}" if self.field else (
            f"{self.where}: {self.reason}"
        )  # fmt: skip


class ImportRefused(Exception):
    """The file was refused and nothing was imported; `problems` says why."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def field_name(group: str, field_id: str) -> str:
    return f"{group}.{field_id}" if group != CASE_SCOPE else field_id


def find_field(spec: Spec, group: str, field_id: str) -> tuple[FieldSpec | None, str]:
    """The field, or None and the reason it cannot be found."""
    if group != CASE_SCOPE and group not in {g.id for g in spec.groups}:
        return None, f"unknown group '{group}'"
    try:
        return spec.field(group, field_id), ""
    except KeyError:
        scope = f"group '{group}'" if group else "the case"
        return None, f"unknown field '{field_id}' in {scope}"


def value_problem(spec: Spec, field: FieldSpec, value: object) -> str | None:
    """Why `value` cannot be stored in `field` as it is, or None when it can."""
    if not isinstance(value, str):
        return f"the value {value!r} is not text"
    if value == "":
        return None
    if field.type in ("choice", "multichoice"):
        vocab = spec.vocabulary(field.vocabulary)
        codes = value.split(MULTI_SEPARATOR) if field.type == "multichoice" else [value]
        codes = [] if is_token(value) else ends(value) if field.range else codes  # issue 11
        codes = [stored_code(field, c) for c in codes]  # "!code": a finding marked absent
        unknown = [c for c in codes if vocab.term(c) is None and vocab.retired_term(c) is None]
        if unknown:
            return f"'{unknown[0]}' is not a code of the vocabulary {vocab.id} ({vocab.label})"
    try:
        expected = canonical(spec, field, value)
    except ValueRefused as exc:
        return str(exc)
    if expected != value:
        return f"'{value}' is not in canonical form for a {field.type} (expected '{expected}')"
    return None


def status_problem(status: object) -> str | None:
    if status not in IMPORT_STATUSES:
        return f"status {status!r} is not one of {', '.join(IMPORT_STATUSES)}"
    return None
