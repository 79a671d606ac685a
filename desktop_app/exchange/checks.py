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
# What the database holds: entry ids (and the refs that name them) live in INTEGER columns,
# 4 bytes on PostgreSQL; a whole number stays within the 8-byte integers of both databases.
MAX_ENTRY_ID = 2**31 - 1
MAX_WHOLE = 2**63 - 1
MAX_NUMBER_CHARS = 40  # far beyond any measurement; int() refuses past 4,300 digits


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an import file: where (the case, and the line for CSV), which
    field, and why."""

    where: str
    field: str
    reason: str

    def __str__(self) -> str:
        text = f"{self.where}: {self.field}: {self.reason}" if self.field else (
            f"{self.where}: {self.reason}"
        )  # fmt: skip
        # What the file holds is quoted with its invisible characters (line breaks, NUL,
        # direction overrides, lone surrogates) as escapes: one line that prints as it reads.
        return "".join(
            c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
        )


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
        return f"the value {value!r:.80} is not text"
    if value == "":
        return None
    if (reason := storable_problem(value)) is not None:
        return reason
    if (field.numeric or field.type == "ref") and len(value) > MAX_NUMBER_CHARS:
        return (
            f"'{value[:20]}…' has {len(value)} characters; a number has at most {MAX_NUMBER_CHARS}"
        )
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
    return range_problem(field, value)


def storable_problem(value: str) -> str | None:
    """Why the database cannot hold this text, or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"holds U+{ord(value[exc.start]):04X}, half of a character pair (not Unicode text)"
    if "\x00" in value:
        return "holds a NUL character (U+0000), which the database cannot store"
    return None


def range_problem(field: FieldSpec, value: str) -> str | None:
    """A canonical whole number beyond what the database holds, or None."""
    if field.type == "ref" and int(value) > MAX_ENTRY_ID:
        return f"'{value}' is not an entry id (at most {MAX_ENTRY_ID})"
    if field.type == "integer" and not field.qualified and abs(int(value)) > MAX_WHOLE:
        return f"'{value}' is too large to store; a whole number is at most {MAX_WHOLE}"
    return None


def entry_id_problem(entry_id: object) -> str | None:
    """Why `entry_id` is not an entry id (a whole number from 1 to MAX_ENTRY_ID), or None."""
    if not isinstance(entry_id, int) or isinstance(entry_id, bool) or entry_id < 1:
        return f"{entry_id!r:.40} is not an entry id (a whole number ≥ 1)"
    if entry_id > MAX_ENTRY_ID:
        return f"{entry_id!r:.40} is not an entry id (at most {MAX_ENTRY_ID})"
    return None


def status_problem(status: object) -> str | None:
    if status not in IMPORT_STATUSES:
        return f"status {status!r} is not one of {', '.join(IMPORT_STATUSES)}"
    return None
