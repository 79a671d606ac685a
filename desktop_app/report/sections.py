"""The body of one case summary, in the order a board reads it.

Heading and key facts, the timeline, then every tab of the form as a section (history as
prose, the others as tables, lists and grids; the tab holding the case number last, as
"case details"), then the differential diagnoses and the missing-data note. A section with
nothing to print prints nothing, not even its heading.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Paragraph

from desktop_app.report.evidence import group_flowables
from desktop_app.report.flat_drawing import FlatDrawing
from desktop_app.report.heading import FACT_ROLES, HEADING_ROLES, case_heading
from desktop_app.report.layout import RULE, Letterhead, markup, para, styles
from desktop_app.report.prose import field_paragraphs, history_flowables, is_history_form
from desktop_app.report.timeline import timeline_drawing, timeline_events
from desktop_app.report.timeline_relative import relative_notes
from desktop_app.report.view import CaseView
from desktop_app.rules.conditions import is_shown
from desktop_app.spec.model import FieldSpec, FormSpec, GroupSpec

# Case-level roles printed elsewhere than in their tab: at the top, or in their own section.
PRINTED_APART = (
    *HEADING_ROLES, *FACT_ROLES, "index_date", "index_date_kind", "date_of_birth",
    "differential_diagnosis",
)  # fmt: skip


def section(title: str, body: list[Flowable]) -> list[Flowable]:
    if not body:
        return []
    s = styles()
    # The heading stays with the start of what it heads: never alone at the foot of a page.
    room = 30 * mm
    for flowable in body[:2]:
        if isinstance(flowable, CondPageBreak):
            room = max(room, flowable.height + 14 * mm)
    return [
        CondPageBreak(room),
        para(title, s.tab),
        HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=3),
        *body,
    ]


def grade_paragraph(
    view: CaseView, fields: list[FieldSpec]
) -> tuple[list[Flowable], set[FieldSpec]]:
    """The grade with its components: the other filled fields of the grade's section."""
    grade = view.role_field("grade")
    if grade is None or grade not in fields:
        return [], set()
    value = view.text(grade, view.record.values)
    parts = [f for f in fields if grade.section and f.section == grade.section and f != grade]
    shown = [(f, view.text(f, view.record.values)) for f in parts]
    shown = [(f, text) for f, text in shown if text]
    if not value:
        return [], set()  # no grade: its components print as the fields they are
    components = "; ".join(f"{markup(f.label)} {markup(text)}" for f, text in shown)
    text = f"<b>{markup(grade.label)}:</b> {markup(value)}".rstrip()
    if components:
        text += f" ({components})" if value else f" {components}"
    return [Paragraph(text, styles().body)], {grade, *parts}


def form_body(view: CaseView, form: FormSpec, *, groups: bool = True) -> list[Flowable]:
    apart = {f for f in form.fields if f.role in PRINTED_APART or f.phi}
    apart |= {f for f in form.fields if f.summary in ("case_number", "title")}
    story: list[Flowable] = []
    told_groups: list[GroupSpec] = []
    if is_history_form(view, form):
        story, told_groups = history_flowables(view, form, apart)
    else:
        fields = [f for f in form.fields if f not in apart]
        graded, used = grade_paragraph(view, fields)
        story.extend(graded)
        sections: dict[str, list[FieldSpec]] = {}
        for f in fields:
            if f not in used:
                sections.setdefault(f.section, []).append(f)
        for fields_of_section in sections.values():
            story.extend(field_paragraphs(view, fields_of_section))
    differentials = view.groups_with("differential_diagnosis")  # printed in their section
    for group in form.groups if groups else ():
        if group not in told_groups and group not in differentials:
            story.extend(group_flowables(view, group))
    return story


def timeline_section(view: CaseView) -> list[Flowable]:
    s = styles()
    found = timeline_events(view)
    drawn = timeline_drawing(view, found)
    if drawn is None:  # nothing placed: still say which times count from an undated event
        said = relative_notes(view)
        return [para("Timeline", s.tab), para(" ".join(said), s.small)] if said else []
    drawing, unplaced, units = drawn
    index_field = view.role_field("index_date")
    notes = [f"Time from the index date, in {units}."]
    if view.identified and index_field is not None:
        when = view.text(index_field, view.record.values)
        notes.append(f"{index_field.label}: {when}." if when else "")
    notes.append("Hollow dots: month or year only.")
    if any(e.span for e in found[0]):  # report/approximate_dates.py
        notes.append("Bars above the axis: approximate dates (about, before, after).")
    if unplaced:
        notes.append("Not placed (a date without an index date to count from): "
                     + "; ".join(unplaced) + ".")  # fmt: skip
    notes.extend(relative_notes(view))  # report/timeline_relative.py
    return [
        CondPageBreak(40 * mm),
        para("Timeline", s.tab),
        HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=4),
        KeepTogether([FlatDrawing(drawing), para(" ".join(n for n in notes if n), s.small)]),
    ]


def differentials_section(view: CaseView) -> list[Flowable]:
    s = styles()
    f = view.role_field("differential_diagnosis")
    story: list[Flowable] = []
    title = "Differential diagnosis"
    if f is not None:
        value = view.text(f, view.record.values)
        title = f.label
        items = value.split("; ") if f.type == "multichoice" else [value]
        story.extend(para(f"• {item}", s.body) for item in items if item)
    for group in view.groups_with("differential_diagnosis"):
        story.extend(group_flowables(view, group, titled=bool(story)))
        title = title if f is not None else group.label
    return section(title, story)


def missing_data(view: CaseView) -> list[Flowable]:
    """One short note listing the required fields left empty (where they apply)."""
    missing: list[str] = []
    values = view.record.values
    for f in view.spec.case_fields:
        wanted = f.required and (view.identified or not f.phi)
        if wanted and not values.get(f.id) and is_shown(f, values, values):
            missing.append(f.label)
    for group in view.spec.groups:
        for number, entry in enumerate(view.entries(group.id), start=1):
            empty = [
                f.label for f in group.fields
                if f.required and not entry.values.get(f.id)
                and is_shown(f, entry.values, values) and (view.identified or not f.phi)
            ]  # fmt: skip
            if empty:
                name = group.entry_name or group.label
                missing.append(f"{name} {number}: {', '.join(empty)}")
    if not missing:
        return []
    s = styles()
    return [
        CondPageBreak(12 * mm),
        Paragraph(f"<b>Missing data.</b> {markup('; '.join(missing))}.", s.small),
    ]


def case_body(
    view: CaseView, index: int, board_date: str, letterhead: Letterhead | None = None
) -> list[Flowable]:
    """Everything one case prints, starting with its heading."""
    story = case_heading(view, index, board_date, letterhead)
    story.extend(timeline_section(view))
    number_field = view.spec.summary_field("case_number")
    holds_number = [any(f is number_field for f in form.fields) for form in view.spec.forms]
    first = [form for form, held in zip(view.spec.forms, holds_number, strict=True) if not held]
    last = [form for form, held in zip(view.spec.forms, holds_number, strict=True) if held]
    for number, form in enumerate(first):
        story.extend(section(form.label, form_body(view, form)))
        if number == 0:
            # The case tab's own groups (its lesions) follow the history, before the
            # evidence that refers to them; its plain fields close the summary.
            for group in (g for f in last for g in f.groups):
                story.extend(section(group.label, group_flowables(view, group, titled=False)))
    story.extend(differentials_section(view))
    for form in last:
        story.extend(section(f"{form.label} details", form_body(view, form, groups=False)))
    story.extend(missing_data(view))
    return story
