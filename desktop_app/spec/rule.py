"""Cross-field validation rules, declared in forms/*.toml next to the fields they concern.

    [[rule]]
    kind = "date_order"          # each date no later than the next one in the list
    fields = ["date_of_birth", "index_date", "treatment.start_date", "date_of_death"]
    severity = "warning"         # or "error": the case is not saved until it is corrected
    message = "{earlier} is after {later}"

    [[rule]]
    kind = "number_order"        # each number no larger than the next (in one entry)
    fields = ["specimen.nodes_positive", "specimen.nodes_examined"]
    message = "{later} is smaller than {earlier}"

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

RULE_KINDS = ("date_order", "requires", "number_order")


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
    kind: Literal["date_order", "requires", "number_order"]
    message: str
    severity: Literal["error", "warning"] = "warning"
    fields: tuple[FieldRef, ...] = ()
    when: FieldTest | None = None
    then: FieldTest | None = None
    file: str = ""
    line: int | None = None


RULE_KEYS = {"kind", "message", "severity", "fields", "when", "then"}
TEST_KEYS = {"field", "equals", "in", "filled", "ends_with"}


def _parse_test(raw: object) -> FieldTest | str:
    if not isinstance(raw, dict) or not isinstance(raw.get("field"), str):
        return "needs { field = ..., equals | in | filled | ends_with = ... }"
    if set(raw) - TEST_KEYS or len(set(raw) & (TEST_KEYS - {"field"})) != 1:
        return "needs exactly one of equals, in, filled, ends_with beside field"
    ref = FieldRef.parse(raw["field"])
    if "in" in raw:
        if not isinstance(raw["in"], list):
            return "has an 'in' that is not a list"
        return FieldTest(ref, in_=tuple(str(v) for v in raw["in"]))
    if "filled" in raw:
        if not isinstance(raw["filled"], bool):
            return "has a 'filled' that is not true or false"
        return FieldTest(ref, filled=raw["filled"])
    if "ends_with" in raw:
        return FieldTest(ref, ends_with=str(raw["ends_with"]))
    return FieldTest(ref, equals=str(raw["equals"]))


def parse_rule(raw: dict[str, object], file: str, line: int | None) -> RuleSpec | str:
    """A rule from its TOML table, or what is wrong with it."""
    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        return f"has an unknown key '{unknown[0]}'"
    kind, message = raw.get("kind"), raw.get("message")
    severity = raw.get("severity", "warning")
    if kind not in RULE_KINDS:
        return f"has kind {kind!r}; expected one of {', '.join(RULE_KINDS)}"
    if not isinstance(message, str) or not message:
        return "has no message"
    if severity not in ("warning", "error"):
        return f"has severity {severity!r}; expected warning or error"
    if kind in ("date_order", "number_order"):
        fields = raw.get("fields")
        if not isinstance(fields, list) or len(fields) < 2:
            return f"({kind}) needs a list of at least two fields"
        refs = tuple(FieldRef.parse(str(f)) for f in fields)
        order: Literal["date_order", "number_order"] = (
            "date_order" if kind == "date_order" else "number_order"
        )
        return RuleSpec(order, message, severity, refs, file=file, line=line)
    when, then = _parse_test(raw.get("when")), _parse_test(raw.get("then"))
    for name, test in (("when", when), ("then", then)):
        if isinstance(test, str):
            return f"(requires) {name} {test}"
    assert isinstance(when, FieldTest) and isinstance(then, FieldTest)
    return RuleSpec("requires", message, severity, when=when, then=then, file=file, line=line)
