"""An imported value as a registrar would type it, read as the widgets read it.

A file written by hand or by another system says "4-5" for a BI-RADS range, "not stated"
or "unknown" for what the source leaves open, "Female" for a sex code. The import takes
these through the same rules.values.canonical() the editors use, so a value that a
registrar could type into the field is stored as the field would store it ("4..5",
"?not_stated"). Free text is taken as it is (its words are its value), and a value
canonical() refuses is left for the import's checks to report beside its case and field.
"""

from __future__ import annotations

from typing import TypeVar

from desktop_app.rules.as_reported import FREE_TEXT
from desktop_app.rules.values import ValueRefused, canonical
from desktop_app.spec.model import FieldSpec, Spec

Value = TypeVar("Value")


def as_typed(spec: Spec, field: FieldSpec, value: Value) -> Value | str:
    """`value` in the field's canonical form when it is text a registrar could type there;
    otherwise `value` unchanged (the checks then say what is wrong with it)."""
    if not isinstance(value, str) or not value.strip() or field.type in FREE_TEXT:
        return value
    try:
        return canonical(spec, field, value)
    except (ValueRefused, ValueError, ArithmeticError):
        return value  # the import's checks say what is wrong, beside its case and field
