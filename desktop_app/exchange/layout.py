"""What an export holds, derived from the specification: its scopes (the case's own fields,
then one per repeating group), their columns, the data dictionary, and spreadsheet-safe cells.

No field id is written here: the columns are the specification's fields in form order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from desktop_app.record import CASE_SCOPE, CaseRecord
from desktop_app.rules.findings import dictionary_note
from desktop_app.rules.values import number_of
from desktop_app.spec.model import FieldSpec, Spec

CASE_SHEET = "case"
DICTIONARY_SHEET = "data_dictionary"
# A vocabulary longer than this (ICD-O-3.2: 1,143 morphology codes) does not fit one cell
# (a spreadsheet cell holds 32,767 characters): its codes go to a sheet of their own.
VOCABULARY_SHEET = "vocabularies"
VOCABULARY_COLUMNS = ("vocabulary", "code", "label", "source")
LONG_VOCABULARY = 100
LONG_COLUMNS = ("case", "group", "entry", "field", "value", "unit")
DICTIONARY_COLUMNS = (
    "form", "section", "group", "field_id", "label", "type", "unit", "min", "max",
    "vocabulary", "choices", "required", "identifier", "help",
)  # fmt: skip

# A cell starting with one of these is read as a formula by spreadsheet programs
# (CWE-1236); the apostrophe is escaped too, so that the prefix can be undone exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
NEUTRALISER = "'"


def neutralise(text: str) -> str:
    """A spreadsheet cell that shows `text` and is never evaluated."""
    return NEUTRALISER + text if text.startswith(FORMULA_STARTS) else text


def restore(cell: str) -> str:
    """The text a neutralised cell stands for (the inverse of `neutralise`)."""
    return cell[1:] if cell.startswith(NEUTRALISER) else cell


@dataclass(frozen=True)
class Scope:
    """The case's own fields (group "") or one repeating group's, as exported."""

    name: str  # the file or sheet name
    group: str  # "" for the case
    fields: tuple[FieldSpec, ...]

    @property
    def is_case(self) -> bool:
        return self.group == CASE_SCOPE

    @property
    def header(self) -> list[str]:
        first = ["case", "status"] if self.is_case else ["case", "entry"]
        return first + [f.id for f in self.fields]


@dataclass(frozen=True)
class Layout:
    spec: Spec
    number_field: FieldSpec | None
    scopes: tuple[Scope, ...]

    @property
    def case_scope(self) -> Scope:
        return self.scopes[0]

    @property
    def group_scopes(self) -> tuple[Scope, ...]:
        return self.scopes[1:]


def layout_of(spec: Spec, deidentified: bool = False) -> Layout:
    """The scopes and columns of an export; identifiers are left out when de-identified."""
    number_field = spec.summary_field("case_number")

    def kept(fields: tuple[FieldSpec, ...]) -> tuple[FieldSpec, ...]:
        return tuple(f for f in fields if f is not number_field and not (deidentified and f.phi))

    taken = {CASE_SHEET.lower(), DICTIONARY_SHEET.lower(), VOCABULARY_SHEET.lower()}
    scopes = [Scope(CASE_SHEET, CASE_SCOPE, kept(spec.case_fields))]
    for group in spec.groups:
        name = _sheet_name(group.id, taken)
        taken.add(name.lower())
        scopes.append(Scope(name, group.id, kept(group.fields)))
    return Layout(spec, number_field, tuple(scopes))


def _sheet_name(group_id: str, taken: set[str]) -> str:
    """A file and sheet name for a group: at most 31 characters, no characters that
    spreadsheet programs or file systems refuse, unique (case-insensitively)."""
    base = "".join("_" if c in '[]:*?/\\<>|"' else c for c in group_id)[:28] or "group"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def case_number(layout: Layout, record: CaseRecord) -> str:
    if layout.number_field is not None:
        number = record.values.get(layout.number_field.id, "")
        if number:
            return number
    return f"#{record.case_id}" if record.case_id is not None else ""


def scope_rows(layout: Layout, scope: Scope, record: CaseRecord) -> Iterator[list[str]]:
    """The rows of one scope for one case, in the order of `scope.header` (text values)."""
    number = case_number(layout, record)
    if scope.is_case:
        yield [number, record.status, *(record.values.get(f.id, "") for f in scope.fields)]
        return
    for entry in record.entries(scope.group):
        values = entry.values
        yield [number, str(entry.entry_id), *(values.get(f.id, "") for f in scope.fields)]


def long_rows(layout: Layout, record: CaseRecord) -> Iterator[list[str]]:
    """One row per value: case, group, entry, field, value, unit."""
    number = case_number(layout, record)
    for scope in layout.scopes:
        if scope.is_case:
            for f in scope.fields:
                value = record.values.get(f.id, "")
                if value:
                    yield [number, "", "", f.id, value, f.unit]
            continue
        for entry in record.entries(scope.group):
            for f in scope.fields:
                value = entry.values.get(f.id, "")
                if value:
                    yield [number, scope.group, str(entry.entry_id), f.id, value, f.unit]


def cell_value(field: FieldSpec | None, value: str) -> str | int | float | None:
    """A spreadsheet cell: numbers as numbers, text neutralised, empty as no cell."""
    if value == "":
        return None
    if field is not None and field.numeric and not field.qualified:
        try:
            number = number_of(field, value)
        except ArithmeticError:
            number = None
        if number is not None:
            return int(number) if field.type == "integer" and number.is_integer() else number
    return neutralise(value)


def dictionary_rows(spec: Spec, deidentified: bool = False) -> Iterator[list[str]]:
    """The data dictionary, one row per field, like REDCap's: where the field lives, its
    type, unit and limits, its vocabulary with codes and labels, whether it is required
    and whether it identifies the patient."""
    section_of = {f.key: f.section for f in spec.all_fields()}
    for form in spec.forms:
        fields = list(form.fields) + [f for g in form.groups for f in g.fields]
        for f in fields:
            if deidentified and f.phi:
                continue
            choices = ""
            if f.vocabulary:
                vocab = spec.vocabulary(f.vocabulary)
                choices = " | ".join(f"{t.code}, {t.label}" for t in vocab.terms)
                if len(vocab.terms) > LONG_VOCABULARY:
                    choices = (f"{len(vocab.terms)} codes of {vocab.label}: "
                               f"see the sheet '{VOCABULARY_SHEET}'")  # fmt: skip
            yield [
                form.id, section_of[f.key], f.group, f.id, f.label, f.type, f.unit,
                _limit(f.min), _limit(f.max), f.vocabulary, choices,
                "y" if f.required else "", "y" if f.phi else "",
                " ".join(p for p in (dictionary_note(f), f.help) if p),  # rules/findings.py
            ]  # fmt: skip


def vocabulary_rows(spec: Spec, deidentified: bool = False) -> Iterator[list[str]]:
    """Every code and label of the long vocabularies the exported fields use, one a row."""
    fields = [f for f in spec.all_fields() if not (deidentified and f.phi)]
    used = {f.vocabulary for f in fields if f.vocabulary}
    for vocab_id in sorted(used):
        vocab = spec.vocabulary(vocab_id)
        if len(vocab.terms) > LONG_VOCABULARY:
            for term in vocab.terms:
                yield [vocab.id, term.code, term.label, vocab.source]


def _limit(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
