"""What de-identification will replace in the free text of some cases, one row per
replacement with its surroundings as they will print, for the registrar to look over before
a de-identified PDF or export is written (desktop_app/ui/deid_review.py shows them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.deid.case import case_scrubber, is_free_text
from desktop_app.record import CaseRecord
from desktop_app.spec.model import FieldSpec, Spec

CONTEXT = 40  # characters either side of a replacement


@dataclass(frozen=True)
class ReviewRow:
    case: str  # the case number, or its position when it has none
    field: str  # the field's label
    kind: str  # 'patient name', 'date', 'phone', ...
    original: str  # what was written
    context: str  # '…Should Mrs [patient name] (MRN [medical record number]) have…'


def _free_text(fields: tuple[FieldSpec, ...] | list[FieldSpec]) -> list[FieldSpec]:
    return [f for f in fields if is_free_text(f)]


def review_rows(
    spec: Spec, records: Iterable[CaseRecord], *, offsets: bool = True
) -> list[ReviewRow]:
    """Every replacement in the free text of `records`, case by case, field by field.
    `offsets`=False: dates as their year, as an export with `--dates year` writes them."""
    number = spec.summary_field("case_number")
    rows: list[ReviewRow] = []
    for position, record in enumerate(records, start=1):
        case = (record.values.get(number.id, "") if number else "") or f"case {position}"
        scrub = case_scrubber(spec, record, offsets=offsets)
        scopes = [(_free_text(spec.case_fields), record.values)] + [
            (_free_text(g.fields), e.values) for g in spec.groups for e in record.entries(g.id)
        ]
        for fields, values in scopes:
            for f in fields:
                if not values.get(f.id):
                    continue
                done = scrub(values[f.id])
                contexts = done.in_context(CONTEXT)
                for r, context in zip(done.replacements, contexts, strict=True):
                    rows.append(ReviewRow(case, f.label, r.kind, r.original, context))
    return rows
