"""What of one case may print, and how each value reads, found through field roles.

The report never names a field: it asks the specification for "the field whose role is
laterality" (Spec.role_field) or for "the groups that have a field with the role modality".
A role the specification does not declare simply leaves its part of the summary out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from desktop_app.deid import Scrubbed, Scrubber, case_scrubber, is_free_text, summary
from desktop_app.record import CASE_SCOPE, CaseRecord, GroupEntry
from desktop_app.report.dates import date_text, parse_or_none, years_between
from desktop_app.rules import as_reported
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.derived import DERIVED_MARK, RULES, derived_beside, with_derived
from desktop_app.rules.other_name import other_name
from desktop_app.rules.values import PartialDate, display
from desktop_app.spec.model import FieldSpec, GroupSpec, Spec


@dataclass
class CaseView:
    """One record as the summary sees it: derived values filled in (an FNCLCC grade from
    its scores), show_if applied, phi only when identified, dates relative to the index
    date unless identified. The record given is not changed."""

    spec: Spec
    record: CaseRecord
    identified: bool = False
    _labels: dict[str, dict[str, str]] = field(default_factory=dict)
    _index: PartialDate | None = None
    _index_known: bool = False
    _beside: dict[int, dict[str, str]] = field(default_factory=dict)
    _derived_only: dict[int, set[str]] = field(default_factory=dict)
    _scrubber: Scrubber | None = None
    _scrubbed: dict[str, Scrubbed] = field(default_factory=dict)
    # Long texts cut short in a table's cell, to print in full after the table: (title, rest)
    continued: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        entered = self.record
        self.record = with_derived(self.spec, entered)
        # A reported value of a derived field prints with the derived one beside it; found
        # once per scope, keyed by the scope's values (text() is given those).
        scopes = [(self.spec.case_fields, entered.values, self.record.values)]
        for group in self.spec.groups:
            if any(f.derived is not None for f in group.fields):
                filled = self.record.entries(group.id)
                for old, new in zip(entered.groups.get(group.id, []), filled, strict=True):
                    scopes.append((group.fields, old.values, new.values))
        for fields, before, after in scopes:
            beside = derived_beside(self.spec, entered, fields, before)
            if beside:
                self._beside[id(after)] = beside
            # A value the source did not give, estimated by a rule: it prints marked.
            worked_out = {f.id for f in fields if f.derived is not None
                          and RULES[f.derived.rule].estimate
                          and after.get(f.id) and not before.get(f.id)}  # fmt: skip
            if worked_out:
                self._derived_only[id(after)] = worked_out

    # ----- fields and roles ------------------------------------------------------------

    def role_field(self, role: str, group: str = "") -> FieldSpec | None:
        return self.spec.role_field(role, group)

    def groups_with(self, *roles: str) -> list[GroupSpec]:
        """The groups that have a field of every one of `roles`, in specification order."""
        return [
            g for g in self.spec.groups
            if all(self.spec.role_field(r, g.id) is not None for r in roles)
        ]  # fmt: skip

    def printable(self, f: FieldSpec, scope: dict[str, str]) -> bool:
        if f.phi and not self.identified:
            return False
        return bool(scope.get(f.id)) and is_shown(f, scope, self.record.values)

    def entries(self, group_id: str) -> list[GroupEntry]:
        return self.record.groups.get(group_id, [])

    # ----- values as they read --------------------------------------------------------

    @property
    def index_date(self) -> PartialDate | None:
        """The index date, whatever its phi marking: only distances from it ever print."""
        if not self._index_known:
            f = self.role_field("index_date")
            self._index = parse_or_none(self.record.values.get(f.id, "")) if f else None
            if self._index is not None and self._index.offset is not None:
                self._index = None
            self._index_known = True
        return self._index

    def text(self, f: FieldSpec | None, scope: dict[str, str], *, unit: bool = True) -> str:
        """The displayed value of `f` in `scope`, or '' when it does not print."""
        if f is None or not self.printable(f, scope):
            return ""
        value = scope[f.id]
        if as_reported.is_token(value):
            return as_reported.label(value)
        named = other_name(self.spec, f, scope, self.record.values)
        if named:  # "Other marker" shows the name typed for it (typed text: de-identified)
            return self.free_text(named)
        beside = self._beside.get(id(scope), {}).get(f.id)
        if beside is not None and beside != value and (unit or not f.numeric):
            # through text_of: a derived date prints as a distance when de-identified
            return f"{self.text_of(f, value)} (derived: {self.text_of(f, beside)})"
        shown = self.text_of(f, value, unit)
        if shown and f.id in self._derived_only.get(id(scope), ()):
            return f"{shown} {DERIVED_MARK}"
        return shown

    def entered_beside_derived(self, scope: dict[str, str], field_id: str) -> bool:
        """Whether `field_id` of `scope` holds a value the registrar entered where a rule
        also derives one (set beside it), even when the two are written alike."""
        return field_id in self._beside.get(id(scope), {})

    def text_of(self, f: FieldSpec, value: str, unit: bool = True) -> str:
        if f.type == "date":
            if not self.identified and parse_or_none(value) is None:
                return self.free_text(value)  # not a date it can place: never as typed
            return date_text(value, self.index_date, relative=not self.identified)
        if is_free_text(f):
            return self.free_text(value)
        if f.numeric and not unit:
            return value
        labels = self.entry_labels(f.ref) if f.type == "ref" else None
        if labels is not None and value not in labels:
            return ""  # an entry since removed: never its internal number
        return display(self.spec, f, value, labels)

    def free_text(self, value: str) -> str:
        """`value` as it may print: de-identified unless the summary is identified."""
        return value if self.identified else self.scrubbed(value).text

    def scrubbed(self, value: str) -> Scrubbed:
        if self._scrubber is None:
            self._scrubber = case_scrubber(self.spec, self.record)
        if value not in self._scrubbed:
            self._scrubbed[value] = self._scrubber(value)
        return self._scrubbed[value]

    def removed(self) -> Counter[str]:
        """What de-identification replaced in the free text that prints, by kind."""
        counts: Counter[str] = Counter()
        if self.identified:
            return counts
        declared = {g.id: g.fields for g in self.spec.groups}
        scopes = [(self.spec.case_fields, self.record.values)] + [
            (declared[g], e.values)
            for g, entries in self.record.groups.items() if g in declared and g != CASE_SCOPE
            for e in entries
        ]  # fmt: skip
        for fields, values in scopes:
            for f in fields:
                if is_free_text(f) and self.printable(f, values):
                    counts += self.scrubbed(values[f.id]).counts()
        return counts

    def deid_note(self) -> str:
        """For the footer: 'de-identified: 3 patient names, 4 dates removed'."""
        if self.identified:
            return ""
        removed = summary(self.removed())
        return "de-identified" + (f": {removed}" if removed else "")

    def role_text(self, role: str) -> str:
        """The displayed value of the case-level field with `role`, or ''."""
        return self.text(self.role_field(role), self.record.values)

    def grade_text(self) -> str:
        """The grade the key facts print: each graded specimen's (the field with the role
        grade that its grading system shows, with the field's label naming the system), or
        the case-level grade when no specimen is graded."""
        found: list[tuple[str, str]] = []
        for group in self.spec.groups:
            graded = [f for f in group.fields if f.role == "grade"]
            for entry in self.entries(group.id) if graded else ():
                for f in graded:
                    text = self.text(f, entry.values)
                    if text:
                        name = self.entry_labels(group.id).get(str(entry.entry_id), "")
                        found.append((f"{f.label}: {text}", name))
        if len(found) == 1:
            return found[0][0]
        if found:
            return "; ".join(f"{grade} ({name})" for grade, name in found)
        return self.role_text("grade")

    def case_text(self, column: str) -> str:
        f = self.spec.summary_field(column)
        return self.text(f, self.record.values) if f is not None else ""

    def entry_labels(self, group_id: str) -> dict[str, str]:
        """How the entries of `group_id` are named where a ref points at them."""
        if group_id not in self._labels:
            group = self.spec.group(group_id)
            named = next((f for f in group.fields if f.id == group.entry_label), None)
            labels: dict[str, str] = {}
            noun = (group.entry_name or group.label).capitalize()
            for number, entry in enumerate(self.entries(group_id), start=1):
                text = ""
                if named is not None and named.type != "ref":
                    text = self.text(named, entry.values)
                # Unnamed, an entry is called by its place in the table ("Lesion 1"), as
                # the registrar sees it, never by its internal id.
                labels[str(entry.entry_id)] = text or f"{noun} {number}"
            self._labels[group_id] = labels
        return self._labels[group_id]

    def age_years(self) -> int | None:
        """The age at the index date: the age field, else worked out from the date of birth
        (which itself never prints unless identified)."""
        age = self.role_field("age")
        if age is not None and self.printable(age, self.record.values):
            try:
                return int(float(self.record.values[age.id]))
            except ValueError:
                return None
        born = self.role_field("date_of_birth")
        if born is None or self.index_date is None:
            return None
        birth = parse_or_none(self.record.values.get(born.id, ""))
        return years_between(birth, self.index_date) if birth else None

    def age_text(self) -> str:
        shown = self.role_text("age")
        years = self.age_years()
        return shown or (f"{years} years" if years is not None else "")

    def identifiers(self) -> list[tuple[str, str]]:
        """Label and value of every filled phi field of the case (identified version only)."""
        if not self.identified:
            return []
        found: list[tuple[str, str]] = []
        for f in self.spec.case_fields:
            if f.phi and self.printable(f, self.record.values):
                value = self.record.values[f.id]
                shown = display(self.spec, f, value)  # the identified version shows real dates
                found.append((f.label, shown))
        return found
