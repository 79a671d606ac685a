"""The form specification as frozen plain data: forms (tabs), fields, groups, vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from desktop_app.spec.rule import RuleSpec

FIELD_TYPES = (
    "text",
    "longtext",
    "integer",
    "decimal",
    "date",
    "choice",
    "multichoice",
    "boolean",
    "ref",
)
FieldType = Literal[
    "text", "longtext", "integer", "decimal", "date", "choice", "multichoice", "boolean", "ref"
]

# Columns of the case list that a field can feed (the `summary` key of a field).
SUMMARY_COLUMNS = ("case_number", "title", "age", "sex", "site", "diagnosis", "icdo3")

# What a field means to the parts that reason about a case (the tumour-board summary, the
# timeline, the rules): the `role` key of a field. Code asks the specification for "the
# field whose role is laterality", never for a field id. A role may be declared on one
# case-level field, or on one field per group (event_date, for instance, on each group
# whose entries are dated events).
ROLES = (
    "institution", "board_question", "index_date", "index_date_kind", "date_of_birth",
    "age", "sex", "primary_site", "laterality", "diagnosis", "grade", "metastatic_sites",
    "presenting_complaint", "symptom", "symptom_duration", "symptom_duration_unit",
    "differential_diagnosis", "current_status", "date_of_death",
    "event_date", "event_end_date", "event_kind", "modality", "lesion", "size",
    "birads", "marker", "marker_result", "marker_percent", "specimen",
    "treatment_modality", "treatment_intent", "followup_status",
    # appended with the clinical forms (issue 3)
    "title", "keywords", "registrar", "lesion_label", "site", "lesion_role", "procedure",
    "specimen_diagnosis", "margin_status", "findings", "impression", "ki67",
    "mitotic_count", "who_grade", "performance_status", "comorbidities",
    "oncological_history", "family_history", "immune_status", "clinical_diagnosis",
    "diagnostic_delay", "treatment_agent", "treatment_response", "followup_method",
    "time_to_last_contact", "time_to_recurrence", "time_to_death", "marker_other",
    "record_number",  # the hospital's record number: with it, the duplicate check (issue 6)
    # issue 11: a field with role "<r>_other" names the value of the field with role <r>
    # when that value is "other" (rules/other_name.py)
    "molecular_target", "molecular_target_other",
)  # fmt: skip


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    definition: str = ""
    synonyms: tuple[str, ...] = ()  # other names search finds the term by (ICD-O synonyms)
    show_if: Condition | None = None  # offered only where this holds (4A: not on MRI)
    singular: str = ""  # the label for one ("month" for "months"), where a sentence counts

    def label_for(self, amount: str) -> str:
        """The label after an amount: "1 month", "2 months" (the singular when one is given)."""
        return self.singular if amount == "1" and self.singular else self.label


@dataclass(frozen=True)
class RetiredTerm:
    """A code of an older edition, no longer offered: kept and reported where found."""

    code: str
    label: str
    edition: str
    successor: str = ""  # the current code with the same term, when there is one


@dataclass(frozen=True)
class Vocabulary:
    id: str
    label: str
    source: str
    terms: tuple[Term, ...]
    file: str = ""
    show_codes: bool = False  # registrars know these codes (ICD-O-3): show "code — label"
    retired: tuple[RetiredTerm, ...] = ()

    def display(self, term: Term) -> str:
        return f"{term.code} — {term.label}" if self.show_codes else term.label

    @cached_property
    def by_code(self) -> dict[str, Term]:
        """Built on first use: a long vocabulary (ICD-O-3.2) is looked up, never scanned."""
        return {term.code: term for term in self.terms}

    def term(self, code: str) -> Term | None:
        return self.by_code.get(code)

    def retired_term(self, code: str) -> RetiredTerm | None:
        return next((r for r in self.retired if r.code == code), None)

    def label_of(self, code: str) -> str:
        term = self.term(code)
        return term.label if term else code


@dataclass(frozen=True)
class Condition:
    """A structured `show_if`: the field is shown when `field`'s value meets the test.

    Exactly one of `equals`, `in_`, `filled` is set. Multichoice values meet `equals`/`in_`
    when any selected code does.
    """

    field: str
    equals: str | None = None
    in_: tuple[str, ...] | None = None
    filled: bool | None = None


@dataclass(frozen=True)
class Derivation:
    """`derived = { rule = "...", from = [...], codes = [...] }`: the value is computed by a
    rule of rules.derived from the named inputs (fields of the same scope or of the case,
    or "group.field" for every entry of a group), with optional codes the rule looks for."""

    rule: str
    inputs: tuple[str, ...]
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldSpec:
    id: str
    label: str
    type: FieldType
    group: str = ""  # "" for a field of the case itself, else the id of its group
    section: str = ""
    unit: str = ""
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    vocabulary: str = ""
    ref: str = ""  # for type "ref": the id of the group whose entries it points to
    required: bool = False
    phi: bool = False
    help: str = ""
    show_if: Condition | None = None
    summary: str = ""  # a case-list column this field feeds, one of SUMMARY_COLUMNS
    role: str = ""  # what the field means to reports and rules, one of ROLES
    qualified: bool = False  # a number may read "~70", "<50", ">=15" or "10-15"
    derived: Derivation | None = None  # computed by a rule, shown beside what was entered
    range: bool = False  # a choice may hold a range of categories, "4..5" (rules.category_range)
    inherit: str = ""  # a case field whose value this entry field takes unless changed
    # Pertinent negatives (rules/findings.py): a multichoice whose codes may each be marked
    # present or absent ("!code"), or a boolean read as present / absent; `absent_words`
    # lead the negatives where they print ("No family history of" …; default "No").
    findings: bool = False
    absent_words: str = ""
    # Words a qualified number may be typed as ("adult", "in her fifties"): a vocabulary
    # whose codes are the ranges they stand for (rules/approximate.py).
    words: str = ""
    file: str = ""
    line: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.group, self.id)

    @property
    def numeric(self) -> bool:
        return self.type in ("integer", "decimal")


@dataclass(frozen=True)
class GroupSpec:
    """A repeating group: one entry per imaging study, per specimen, per treatment ..."""

    id: str
    label: str
    fields: tuple[FieldSpec, ...]
    form: str
    entry_label: str = ""  # the field whose value names an entry (for refs and tables)
    entry_name: str = ""  # what one entry is called: "imaging study" ("Add imaging study")
    columns: tuple[str, ...] = ()  # fields shown in the entries table; default: the first few
    help: str = ""
    file: str = ""
    line: int | None = None

    def field(self, field_id: str) -> FieldSpec:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(f"{self.id}.{field_id}")

    @property
    def table_columns(self) -> tuple[FieldSpec, ...]:
        if self.columns:
            return tuple(self.field(c) for c in self.columns)
        shown = [f for f in self.fields if f.type != "longtext"]
        return tuple(shown[:5])


@dataclass(frozen=True)
class FormSpec:
    """A tab of the case: its own fields, then its repeating groups."""

    id: str
    label: str
    order: int
    fields: tuple[FieldSpec, ...]
    groups: tuple[GroupSpec, ...]
    file: str = ""
    rules: tuple[RuleSpec, ...] = ()  # cross-field rules declared in this form's file


@dataclass(frozen=True)
class ChecklistItem:
    """One item of a reporting checklist: covered when every reference in `all_of` is filled
    and, if `any_of` is given, at least one of those is. A reference is a field of the case,
    a group ("at least one entry") or "group.field" (filled in at least one entry)."""

    number: int
    name: str
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    help: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Checklist:
    """A reporting checklist over the forms (CARE for case reports), from forms/*.toml."""

    id: str
    label: str
    source: str
    items: tuple[ChecklistItem, ...]
    file: str = ""


@dataclass(frozen=True)
class Spec:
    forms: tuple[FormSpec, ...]
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)
    version: str = ""
    checklists: tuple[Checklist, ...] = ()

    # Built on first use and kept (the spec is frozen): the report, the rules and the window
    # look these up thousands of times a case (issue 13).
    @cached_property
    def rules(self) -> tuple[RuleSpec, ...]:
        return tuple(r for form in self.forms for r in form.rules)

    @cached_property
    def case_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for form in self.forms for f in form.fields)

    @cached_property
    def groups(self) -> tuple[GroupSpec, ...]:
        return tuple(g for form in self.forms for g in form.groups)

    @cached_property
    def _group_by_id(self) -> dict[str, GroupSpec]:
        found: dict[str, GroupSpec] = {}
        for g in self.groups:
            found.setdefault(g.id, g)  # the first of a (rejected) duplicate id, as before
        return found

    @cached_property
    def _role_fields(self) -> dict[tuple[str, str], FieldSpec | None]:
        return {}

    def group(self, group_id: str) -> GroupSpec:
        found = self._group_by_id.get(group_id)
        if found is None:
            raise KeyError(group_id)
        return found

    def field(self, group_id: str, field_id: str) -> FieldSpec:
        if group_id:
            return self.group(group_id).field(field_id)
        for f in self.case_fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def all_fields(self) -> tuple[FieldSpec, ...]:
        return self.case_fields + tuple(f for g in self.groups for f in g.fields)

    def role_field(self, role: str, group: str = "") -> FieldSpec | None:
        """The field with `role` among the case's fields (group "") or one group's."""
        known = self._role_fields
        if (role, group) not in known:
            fields = self.case_fields if not group else self.group(group).fields
            known[(role, group)] = next((f for f in fields if f.role == role), None)
        return known[(role, group)]

    def any_role_field(self, role: str) -> FieldSpec | None:
        """The first field with `role` in any group (a BI-RADS category, wherever the
        forms put it)."""
        return next((f for g in self.groups for f in g.fields if f.role == role), None)

    def summary_field(self, column: str) -> FieldSpec | None:
        for f in self.case_fields:
            if f.summary == column:
                return f
        return None

    def vocabulary(self, vocabulary_id: str) -> Vocabulary:
        return self.vocabularies[vocabulary_id]


def laid_out(fields: tuple[FieldSpec, ...]) -> list[FieldSpec]:
    """The fields in the order they are shown: each section's box where its first field
    is, holding all of that section's fields; the fields of no section together where the
    first of them is."""
    first: dict[str, int] = {}
    for index, spec_field in enumerate(fields):
        first.setdefault(spec_field.section, index)
    return sorted(fields, key=lambda f: first[f.section])
