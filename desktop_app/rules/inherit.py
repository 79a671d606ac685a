"""Typed once: a field of an entry that takes the case's value unless changed.

    [[group.field]]
    id = "lesion_site"
    inherit = "primary_site"

A lesion's site and laterality, a specimen's site, are nearly always the case's. They are
shown as inherited and stored only when the registrar changes them for that entry: a
correction of the case's site then follows to every entry that was not changed, where a
copy stored at entry time would keep the old site silently. What reads a case (the PDF,
the analysis exports, cohort queries through the stored derived values) sees the inherited
value filled in, as it sees derived ones (rules.derived.with_derived).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop_app.spec.model import FieldSpec


def inherited(
    fields: Sequence[FieldSpec], values: Mapping[str, str], case_values: Mapping[str, str]
) -> dict[str, str]:
    """Field id → the case's value, for each inheriting field left empty in `values`."""
    return {
        f.id: case_values[f.inherit]
        for f in fields
        if f.inherit and not values.get(f.id) and case_values.get(f.inherit)
    }
