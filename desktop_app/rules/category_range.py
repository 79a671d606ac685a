"""A range of categories where the source gives one: "BI-RADS 4-5", "4A-4B".

A choice field declared `range = true` stores either one code or two joined by "..", the
lower first in the vocabulary's order: "4..5", "4A..4B". A registrar types "4-5", "4–5",
"4 to 5" or "4..5" (each end as a code or a label). It reads as the report said it, "4–5",
and a cohort condition on either end finds it (rules.conditions, store.queries).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from desktop_app.spec.model import FieldSpec, Spec

RANGE_SEPARATOR = ".."
_SPLIT = re.compile(r"\s*(?:\.\.|–|—|-|\bto\b)\s*")


def ends(value: str) -> list[str]:
    """The codes a stored value names: one, or the two ends of a range."""
    return value.split(RANGE_SEPARATOR) if RANGE_SEPARATOR in value else [value]


def canonical_range(
    spec: Spec, field: FieldSpec, text: str, code_of: Callable[[str], str]
) -> str | None:
    """The stored form of a typed range ("4-5" → "4..5"), or None when `text` is not two
    codes of the field's vocabulary; `code_of` gives the code one end names (or refuses)."""
    parts = [p for p in _SPLIT.split(text.strip(), maxsplit=1) if p]
    if len(parts) != 2:
        return None
    low, high = code_of(parts[0]), code_of(parts[1])
    order = [t.code for t in spec.vocabulary(field.vocabulary).terms]
    if low == high:
        return low
    if order.index(low) > order.index(high):
        low, high = high, low
    return f"{low}{RANGE_SEPARATOR}{high}"


def display_range(spec: Spec, field: FieldSpec, value: str) -> str:
    """ "4–5" when the labels begin with their codes (BI-RADS), else "label – label"."""
    vocab = spec.vocabulary(field.vocabulary)
    low, high = ends(value)[0], ends(value)[-1]
    labels = [vocab.label_of(low), vocab.label_of(high)]
    if all(lab.startswith(code) for lab, code in zip(labels, (low, high), strict=True)):
        return f"{low}–{high}"
    return f"{labels[0]} – {labels[1]}"
