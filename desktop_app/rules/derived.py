"""Derived values: computed by named rules from the inputs a field's `derived` key names.

    derived = { rule = "fnclcc_grade", from = ["differentiation_score", "mitotic_score",
                                               "necrosis_score"] }

An input is a field of the same scope (the entry, or the case), a field of the case, or
"group.field" for that field of every entry of a group (in entry order). No field id is
spelt out here: rules see values only.

The record holds what the registrar entered; derived values are computed, never stored as
entered. A derived field is computed when it holds no entered value and its rule can give
one; otherwise it may be entered by hand (a report that gives the grade but not the scores).
So a pair of conversions (kPa ↔ m/s) derives whichever side was not entered.

Reported beats derived: a value the source gives is never replaced. When both sides are
entered (a report's own 4.22 m/s and 54 kPa), both are kept; `derived_beside` gives the
derived value to show beside the reported one, and `disagreements` warns when they differ
beyond the rounding of what was written (rules.agreement). "Not stated" and "unknown"
(rules.as_reported) are no input to any rule.
`with_derived` gives a copy of a record with every derived value filled in, for reports,
exports and anything else that reads a case.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.record import CaseRecord, GroupEntry
from desktop_app.rules.agreement import agrees
from desktop_app.rules.as_reported import is_token
from desktop_app.rules.course import (
    last_status,
    months_since_index,
    months_to_first,
    months_to_last,
    plain_number,
    vital_status_rule,
)
from desktop_app.rules.grading import nottingham_grade
from desktop_app.rules.inherit import inherited
from desktop_app.rules.qualified import (
    Qualified,
    QualifiedRefused,
    canonical_qualified,
    parse_qualified,
)
from desktop_app.rules.relative_dates import REF_MARK, date_after_event, date_agrees, referenced
from desktop_app.rules.relative_dates import RULE as RELATIVE_RULE
from desktop_app.rules.time_order import WorkedOut
from desktop_app.spec.model import FieldSpec, Spec

Arg = str | list[str]  # one value, or one value per entry of a group
Memo = dict[tuple[str, int | None], dict[str, str]]  # (group, entry id) → its derived values
DENSITY = 1000  # kg/m³, soft tissue, for shear-wave elastography: E = 3ρv²
DERIVED_MARK = "(derived)"  # beside an estimate standing in for a reported value (below)


@dataclass(frozen=True)
class Rule:
    name: str
    description: str  # shown beside a derived value: how it was computed
    compute: Callable[[Sequence[Arg], tuple[str, ...]], str | None]
    inputs: int  # how many inputs the rule takes
    group_inputs: tuple[int, ...] = ()  # positions that take a "group.field" (a list)
    optional: tuple[int, ...] = ()  # positions that may be empty (the index date)
    # Whether a reported value agrees with the inputs, where "the same or within the
    # rounding of a number" is not the test (a date within a time's rounding).
    agree: Callable[[str, Sequence[Arg], tuple[str, ...]], bool] | None = None
    # Whether what it gives is an estimate of a fact the source left out (a date about two
    # months after surgery), not a computation its values settle (a grade from its scores):
    # an estimate prints marked as derived wherever it stands in for a reported value.
    estimate: bool = False


# --- helpers ------------------------------------------------------------------------------------


def _qualified(value: Arg) -> Qualified | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_qualified(value)
    except QualifiedRefused:
        return None


def _score(value: Arg, thresholds: Sequence[tuple[Decimal, str]], integer: bool) -> str | None:
    """The score whose band holds the value: thresholds are (lowest value, score), rising.
    A qualified value scores only when every value it allows falls in one band."""
    q = _qualified(value)
    if q is None or q.qualifier == "~":
        return None
    low, high, low_in, high_in = q.bounds()
    step = Decimal(1) if integer else Decimal("1e-9")
    lowest = Decimal(0) if low is None else (low if low_in else low + step)
    highest = None if high is None else (high if high_in else high - step)

    def band(x: Decimal) -> str:
        return [s for t, s in thresholds if x >= t][-1]

    if highest is not None and highest < lowest:
        return None  # "<0": no value is allowed, so no band holds it
    if lowest < thresholds[0][0]:
        return None  # a negative count is below every band (and was an IndexError)
    if highest is None:
        top = band(Decimal(10) ** 9)
        return band(lowest) if band(lowest) == top else None
    return band(lowest) if band(lowest) == band(highest) else None


# --- FNCLCC grading (Trojani 1984, Guillou 1997) -----------------------------------------------


def fnclcc_grade(args: Sequence[Arg], _codes: tuple[str, ...]) -> str | None:
    try:
        total = sum(int(str(a)) for a in args)
    except ValueError:
        return None
    if not 2 <= total <= 8:
        return None
    return "1" if total <= 3 else "2" if total <= 5 else "3"


def fnclcc_mitotic_score(args: Sequence[Arg], _codes: tuple[str, ...]) -> str | None:
    bands = ((Decimal(0), "1"), (Decimal(10), "2"), (Decimal(20), "3"))
    return _score(args[0], bands, integer=True)


def fnclcc_necrosis_score(args: Sequence[Arg], _codes: tuple[str, ...]) -> str | None:
    bands = ((Decimal(0), "0"), (Decimal("1e-9"), "1"), (Decimal(50), "2"))
    return _score(args[0], bands, integer=False)


# --- shear-wave elastography: E = 3ρv² ---------------------------------------------------------


def kpa_from_velocity(args: Sequence[Arg], _codes: tuple[str, ...]) -> str | None:
    q = _qualified(args[0])
    if q is None or q.value < 0:
        return None
    converted = q.map(lambda v: Decimal(3 * DENSITY) * v * v / 1000)
    return canonical_qualified(_rounded(converted, 1))


def velocity_from_kpa(args: Sequence[Arg], _codes: tuple[str, ...]) -> str | None:
    q = _qualified(args[0])
    if q is None or q.value < 0:
        return None
    converted = q.map(lambda e: Decimal(math.sqrt(float(e) * 1000 / (3 * DENSITY))))
    return canonical_qualified(_rounded(converted, 2))


def _rounded(q: Qualified, places: int) -> Qualified:
    def fix(x: Decimal) -> Decimal:
        return Decimal(plain_number(x, places))

    return Qualified(q.qualifier, fix(q.value), fix(q.high) if q.high is not None else None)


# Raise by one whenever a rule computes differently: databases then compute their stored
# derived values again on opening (store/derived_cache.py).
RULES_REVISION = 3  # 3: case rules see entries' derived dates (rules.time_order)

RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule("fnclcc_grade", "FNCLCC grade: total score 2–3 → 1, 4–5 → 2, 6–8 → 3",
             fnclcc_grade, 3),
        Rule("fnclcc_mitotic_score", "FNCLCC mitotic score: 0–9 per 10 HPF → 1, 10–19 → 2, "
             "≥ 20 → 3", fnclcc_mitotic_score, 1),
        Rule("fnclcc_necrosis_score", "FNCLCC necrosis score: none → 0, < 50 % → 1, ≥ 50 % → 2",
             fnclcc_necrosis_score, 1),
        Rule("swe_kpa_from_velocity", "E = 3ρv², ρ = 1000 kg/m³ (kPa from m/s)",
             kpa_from_velocity, 1),
        Rule("swe_velocity_from_kpa", "v = √(E / 3ρ), ρ = 1000 kg/m³ (m/s from kPa)",
             velocity_from_kpa, 1),
        Rule("months_since_index", "months from the index date to the date",
             months_since_index, 2, (), (0,)),
        Rule("months_to_last", "months from the index date to the latest dated entry (a "
             "derived date counts unless a reported one may be the same day), the date of last "
             "contact or the date of death", months_to_last, 4, (1,), (0, 2, 3)),
        Rule("months_to_first", "months from the index date to the first entry with the status",
             months_to_first, 3, (1, 2), (0,)),
        Rule("last_status", "the status of the latest dated entry (an undated one only when "
             "none is dated); a date of death makes it a death", last_status, 4, (1, 2), (0, 3)),
        Rule("vital_status", "dead when a date of death is entered or a visit records a death",
             vital_status_rule, 2, (1,), (0,)),
        Rule(RELATIVE_RULE, "the event's date plus the time after it, about, written no "
             "finer than either", date_after_event, 4, (), (3,), agree=date_agrees, estimate=True),
        Rule("nottingham_grade", "Nottingham grade: tubules + pleomorphism + mitoses, total "
             "3–5 → 1, 6–7 → 2, 8–9 → 3", nottingham_grade, 3),
    )
}  # fmt: skip


# --- applying the rules to a record -------------------------------------------------------------


def _argument(
    record: CaseRecord, name: str, scope: dict[str, str], own: set[str], case: dict[str, str],
    refs: dict[str, str] | None = None, spec: Spec | None = None, memo: Memo | None = None,
) -> Arg:  # fmt: skip
    if REF_MARK in name:  # "ref->field": that field of the entry the ref points at
        ref, field_id = name.split(REF_MARK, 1)
        group = (refs or {}).get(ref, "")
        entries = [(e.entry_id, e.values) for e in record.entries(group)]
        return _input(referenced(entries, scope.get(ref, ""), field_id))
    if "." in name:
        group, field_id = name.split(".", 1)
        return [_entry_input(spec, record, group, e, field_id, memo)
                for e in record.entries(group)]  # fmt: skip
    return _input(scope.get(name, "") if name in own else case.get(name, ""))


def _entry_input(
    spec: Spec | None, record: CaseRecord, group: str, entry: GroupEntry, field_id: str,
    memo: Memo | None,
) -> str:  # fmt: skip
    """What a rule reading "group.field" sees of one entry: its entered value, or, when it
    holds none and the field is derived, the value the entry's own rule gives (marked as
    worked out: rules.time_order weighs it below a reported one). So a case-level rule sees
    the entries' derived values whatever order they are computed in."""
    values = entry.values
    if values.get(field_id) or spec is None:
        return _input(values.get(field_id, ""))
    fields = next((g.fields for g in spec.groups if g.id == group), ())
    if not any(f.id == field_id and f.derived is not None for f in fields):
        return ""
    memo = {} if memo is None else memo
    if (group, entry.entry_id) not in memo:  # each entry derived once per scope's pass
        scope = {**values, **inherited(fields, values, record.values)}
        memo[group, entry.entry_id] = derive_scope(spec, record, fields, scope, nested=True)
    worked = memo[group, entry.entry_id].get(field_id, "")
    return WorkedOut(worked) if worked else ""


def _input(value: str) -> str:
    """What a rule sees of a value: "not stated" or "unknown" is no input (empty)."""
    return "" if is_token(value) else value


def derive_scope(
    spec: Spec,
    record: CaseRecord,
    fields: Sequence[FieldSpec],
    values: dict[str, str],
    case_values: dict[str, str] | None = None,
    *,
    nested: bool = False,
) -> dict[str, str]:
    """The derived values of one scope (the case's fields, or one entry's): field id → value,
    for each derived field without an entered value whose rule gives one. A "group.field"
    input reads each entry's derived value where it has no entered one (one level deep:
    `nested` is the entry being derived for another scope's rule)."""
    own = {f.id for f in fields}
    refs = {f.id: f.ref for f in fields if f.type == "ref" and f.ref}
    working = dict(values)
    case = dict(record.values) if case_values is None else dict(case_values)
    found: dict[str, str] = {}
    memo: Memo = {}  # the entries' derived values, for rules that read "group.field"
    for _ in range(len(fields)):  # enough passes for any chain of derivations
        changed = False
        for f in fields:
            if f.derived is None or values.get(f.id) or f.id in found:
                continue
            rule = RULES[f.derived.rule]
            args = [_argument(record, n, working, own, case, refs, None if nested else spec,
                              memo) for n in f.derived.inputs]  # fmt: skip
            if any(a == "" for i, a in enumerate(args) if i not in rule.optional):
                continue
            value = rule.compute(args, f.derived.codes)
            if value:
                found[f.id] = working[f.id] = value
                if not f.group:
                    case[f.id] = value
                changed = True
        if not changed:
            break
    return found


def disagreements(
    spec: Spec,
    record: CaseRecord,
    fields: Sequence[FieldSpec],
    values: dict[str, str],
) -> dict[str, str]:
    """Field id → message, for each derived field whose entered value differs from what its
    rule gives from the inputs beyond the rounding of what was written (a grade entered as 3
    when the scores give 2; 80 kPa reported beside 4.22 m/s, which gives 53.4)."""
    computed = derived_beside(spec, record, fields, values)
    found = {}
    for f in fields:
        if f.derived is None or f.id not in computed:
            continue
        rule = RULES[f.derived.rule]
        refs = {x.id: x.ref for x in fields if x.type == "ref" and x.ref}
        args = [_argument(record, n, values, {x.id for x in fields}, record.values, refs, spec)
                for n in f.derived.inputs]  # fmt: skip
        same = values[f.id] == computed[f.id]  # a grade or a code: the same, or not
        if rule.agree is not None:
            same = same or rule.agree(values[f.id], args, f.derived.codes)
        elif f.numeric:
            same = same or agrees(values[f.id], computed[f.id], rule.compute, args,
                                  f.derived.codes)  # fmt: skip
        if not same:
            found[f.id] = f"entered as {values[f.id]}, but its inputs give {computed[f.id]}"
    return found


def derived_beside(
    spec: Spec, record: CaseRecord, fields: Sequence[FieldSpec], values: dict[str, str]
) -> dict[str, str]:
    """Field id → the value its rule gives, for each derived field the registrar entered
    (a reported value): shown beside it, never in its place. "Not stated" is left alone."""
    entered = {f.id for f in fields if f.derived is not None and values.get(f.id)
               and not is_token(values[f.id])}  # fmt: skip
    found = {}
    for field_id in sorted(entered):  # each set aside alone: a pair (kPa, m/s) is both entered
        bare = {k: v for k, v in values.items() if k != field_id}
        computed = derive_scope(spec, record, fields, bare, record.values)
        if field_id in computed:
            found[field_id] = computed[field_id]
    return found


def with_derived(spec: Spec, record: CaseRecord) -> CaseRecord:
    """A copy of `record` with every derived value filled in, and every value an entry
    inherits from the case (rules.inherit)."""
    filled = record.copy()
    filled.values.update(derive_scope(spec, filled, spec.case_fields, filled.values))
    for group in spec.groups:
        if not any(f.derived is not None or f.inherit for f in group.fields):
            continue
        for entry in filled.groups.get(group.id, ()):
            entry.values.update(inherited(group.fields, entry.values, filled.values))
            entry.values.update(derive_scope(spec, filled, group.fields, entry.values))
    return filled


def explain(spec: Spec, field: FieldSpec) -> str:
    """How a derived field is computed, for its tooltip: the rule and the labels of its inputs
    (or, for a field that inherits, the case field it takes its value from)."""
    if field.inherit:
        source = spec.field("", field.inherit).label
        return f"As the case's {source.lower()}; choose another value where this one differs."
    if field.derived is None:
        return ""
    labels = []
    for name in field.derived.inputs:
        if REF_MARK in name:  # "the treatment's start": that field of the entry pointed at
            ref, _, target = name.partition(REF_MARK)
            pointed = spec.field(field.group, ref)
            labels.append(f"{pointed.label} ({spec.field(pointed.ref, target).label.lower()})")
            continue
        group, _, field_id = name.rpartition(".")
        try:
            labels.append(spec.field(group or field.group, field_id).label)
        except KeyError:
            labels.append(spec.field("", field_id).label)
    rule = RULES[field.derived.rule]
    return f"Derived from {', '.join(labels)}. {rule.description}."
