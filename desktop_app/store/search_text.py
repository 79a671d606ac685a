"""What the case list's search looks in, for one case: the case-list summary, the case's own
text fields, and inside every entry of every group its text fields and the codes and
labels of its choices (an IHC result's marker "CD34", an imaging score "Tsukuba", a BI-RADS
category "4C"); the fields marked `phi` apart, searched only when identifiers are shown.

Each searched text has a place ("Immunohistochemistry, Marker: CD34", "Keywords", "title"),
so that the list can say where a case matched.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from desktop_app.record import ItemKey
from desktop_app.rules.as_reported import is_token
from desktop_app.rules.as_reported import label as reported_label
from desktop_app.rules.category_range import RANGE_SEPARATOR
from desktop_app.rules.values import MULTI_SEPARATOR
from desktop_app.spec.model import FieldSpec, Spec

SUMMARY = ("case_number", "title", "site", "diagnosis", "icdo3")  # columns of `cases`
SUMMARY_PLACES = {"case_number": "case number", "icdo3": "ICD-O-3"}
APART = ("case_number",)  # searched in its own column, not through the full-text index
TEXT_TYPES = ("text", "longtext")
CHOICE_TYPES = ("choice", "multichoice")


@dataclass(frozen=True)
class Searched:
    place: str  # where, in words: "Immunohistochemistry, Marker: CD34"
    text: str
    identifier: bool = False


def searched_field(spec_field: FieldSpec) -> bool:
    """Whether a field's values are searched beside the summary columns: the case's own
    text fields (but those the case number and title columns show), and the text and
    choice fields of the groups' entries."""
    if spec_field.group == "":
        return spec_field.type in TEXT_TYPES and spec_field.summary not in ("case_number", "title")
    return spec_field.type in TEXT_TYPES + CHOICE_TYPES


def searched_keys(spec: Spec) -> list[tuple[str, str]]:
    return sorted(f.key for f in spec.all_fields() if searched_field(f))


def _codes(spec_field: FieldSpec, value: str) -> list[str]:
    if spec_field.type == "multichoice":
        return [c for c in value.split(MULTI_SEPARATOR) if c]
    if spec_field.range and RANGE_SEPARATOR in value:
        return [c for c in value.split(RANGE_SEPARATOR) if c]
    return [value]


@dataclass(frozen=True)
class _Searched:
    """What the search needs of one searched field, looked up once per specification."""

    field: FieldSpec
    where: str  # the place's beginning: "Immunohistochemistry, " ("" for the case's own)
    labels: dict[str, str]  # code -> label of its vocabulary's terms


_PLANS: dict[int, tuple[Spec, dict[tuple[str, str], _Searched]]] = {}


def _plan(spec: Spec) -> dict[tuple[str, str], _Searched]:
    held = _PLANS.get(id(spec))
    if held is not None and held[0] is spec:
        return held[1]
    groups = {g.id: g.label for g in spec.groups}
    plan = {}
    for f in spec.all_fields():
        if searched_field(f):
            vocabulary = spec.vocabularies.get(f.vocabulary)
            labels = {term.code: term.label for term in vocabulary.terms} if vocabulary else {}
            where = f"{groups[f.group]}, " if f.group in groups else ""
            plan[f.key] = _Searched(f, where, labels)
    _PLANS[id(spec)] = (spec, plan)
    return plan


def searched_values(spec: Spec, items: dict[ItemKey, str]) -> list[Searched]:
    """The searched texts of a case's values (summary columns aside), in a stable order."""
    out: list[Searched] = []
    plan = _plan(spec)
    for (group_id, _entry, field_id), value in sorted(items.items()):
        found = plan.get((group_id, field_id))
        if found is None or not value:
            continue  # not searched, or no longer in the specification
        spec_field, where = found.field, found.where
        if spec_field.type in TEXT_TYPES:
            out.append(Searched(where + spec_field.label, value, spec_field.phi))
            continue
        for code in _codes(spec_field, value):
            if is_token(code):
                shown = reported_label(code)
                texts = [shown]
            else:
                shown = found.labels.get(code, code)
                texts = [code] if shown == code else [code, shown]
            place = f"{where}{spec_field.label}: {shown}"
            out.extend(Searched(place, text, spec_field.phi) for text in texts)
    return out


def summary_values(summary: dict[str, str | None]) -> list[Searched]:
    return [Searched(SUMMARY_PLACES.get(name, name), summary.get(name) or "") for name in SUMMARY]


def indexed_summary_values(summary: dict[str, str | None]) -> list[Searched]:
    """The summary's texts the full-text index holds: all but those searched in their own
    column (the case number: `store/search_numbers.py`)."""
    return [s for name, s in zip(SUMMARY, summary_values(summary), strict=True)
            if name not in APART]  # fmt: skip


_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def distinct_texts(texts: list[str]) -> list[str]:
    """The texts a case's search row needs: a search asks whether some text of the case holds
    a word, not how often, so a text is kept once, and not where the text after it holds it
    (a choice's code inside its own label: "pet", "PET-CT"). Compared with ASCII letters folded,
    as LIKE and SQLite's lower() fold them (other letters as they are): whatever finds a word
    in a text left out finds it in the one kept. A quarter of the benchmark's search text."""
    folded = [text.translate(_FOLD) for text in texts]
    seen: set[str] = set()
    kept: list[str] = []
    for n, (text, key) in enumerate(zip(texts, folded, strict=True)):
        after = folded[n + 1] if n + 1 < len(texts) else ""
        held = key in after and key != after  # by a longer text: kept, or held in turn
        if key not in seen and not held:
            kept.append(text)
        seen.add(key)
    return kept


def matched_places(words: list[str], searched: list[Searched], identifiers: bool) -> list[str]:
    """Where each word was found (first place per word, each place once)."""
    places: list[str] = []
    for word in words:
        for item in searched:
            if item.identifier and not identifiers:
                continue
            if word.lower() in item.text.lower():
                if item.place not in places:
                    places.append(item.place)
                break
    return places
