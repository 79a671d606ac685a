"""How complete a case is: its required fields filled, and the items of each reporting
checklist of the specification (CARE) covered, with what is missing and where to go for it.

Required fields follow rules.validation: a field hidden by its show_if is not required, and
a required field of a group is required once per entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.record import CaseRecord
from desktop_app.rules.conditions import is_shown
from desktop_app.spec.model import Checklist, ChecklistItem, Spec, laid_out


@dataclass(frozen=True)
class Target:
    """Where to go: a field of the case (group ""), of an entry, or a group itself
    (field "": its table, or its Add button when it has no entry)."""

    group: str
    entry_id: int
    field: str


@dataclass(frozen=True)
class Missing:
    """One missing thing, as the registrar reads it, and where it is entered."""

    text: str
    target: Target
    checklist: str = ""  # "" for a required field, else the checklist's id
    item: int = 0  # the checklist item's number


@dataclass(frozen=True)
class ChecklistScore:
    checklist: Checklist
    covered: int

    @property
    def total(self) -> int:
        return len(self.checklist.items)


@dataclass(frozen=True)
class Completeness:
    required_filled: int
    required_total: int
    scores: tuple[ChecklistScore, ...]
    missing_required: tuple[Missing, ...]  # in the order of the forms
    missing_items: tuple[Missing, ...]  # checklist items not covered, by checklist and number

    @property
    def missing(self) -> tuple[Missing, ...]:
        return self.missing_required + self.missing_items

    def summary(self) -> str:
        """e.g. "Required 41/47 · CARE 11/13"."""
        parts = [f"Required {self.required_filled}/{self.required_total}"]
        parts += [f"{s.checklist.label} {s.covered}/{s.total}" for s in self.scores]
        return " · ".join(parts)


def _required(spec: Spec, record: CaseRecord) -> tuple[int, list[Missing]]:
    """How many required fields are filled, and the empty ones in the order of the forms."""
    filled = 0
    missing: list[Missing] = []
    for form in spec.forms:
        scopes = [("", 0, "", record.values, laid_out(form.fields))]
        for group in form.groups:
            for number, entry in enumerate(record.entries(group.id), start=1):
                where = f"{group.label} #{number} › "
                scopes.append(
                    (group.id, entry.entry_id, where, entry.values, laid_out(group.fields))
                )
        for group_id, entry_id, where, values, fields in scopes:
            for field in fields:
                if not field.required or not is_shown(field, values, record.values):
                    continue
                if values.get(field.id, ""):
                    filled += 1
                else:
                    text = f"Required: {form.label} › {where}{field.label}"
                    missing.append(Missing(text, Target(group_id, entry_id, field.id)))
    return filled, missing


def _filled(spec: Spec, record: CaseRecord, reference: str) -> bool | None:
    """Whether a checklist reference is filled; None for a case field its show_if hides."""
    group, _, field_id = reference.rpartition(".")
    if group:
        return any(e.values.get(field_id, "") for e in record.entries(group))
    if reference in [g.id for g in spec.groups]:
        return bool(record.entries(reference))
    if not is_shown(spec.field("", reference), record.values, record.values):
        return None
    return bool(record.values.get(reference, ""))


def _target(spec: Spec, record: CaseRecord, reference: str) -> tuple[str, Target]:
    """How a reference reads, and where it is entered."""
    group_id, _, field_id = reference.rpartition(".")
    if not group_id and reference in [g.id for g in spec.groups]:
        group_id, field_id = reference, ""
    if not group_id:
        return spec.field("", field_id).label, Target("", 0, field_id)
    group = spec.group(group_id)
    entries = record.entries(group_id)
    if not field_id:
        return f"{group.label} (none entered)", Target(group_id, 0, "")
    label = f"{group.label} › {group.field(field_id).label}"
    shown = [e for e in entries if is_shown(group.field(field_id), e.values, record.values)]
    if not shown:
        return label, Target(group_id, entries[0].entry_id if entries else 0, "")
    return label, Target(group_id, shown[0].entry_id, field_id)


def item_missing(spec: Spec, record: CaseRecord, item: ChecklistItem) -> list[str]:
    """The references that keep an item from being covered: each empty one of `all`, and
    the first of `any` when none of those is filled. Empty when the item is covered."""
    gaps = [r for r in item.all_of if _filled(spec, record, r) is False]
    if item.any_of and not any(_filled(spec, record, r) for r in item.any_of):
        gaps.append(item.any_of[0])
    return gaps


def completeness(spec: Spec, record: CaseRecord) -> Completeness:
    filled, missing_required = _required(spec, record)
    scores: list[ChecklistScore] = []
    missing_items: list[Missing] = []
    for checklist in spec.checklists:
        covered = 0
        for item in checklist.items:
            gaps = item_missing(spec, record, item)
            if not gaps:
                covered += 1
                continue
            labels, targets = zip(*(_target(spec, record, r) for r in gaps), strict=True)
            if item.any_of and gaps[-1] == item.any_of[0]:  # none of `any`: say so
                others = [_target(spec, record, r)[0] for r in item.any_of[1:3]]
                more = " …" if len(item.any_of) > 3 else ""
                labels = (*labels[:-1], f"one of {', '.join([labels[-1], *others])}{more}")
            text = f"{checklist.label} {item.number} {item.name}: {'; '.join(labels)}"
            missing_items.append(Missing(text, targets[0], checklist.id, item.number))
        scores.append(ChecklistScore(checklist, covered))
    return Completeness(
        required_filled=filled,
        required_total=filled + len(missing_required),
        scores=tuple(scores),
        missing_required=tuple(missing_required),
        missing_items=tuple(missing_items),
    )


# The roles a case must have answered before it is marked complete: a case without a
# diagnosis is no case for a registry, whatever else is filled. "Not stated" answers it.
COMPLETE_NEEDS = ("diagnosis",)


def completion_blockers(spec: Spec, record: CaseRecord) -> tuple[Missing, ...]:
    """What keeps the case from being marked complete: each field of COMPLETE_NEEDS (found
    by role among the case's fields) left empty."""
    found = []
    for role in COMPLETE_NEEDS:
        field = spec.role_field(role)
        if field is not None and not record.values.get(field.id, ""):
            text = f"A complete case needs {field.label.lower()} (or 'not stated': Ctrl+Shift+S)"
            found.append(Missing(text, Target("", 0, field.id)))
    return tuple(found)


def position(spec: Spec, record: CaseRecord, target: Target) -> tuple[int, int, int, int]:
    """Where a target stands in the order of the forms: tab, block (the case's fields, then
    each group), entry, field. A group's own target (field "") comes before its fields."""
    for form_index, form in enumerate(spec.forms):
        if not target.group:
            ids = [f.id for f in laid_out(form.fields)]  # the order on screen, as Tab goes
            if target.field in ids:
                return (form_index, 0, 0, ids.index(target.field))
            continue
        for group_index, group in enumerate(form.groups, start=1):
            if group.id == target.group:
                entries = [e.entry_id for e in record.entries(group.id)]
                entry = entries.index(target.entry_id) if target.entry_id in entries else -1
                ids = [f.id for f in laid_out(group.fields)]
                field = ids.index(target.field) if target.field in ids else -1
                return (form_index, group_index, entry, field)
    return (-1, -1, -1, -1)


def next_missing(
    spec: Spec, record: CaseRecord, after: Target | None, found: Completeness | None = None
) -> Target | None:
    """The first missing required field after `after` in the order of the forms, wrapping
    round to the first; None when every required field is filled."""
    missing = (found or completeness(spec, record)).missing_required
    if not missing:
        return None
    if after is not None:
        here = position(spec, record, after)
        for m in missing:
            if position(spec, record, m.target) > here:
                return m.target
    return missing[0].target
