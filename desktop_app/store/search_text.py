"""What the case list's search looks in, for one case: the case-list summary, the case's own
text fields, and inside every entry of every group its text fields and the codes and
labels of its choices (an IHC result's marker "CD34", an imaging score "Tsukuba", a BI-RADS
category "4C"); the fields marked `phi` apart, searched only when identifiers are shown.

Each searched text has a place ("Immunohistochemistry, Marker: CD34", "Keywords", "title"),
so that the list can say where a case matched.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.record import ItemKey
from desktop_app.rules.as_reported import is_token
from desktop_app.rules.as_reported import label as reported_label
from desktop_app.rules.category_range import RANGE_SEPARATOR
from desktop_app.rules.values import MULTI_SEPARATOR
from desktop_app.spec.model import FieldSpec, Spec

SUMMARY = ("case_number", "title", "site", "diagnosis", "icdo3")  # columns of `cases`
SUMMARY_PLACES = {"case_number": "case number", "icdo3": "ICD-O-3"}
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


def searched_values(spec: Spec, items: dict[ItemKey, str]) -> list[Searched]:
    """The searched texts of a case's values (summary columns aside), in a stable order."""
    out: list[Searched] = []
    groups = {g.id: g for g in spec.groups}
    for (group_id, _entry, field_id), value in sorted(items.items()):
        try:
            spec_field = spec.field(group_id, field_id)
        except KeyError:
            continue  # a value of a field no longer in the specification
        if not value or not searched_field(spec_field):
            continue
        where = f"{groups[group_id].label}, " if group_id in groups else ""
        if spec_field.type in TEXT_TYPES:
            out.append(Searched(where + spec_field.label, value, spec_field.phi))
            continue
        vocabulary = spec.vocabularies.get(spec_field.vocabulary)
        for code in _codes(spec_field, value):
            if is_token(code):
                shown = reported_label(code)
                texts = [shown]
            else:
                shown = vocabulary.label_of(code) if vocabulary else code
                texts = [code] if shown == code else [code, shown]
            place = f"{where}{spec_field.label}: {shown}"
            out.extend(Searched(place, text, spec_field.phi) for text in texts)
    return out


def summary_values(summary: dict[str, str | None]) -> list[Searched]:
    return [Searched(SUMMARY_PLACES.get(name, name), summary.get(name) or "") for name in SUMMARY]


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
