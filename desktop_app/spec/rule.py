"""Cross-field validation rules, declared in forms/*.toml next to the fields they concern.

    [[rule]]
    kind = "date_order"          # each date no later than the next one in the list
    fields = ["date_of_birth", "index_date", "treatment.start_date", "date_of_death"]
    severity = "warning"         # or "error": the case is not saved until it is corrected
    message = "{earlier} is after {later}"

    [[rule]]
    kind = "requires"            # when a condition holds, another field must hold a value
    when = { field = "followup_visit.status", in = ["dod", "doc"] }
    then = { field = "date_of_death", filled = true }
    message = "A death is recorded at follow-up, but no date of death"

A field is named by its id, or "group.field" for a field of a repeating group (the rule then
looks at every entry). Every rule carries its own message, shown beside the field and in
the case's list of problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RULE_KINDS = ("date_order", "requires")


@dataclass(frozen=True)
class FieldRef:
    group: str
    field: str

    @classmethod
    def parse(cls, text: str) -> FieldRef:
        group, _, field = text.rpartition(".")
        return cls(group, field)

    def __str__(self) -> str:
        return f"{self.group}.{self.field}" if self.group else self.field


@dataclass(frozen=True)
class FieldTest:
    """A test on the values of one field: equals / in / filled / ends_with."""

    ref: FieldRef
    equals: str | None = None
    in_: tuple[str, ...] | None = None
    filled: bool | None = None
    ends_with: str | None = None


@dataclass(frozen=True)
class RuleSpec:
    kind: Literal["date_order", "requires"]
    message: str
    severity: Literal["error", "warning"] = "warning"
    fields: tuple[FieldRef, ...] = ()
    when: FieldTest | None = None
    then: FieldTest | None = None
    file: str = ""
    line: int | None = None
