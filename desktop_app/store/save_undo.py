"""What a save writes into the caller's record before its transaction commits, kept so that
a failed save can put it back (issue 16: a failed save changed the caller's record), and the
case-list age as the integer its column holds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.record import CaseRecord
from desktop_app.spec.model import FieldSpec


def whole_number(value: str) -> int | None:
    """The value as the age column's integer, or None when it is not a plain whole number
    that the column holds (`str.isdigit` also takes "²", which int() refuses)."""
    if re.fullmatch(r"-?[0-9]{1,9}", value) is None:
        return None
    return int(value)


@dataclass(frozen=True)
class Kept:
    """What a save writes into the caller's record before its commit (the new id, the
    generated case number), to be put back when the commit does not happen."""

    case_id: int | None
    number_field: str
    number: str | None

    @classmethod
    def of(cls, record: CaseRecord, number_field: FieldSpec | None) -> Kept:
        field_id = number_field.id if number_field is not None else ""
        return cls(record.case_id, field_id, record.values.get(field_id) if field_id else None)

    def put_back(self, record: CaseRecord) -> None:
        record.case_id = self.case_id
        if not self.number_field:
            return
        if self.number is None:
            record.values.pop(self.number_field, None)
        else:
            record.values[self.number_field] = self.number
