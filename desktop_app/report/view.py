"""What of one case may print, and how each value reads, found through field roles.

The report never names a field: it asks the specification for "the field whose role is
laterality" (Spec.role_field) or for "the groups that have a field with the role modality".
A role the specification does not declare simply leaves its part of the summary out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.record import CaseRecord, GroupEntry
from desktop_app.report.dates import date_text, parse_or_none, years_between
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.derived import with_derived
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

    def __post_init__(self) -> None:
        self.record = with_derived(self.spec, self.record)

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
        if f.type == "date":
            return date_text(value, self.index_date, relative=not self.identified)
        if f.numeric and not unit:
            return value
        labels = self.entry_labels(f.ref) if f.type == "ref" else None
        return other_name(self.spec, f, scope, self.record.values) or display(
            self.spec, f, value, labels
        )

    def role_text(self, role: str) -> str:
        """The displayed value of the case-level field with `role`, or ''."""
        return self.text(self.role_field(role), self.record.values)

    def case_text(self, column: str) -> str:
        f = self.spec.summary_field(column)
        return self.text(f, self.record.values) if f is not None else ""

    def entry_labels(self, group_id: str) -> dict[str, str]:
        """How the entries of `group_id` are named where a ref points at them."""
        if group_id not in self._labels:
            group = self.spec.group(group_id)
            named = next((f for f in group.fields if f.id == group.entry_label), None)
            labels: dict[str, str] = {}
            for entry in self.entries(group_id):
                text = ""
                if named is not None and named.type != "ref":
                    text = self.text(named, entry.values)
                labels[str(entry.entry_id)] = text or f"#{entry.entry_id}"
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
