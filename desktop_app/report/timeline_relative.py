"""Times after another event on the timeline: "NED, 2 months after surgery".

A visit the source dates only as a time after a treatment keeps those words; when the
treatment is dated, rules.relative_dates derives the visit's date and the timeline places
it there, hollow (an approximate date), labelled with the reported time. The note under
the timeline says which dates were worked out so ("≈ 2019-05, 2 months after surgery";
de-identified, the distance from the index date instead of the calendar), and which could
not be placed because the event they count from has no date. Nothing here knows a field:
the date field's `derived` key names the time, its unit and the event.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.record import GroupEntry
from desktop_app.report.dates import compact_months, months_from_index, parse_or_none
from desktop_app.report.view import CaseView
from desktop_app.rules.approximate import split_date_qualifier
from desktop_app.rules.derived import derive_scope
from desktop_app.rules.relative_dates import relative_inputs
from desktop_app.spec.model import FieldSpec, GroupSpec


@dataclass(frozen=True)
class RelativeTime:
    words: str  # "2 months after surgery"
    derived: str  # the derived date as it prints ("≈ 2019-05"), "" when it was not derived
    undated_event: str  # the event that has no date ("surgery"), "" when it has one


def _lower(text: str) -> str:
    """'Surgery' reads 'surgery' inside a sentence; 'MRI' stays as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _unit_words(view: CaseView, unit: FieldSpec, values: dict[str, str], amount: str) -> str:
    """The unit as it prints after the amount: its vocabulary's `singular` after one
    ("1 month"), its label otherwise; a value that prints otherwise (not stated) as it prints."""
    shown = view.text(unit, values)
    vocabulary = view.spec.vocabulary(unit.vocabulary) if shown and unit.vocabulary else None
    term = vocabulary.term(values[unit.id]) if vocabulary is not None else None
    return term.label_for(amount) if term is not None and shown == term.label else shown


def relative_time(view: CaseView, group: GroupSpec, entry: GroupEntry) -> RelativeTime | None:
    """The time after an event an entry gives, when its event date is derived from one."""
    start = view.spec.role_field("event_date", group.id)
    inputs = relative_inputs(start) if start is not None else None
    if start is None or inputs is None:
        return None
    values = entry.values
    field = {f.id: f for f in group.fields}
    amount = view.text(field[inputs.time], values, unit=False)
    if not amount:
        return None
    unit = _unit_words(view, field[inputs.unit], values, amount)
    event = view.text(field[inputs.ref], values)
    if not event and inputs.words:
        event = view.text(field[inputs.words], values)
    words = f"{amount} {unit} after {_lower(event) or 'an event'}".replace("  ", " ")
    value = values.get(start.id, "")
    bare = {k: v for k, v in values.items() if k != start.id}
    derived = derive_scope(view.spec, view.record, group.fields, bare).get(start.id, "")
    # A date the registrar entered has its derived one set beside it by the view, even when
    # the two are written alike ("~2019-05" worked out by hand): it is reported, not derived.
    entered = view.entered_beside_derived(values, start.id)
    if value and value == derived and not entered:
        return RelativeTime(words, _date_words(view, value), "")
    if value:
        return None  # the source's own date: the timeline places it as entered
    return RelativeTime(words, "", _lower(event) or "the event it counts from")


def _date_words(view: CaseView, value: str) -> str:
    """'≈ 2019-05', or de-identified the distance from the index date ('≈ +4 mo')."""
    bare = split_date_qualifier(value)[1]
    if view.identified:
        return f"≈ {bare}"
    placed = parse_or_none(bare)
    months = months_from_index(placed, view.index_date) if placed else None
    return f"≈ {compact_months(months)}" if months is not None else ""


def relative_times(view: CaseView) -> list[tuple[str, RelativeTime]]:
    """(what the entry is, its time after an event) for every entry that gives one."""
    from desktop_app.report.timeline import entry_kind

    found = []
    for group in view.groups_with("event_date"):
        for entry in view.entries(group.id):
            relative = relative_time(view, group, entry)
            if relative is not None:
                found.append((entry_kind(view, group, entry.values), relative))
    return found


def relative_notes(view: CaseView) -> list[str]:
    """The sentences under the timeline about dates worked out from a time after an event,
    and about those that could not be placed."""
    derived, unplaced = [], []
    for kind, relative in relative_times(view):
        if relative.undated_event:
            unplaced.append(f"{kind}, {relative.words}")
        else:
            when = f"{relative.derived}, " if relative.derived else ""
            derived.append(f"{kind} {when}{relative.words}")
    notes = []
    if derived:
        notes.append("Derived from a time after a dated event (hollow): "
                     + "; ".join(derived) + ".")  # fmt: skip
    if unplaced:
        notes.append("Not placed, counted from an event that has no date: "
                     + "; ".join(unplaced) + ".")  # fmt: skip
    return notes
