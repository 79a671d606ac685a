"""Sections that belong to one term of a multichoice, as pages (issue 15: an ultrasound entry
with every technique ticked was a long scroll).

A section each of whose fields shows only when one term of a multichoice of the same entry
is ticked (`show_if = { field = "techniques", equals = "swe" }` on all of them) is that
term's page: the editor shows such sections as small tabs, one per ticked term, in one box
in place of a stack of boxes. Nothing is declared for it; it follows from the show_if the
form already has. The first multichoice that has at least two such sections is the one
paged; a section whose derived values take inputs from outside it (or give them to fields
outside it) stays a section, so that each page derives its own values.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.spec.model import FieldSpec, laid_out

MIN_PAGES = 2  # one page alone is a section with a tab on top: no gain


@dataclass(frozen=True)
class TermPage:
    term: str  # the code of the term that shows it
    section: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class EntryPages:
    """An entry's fields cut where its pages are: `head` is laid out before them (and holds
    `control`, the multichoice whose terms show them), `tail` after them."""

    control: FieldSpec
    head: tuple[FieldSpec, ...]
    pages: tuple[TermPage, ...]
    tail: tuple[FieldSpec, ...]


def _sections(fields: list[FieldSpec]) -> dict[str, list[FieldSpec]]:
    found: dict[str, list[FieldSpec]] = {}
    for spec_field in fields:
        if spec_field.section:
            found.setdefault(spec_field.section, []).append(spec_field)
    return found


def _term_of(section: list[FieldSpec], multichoices: dict[str, FieldSpec]) -> tuple[str, str]:
    """(multichoice id, term) when every field of the section shows for that one term."""
    shown_for = {
        (f.show_if.field, f.show_if.equals)
        if f.show_if is not None and f.show_if.equals is not None
        else None
        for f in section
    }
    if len(shown_for) != 1:
        return "", ""
    (only,) = shown_for
    if only is None or only[0] not in multichoices:
        return "", ""
    return only[0], only[1]


def _derives_alone(section: list[FieldSpec], fields: list[FieldSpec]) -> bool:
    """No derivation crosses the section's edge, either way."""
    inside = {f.id for f in section}
    for spec_field in fields:
        if spec_field.derived is None:
            continue
        inputs = {name for name in spec_field.derived.inputs if "." not in name}
        if spec_field.id in inside and not inputs <= inside:
            return False
        if spec_field.id not in inside and inputs & inside:
            return False
    return True


def term_pages(fields: tuple[FieldSpec, ...]) -> EntryPages | None:
    """The pages of an entry's fields, or None when it has none worth a tab."""
    ordered = laid_out(fields)
    multichoices = {f.id: f for f in ordered if f.type == "multichoice"}
    by_control: dict[str, list[TermPage]] = {}
    for name, section in _sections(ordered).items():
        control, term = _term_of(section, multichoices)
        if control and _derives_alone(section, ordered):
            by_control.setdefault(control, []).append(TermPage(term, name, tuple(section)))
    chosen = next((c for c, pages in by_control.items() if len(pages) >= MIN_PAGES), None)
    if chosen is None:
        return None
    pages = tuple(by_control[chosen])
    paged = {f.id for page in pages for f in page.fields}
    first = next(i for i, f in enumerate(ordered) if f.id in paged)
    head = tuple(f for f in ordered[:first] if f.id not in paged)
    if chosen not in {f.id for f in head}:
        return None  # the pages would come before the ticks that show them
    tail = tuple(f for f in ordered[first:] if f.id not in paged)
    return EntryPages(multichoices[chosen], head, pages, tail)
