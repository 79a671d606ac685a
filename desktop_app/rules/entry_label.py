"""How an entry is named where other fields point at it: the value of its group's
`entry_label` field ("1. 12 March 2019" for a visit, "2. Surgery" for a treatment).

A visit the source dates only as a time after a dated treatment has no date of its own, but
a rule derives one (rules.relative_dates: "about May 2019"). Named by nothing but its place
in the table, it could not be told from the others; it is named by that date, marked as
derived (DERIVED_MARK) as in its group's table and the PDF, so that no one takes it for a
date the source gives. Nothing is stored: the derived date is worked out each time.
"""

from __future__ import annotations

from desktop_app.record import CaseRecord
from desktop_app.rules.derived import DERIVED_MARK, derive_scope
from desktop_app.rules.other_name import shown_value
from desktop_app.spec.model import GroupSpec, Spec


def entry_label_text(
    spec: Spec, record: CaseRecord, group: GroupSpec, values: dict[str, str]
) -> str:
    """The entry's name as its `entry_label` field reads ("" when the group names none): as
    entered, else the value a rule derives for it, marked as derived."""
    if not group.entry_label:
        return ""
    named = group.field(group.entry_label)
    if named.derived is not None and not values.get(named.id):
        found = derive_scope(spec, record, group.fields, values, record.values).get(named.id)
        if found:
            return f"{shown_value(spec, named, {**values, named.id: found})} {DERIVED_MARK}"
    return shown_value(spec, named, values)
