"""History as a board reads it: short sentences built from the fields, not a list of labels.

"57-year-old woman with a 6-month history of a progressively growing left breast mass."
The opening sentence comes from the fields with the roles age, sex, symptom,
symptom_duration and symptom_duration_unit; the presenting complaint follows as written;
every other filled field of the form follows as a run-in heading ("Family history. …").
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from desktop_app.report.layout import long_paragraphs, markup, styles
from desktop_app.report.rich_cell import Rich, RichCell, add
from desktop_app.report.view import CaseView
from desktop_app.spec.model import FieldSpec, FormSpec, GroupSpec

OPENING_ROLES = ("age", "sex", "presenting_complaint")


def as_sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    first = text.split(maxsplit=1)[0]
    if not any(c.isupper() or c.isdigit() for c in first[1:]):  # 'ypT1c', 'p63' stay as typed
        text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def lower_first(text: str) -> str:
    """'Breast lump' → 'breast lump', but 'CT' and 'HIV-negative' keep their capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def person_noun(view: CaseView) -> str:
    """'woman', 'man', 'girl', 'boy' or 'patient', from the label of the sex vocabulary."""
    sex = view.role_text("sex").lower()
    years = view.age_years()
    child = years is not None and years < 16
    if "female" in sex or "woman" in sex:
        return "girl" if child else "woman"
    if "male" in sex or sex == "man":
        return "boy" if child else "man"
    return "child" if child else "patient"


def symptom_phrases(view: CaseView) -> list[str]:
    phrases: list[str] = []
    for group in view.groups_with("symptom"):
        what_f = view.spec.role_field("symptom", group.id)
        long_f = view.spec.role_field("symptom_duration", group.id)
        unit_f = view.spec.role_field("symptom_duration_unit", group.id)
        for entry in view.entries(group.id):
            what = lower_first(view.text(what_f, entry.values))
            if not what:
                continue
            amount = view.text(long_f, entry.values, unit=False)
            unit = view.text(unit_f, entry.values).lower()
            if amount and unit:
                singular = _singular(view, unit_f, entry.values) or unit
                phrases.append(f"a {amount}-{singular} history of {what}")
            elif amount:
                phrases.append(f"{what} for {amount}")
            else:
                phrases.append(what)
    return phrases


def _singular(view: CaseView, unit_f: FieldSpec | None, values: dict[str, str]) -> str:
    """The unit's singular as its vocabulary names it ("month" of "months": "a 6-month
    history"), lower case; "" when the vocabulary names none."""
    if unit_f is None or not unit_f.vocabulary:
        return ""
    term = view.spec.vocabulary(unit_f.vocabulary).term(values.get(unit_f.id, ""))
    return term.singular.lower() if term is not None and term.singular else ""


def opening_sentence(view: CaseView) -> str:
    years = view.age_years()
    noun = person_noun(view)
    who = f"{years}-year-old {noun}" if years is not None else ""
    if not who and view.role_text("age"):  # an approximate age: "woman (fifties, 50–59 years)"
        who = f"{noun} ({view.role_text('age').replace(' (', ', ').rstrip(')')})"
    if not who and view.role_text("sex"):
        who = noun
    phrases = symptom_phrases(view)
    joined = ", ".join(phrases[:-1]) + (" and " if len(phrases) > 1 else "") + phrases[-1] \
        if phrases else ""  # fmt: skip
    if who and joined:
        return as_sentence(f"{who} with {joined}")
    if who:
        return as_sentence(who)
    return as_sentence(f"presenting with {joined}") if joined else ""


def run_in(label: str, value: str) -> Rich:
    """A run-in heading and its value: '**Family history:** …'."""
    return add(add([], "b", f"{label}:"), "", f" {as_sentence(value)}")


def field_paragraphs(view: CaseView, fields: list[FieldSpec]) -> list[Flowable]:
    """Filled fields as run-in sentences: the short values of one section share a
    paragraph (a diagnostic course is never told inside the physical examination), long
    text gets its own."""
    s = styles()
    story: list[Flowable] = []
    short: dict[str, Rich] = {}
    for f in fields:
        value = view.text(f, view.record.values)
        if not value:
            continue
        if f.type == "longtext":
            story.extend(long_paragraphs(f"{f.label}:", as_sentence(value), s.body))
        else:
            sentence = finding_sentence(f, value) or run_in(f.label, value)
            runs = short.setdefault(f.section, [])
            if runs:
                add(runs, "", " ")
            for number, line in enumerate(sentence):
                if number:
                    runs.append([])
                add(runs, "", "")[-1].extend(line)
    paragraphs = [RichCell(runs, s.body) for runs in short.values()]
    return [*paragraphs, *story]


def finding_sentence(f: FieldSpec, value: str) -> Rich:
    """A findings field whose negatives say what they are about ("No family history of
    breast cancer") prints as that sentence alone, without its label; else []."""
    if f.findings and f.absent_words and value.startswith(f.absent_words):
        return add([], "", as_sentence(value))
    return []


def is_history_form(view: CaseView, form: FormSpec) -> bool:
    roles = {f.role for f in form.fields} | {f.role for g in form.groups for f in g.fields}
    return bool(roles & {*OPENING_ROLES, "symptom"})


def history_flowables(
    view: CaseView, form: FormSpec, skip: set[FieldSpec]
) -> tuple[list[Flowable], list[GroupSpec]]:
    """The form's own fields as prose; returns the story and the groups it has told."""
    s = styles()
    story: list[Flowable] = []
    opening = opening_sentence(view)
    if opening:
        story.append(Paragraph(markup(opening), s.body))
    complaint = view.role_text("presenting_complaint")
    if complaint:
        story.append(Paragraph(markup(as_sentence(complaint)), s.body))
    told = {f for f in form.fields if f.role in OPENING_ROLES} | skip
    story.extend(field_paragraphs(view, [f for f in form.fields if f not in told]))
    groups = [g for g in form.groups if g in view.groups_with("symptom")]
    return story, groups
