"""Codes of an older edition in imported cases: stored as they are, and said at import.

An import file from a registry still on ICD-O-3 (2000) may hold 8680/1 or 9150/1. The case
is imported with the code as written (as reported: never dropped, never silently recoded);
this lists each one, with the edition it comes from and the current code for the same term,
for the import to print; the case itself shows the same warning beside the field.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop_app.exchange.readers import Incoming
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.spec.vocabulary_index import retired_message


def older_code_notes(spec: Spec, cases: Iterable[Incoming]) -> list[str]:
    notes = []
    for case in cases:
        scopes: list[tuple[str, dict[str, str], tuple[FieldSpec, ...]]] = [
            ("", case.record.values, spec.case_fields)
        ]
        for group in spec.groups:
            for entry in case.record.entries(group.id):
                scopes.append((f"{group.id} entry {entry.entry_id}", entry.values, group.fields))
        for where, values, fields in scopes:
            for field in fields:
                value = values.get(field.id, "")
                if field.type == "choice" and field.vocabulary and value:
                    said = retired_message(spec.vocabulary(field.vocabulary), value)
                    if said:
                        place = f"{where}, {field.id}" if where else field.id
                        notes.append(f"{case.where}, {place}: {said}")
    return notes
