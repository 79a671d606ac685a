"""REDCap: the form specification as REDCap's data dictionary, and cases as its import CSV.

A registry that lives in REDCap uploads the dictionary (Project Setup → Data Dictionary),
turns on "Repeating instruments" for the instruments named below, then imports the cases
(Data Import Tool, CSV, rows = records). Everything here comes from the specification:
  - the case's own fields of each form make one instrument (named by the form's id); each
    repeating group is an instrument of its own, repeating, one instance per entry (the
    instance number is the entry's id, so a `ref` field keeps pointing at the right entry);
  - a field's REDCap name is its id, group fields prefixed with their group's id (REDCap
    names are unique across a project, ours only within a group);
  - choice codes that REDCap cannot hold ("8500/2", "C50.1") become safe codes ("8500_2",
    "c50_1"); the label keeps the original code in front, so nothing is lost to a reader.

Values we keep "as reported" that REDCap's types would refuse (a partial date "2015-05",
an offset "+6m", a qualified number "~70") are exported into text fields: dates and
qualified numbers are REDCap text fields with a note, never date or number validation.
"Not stated" and "unknown" become REDCap's missing data codes NI and UNK (the project
turns them on); a finding marked absent ("!code") is an unticked box, as REDCap's tick
boxes hold only ticked or not.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.exchange.layout import case_number, layout_of, neutralise
from desktop_app.exchange.writers import replacing
from desktop_app.record import CASE_SCOPE, CaseRecord
from desktop_app.rules import as_reported
from desktop_app.spec.model import FieldSpec, Spec, Vocabulary

# REDCap's data dictionary columns, in its order (REDCap 10–15 "Data Dictionary" CSV).
DICTIONARY_COLUMNS = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
RECORD_ID = "record_id"
REPEAT_INSTRUMENT = "redcap_repeat_instrument"
REPEAT_INSTANCE = "redcap_repeat_instance"
_SAFE = re.compile(r"[^a-z0-9_]+")
# "Not stated in the source" and "unknown" (rules/as_reported.py) as REDCap's standard
# missing data codes, to be turned on in the project with these labels.
MISSING_DATA_CODES = {
    as_reported.NOT_STATED: ("NI", "No information (not stated in the source)"),
    as_reported.UNKNOWN: ("UNK", "Unknown"),
}
REDCAP_ENCODING = "utf-8"  # no byte-order mark: older REDCap reads it into the first name
DATE_NOTE = "date as reported: YYYY-MM-DD, YYYY-MM, YYYY or an offset from the index date (+6m)"
QUALIFIED_NOTE = "a number as reported: 70, ~70, <50, >=15 or a range 10-15"


def safe_code(code: str) -> str:
    """A choice code REDCap accepts (letters, digits, underscores; lower case)."""
    return _SAFE.sub("_", code.lower()).strip("_") or "_"


def code_map(vocabulary: Vocabulary) -> dict[str, str]:
    """Our code → REDCap's, unique within the vocabulary (a clash gets a number)."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for term in vocabulary.terms:
        base = safe_code(term.code)
        code, n = base, 2
        while code in taken:
            code, n = f"{base}_{n}", n + 1
        taken.add(code)
        mapping[term.code] = code
    return mapping


@dataclass(frozen=True)
class Variable:
    """One field as REDCap knows it."""

    name: str
    instrument: str
    field: FieldSpec


def instrument_of(spec: Spec, field: FieldSpec) -> str:
    """A group's own instrument, else its form's (named "<form>_form" where a group has the
    form's id, as the treatment form's treatment group does)."""
    if field.group:
        return field.group
    form = next(form.id for form in spec.forms if field in form.fields)
    return f"{form}_form" if form in {g.id for g in spec.groups} else form


def variable_name(field: FieldSpec) -> str:
    return f"{field.group}_{field.id}" if field.group else field.id


def variables(spec: Spec, deidentified: bool = False) -> list[Variable]:
    """Every exported field in the order of the forms (case fields, then each group's)."""
    number_field = spec.summary_field("case_number")
    found = []
    for form in spec.forms:
        for field in list(form.fields) + [f for g in form.groups for f in g.fields]:
            if field is number_field or (deidentified and field.phi):
                continue
            found.append(Variable(variable_name(field), instrument_of(spec, field), field))
    return found


def repeating_instruments(spec: Spec) -> list[str]:
    return [group.id for group in spec.groups]


def _field_type(field: FieldSpec) -> tuple[str, str]:
    """REDCap's field type and text validation for one of ours."""
    if field.derived is not None:
        return "text", ""
    if field.type == "longtext":
        return "notes", ""
    if field.type == "choice":
        return "dropdown", ""
    if field.type == "multichoice":
        return "checkbox", ""
    if field.type == "boolean":
        return "yesno", ""
    if field.type == "ref":
        return "text", "integer"
    if field.type in ("integer", "decimal") and not field.qualified:
        return "text", "integer" if field.type == "integer" else "number"
    return "text", ""


def _choices(spec: Spec, field: FieldSpec) -> str:
    if not field.vocabulary:
        return ""
    vocabulary = spec.vocabulary(field.vocabulary)
    codes = code_map(vocabulary)
    return " | ".join(
        f"{codes[t.code]}, {vocabulary.display(t).replace('|', '/')}" for t in vocabulary.terms
    )


def branching_logic(spec: Spec, field: FieldSpec) -> str:
    """`show_if` in REDCap's branching-logic syntax."""
    condition = field.show_if
    if condition is None:
        return ""
    try:
        other = spec.field(field.group, condition.field)
    except KeyError:
        other = spec.field(CASE_SCOPE, condition.field)
    name = variable_name(other)
    if condition.filled is not None:
        return f"[{name}] <> ''" if condition.filled else f"[{name}] = ''"
    wanted = [condition.equals] if condition.equals is not None else list(condition.in_ or ())
    codes = code_map(spec.vocabulary(other.vocabulary)) if other.vocabulary else {}
    if other.type == "multichoice":
        parts = [f"[{name}({codes.get(c, safe_code(c))})] = '1'" for c in wanted]
    elif other.type == "boolean":
        parts = [f"[{name}] = '{1 if c == 'true' else 0}'" for c in wanted]
    else:
        parts = [f"[{name}] = '{codes.get(c, c)}'" for c in wanted]
    return " or ".join(parts)


def _note(field: FieldSpec) -> str:
    parts = []
    if field.unit:
        parts.append(f"unit: {field.unit}")
    if field.type == "date":
        parts.append(DATE_NOTE)
    if field.qualified:
        parts.append(QUALIFIED_NOTE)
    if field.type == "ref":
        parts.append(f"the instance number of a '{field.ref}' entry")
    if field.derived is not None:
        parts.append(f"derived by the rule '{field.derived.rule}'")
    if field.help:
        parts.append(field.help)
    return "; ".join(parts)


def _limit(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def dictionary_rows(spec: Spec, deidentified: bool = False) -> Iterator[list[str]]:
    """REDCap's data dictionary: the record id first, then one row per field."""
    first_form = spec.forms[0].id
    number_field = spec.summary_field("case_number")
    yield [RECORD_ID, first_form, "", "text",
           number_field.label if number_field else "Case number",
           "", "", "", "", "", "", "", "", "", "", "", "", ""]  # fmt: skip
    section: dict[str, str] = {}
    for variable in variables(spec, deidentified):
        field = variable.field
        header = ""
        if field.section and section.get(variable.instrument) != field.section:
            header = field.section
        section[variable.instrument] = field.section
        kind, validation = _field_type(field)
        numeric = validation in ("integer", "number") and field.type != "ref"
        label = f"{field.label} ({field.unit})" if field.unit else field.label
        yield [
            variable.name, variable.instrument, header, kind, label, _choices(spec, field),
            _note(field), validation,
            _limit(field.min) if numeric else "", _limit(field.max) if numeric else "",
            "y" if field.phi else "", branching_logic(spec, field),
            "y" if field.required else "", "", "", "", "",
            "@READONLY" if field.derived is not None else "",
        ]  # fmt: skip


def write_dictionary(spec: Spec, path: Path, deidentified: bool = False) -> int:
    """Write the data dictionary CSV; returns the number of fields (the record id too)."""
    count = 0
    with replacing(path, encoding=REDCAP_ENCODING) as handle:
        writer = csv.writer(handle)
        writer.writerow(DICTIONARY_COLUMNS)
        for row in dictionary_rows(spec, deidentified):
            writer.writerow(row)
            count += 1
    return count


def data_columns(spec: Spec, deidentified: bool = False) -> list[str]:
    """The import CSV's header: record id, the repeat columns, then each variable (a
    checkbox field gives one column per choice, name___code)."""
    columns = [RECORD_ID, REPEAT_INSTRUMENT, REPEAT_INSTANCE]
    for variable in variables(spec, deidentified):
        field = variable.field
        if field.type == "multichoice" and field.derived is None:
            codes = code_map(spec.vocabulary(field.vocabulary))
            columns.extend(f"{variable.name}___{codes[t.code]}"
                           for t in spec.vocabulary(field.vocabulary).terms)  # fmt: skip
        else:
            columns.append(variable.name)
    return columns


def _cells(spec: Spec, variable: Variable, value: str) -> dict[str, str]:
    """The import cells of one stored value."""
    field = variable.field
    if as_reported.is_token(value):
        # REDCap's missing data codes (Project Setup → Additional customizations): a coded
        # or numeric field takes them where it would refuse our token. A set of tick
        # boxes has no cell for them: left empty.
        if field.type == "multichoice" and field.derived is None:
            return {}
        return {variable.name: MISSING_DATA_CODES[value][0]}
    if field.derived is not None:
        return {variable.name: neutralise(value)}
    if field.type == "multichoice":
        codes = code_map(spec.vocabulary(field.vocabulary))
        chosen = set(value.split("|")) if value else set()
        return {f"{variable.name}___{code}": ("1" if ours in chosen else "0") if value else ""
                for ours, code in codes.items()}  # fmt: skip
    if not value:
        return {}
    if field.type == "choice":
        return {variable.name: code_map(spec.vocabulary(field.vocabulary)).get(value, value)}
    if field.type == "boolean":
        return {variable.name: {"true": "1", "false": "0"}.get(value, value)}
    return {variable.name: neutralise(value)}


def data_rows(
    spec: Spec, records: Iterable[CaseRecord], deidentified: bool = False
) -> Iterator[dict[str, str]]:
    """One row per case for its non-repeating instruments, then one per group entry."""
    layout = layout_of(spec, deidentified)
    by_group: dict[str, list[Variable]] = {}
    for variable in variables(spec, deidentified):
        by_group.setdefault(variable.field.group, []).append(variable)
    for record in records:
        number = case_number(layout, record)
        row = {RECORD_ID: number}
        for variable in by_group.get(CASE_SCOPE, []):
            row.update(_cells(spec, variable, record.values.get(variable.field.id, "")))
        yield row
        for group in spec.groups:
            for entry in record.entries(group.id):
                row = {RECORD_ID: number, REPEAT_INSTRUMENT: group.id,
                       REPEAT_INSTANCE: str(entry.entry_id)}  # fmt: skip
                for variable in by_group.get(group.id, []):
                    row.update(_cells(spec, variable, entry.values.get(variable.field.id, "")))
                yield row


def write_data(
    spec: Spec, records: Iterable[CaseRecord], path: Path, deidentified: bool = False
) -> int:
    """Write REDCap's import CSV (rows = records); returns the number of cases."""
    columns = data_columns(spec, deidentified)
    cases = 0
    with replacing(path, encoding=REDCAP_ENCODING) as handle:
        writer = csv.DictWriter(handle, columns, restval="", extrasaction="raise")
        writer.writeheader()
        for row in data_rows(spec, records, deidentified):
            cases += not row.get(REPEAT_INSTRUMENT)
            writer.writerow(row)
    return cases
