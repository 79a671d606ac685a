"""Pertinent negatives: a finding recorded as absent, in the field where its presence would be.

A field declared `findings = true` is either
- a multichoice whose codes may each be present or absent. The canonical text lists the
  codes in vocabulary order, an absent one with a leading "!":
  "skin_thickening|!nipple_retraction|!axillary_adenopathy" (skin thickening present; no
  nipple retraction, no axillary adenopathy; every other term not recorded); or
- a boolean read as present ("true") or absent ("false").

What a registrar may type for one code: the code or its label, marked absent by "!", "no ",
"absent " or " absent" ("no skin thickening", "!skin_thickening", "skin thickening absent").
A cohort condition "= !code" on the field finds the cases where the finding is absent,
"= code" those where it is present (store/queries.py compares whole codes).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from desktop_app.spec.model import FieldSpec, Spec

ABSENT = "!"
SEPARATOR = "|"  # as rules.values.MULTI_SEPARATOR
PRESENT_WORDS = ("present", "yes", "true", "y", "1")
ABSENT_WORDS = ("absent", "no", "none", "false", "n", "0", "negative")
_ABSENT_PREFIX = re.compile(r"^(?:!|no\s+|absent\s*:?\s+|without\s+)", re.IGNORECASE)
_ABSENT_SUFFIX = re.compile(r"\s+(?:absent|not seen|negative)$", re.IGNORECASE)
_PRESENT_SUFFIX = re.compile(r"\s+present$", re.IGNORECASE)


class FindingRefused(ValueError):
    """Typed text that cannot be read as findings present or absent."""


def split_findings(value: str) -> tuple[list[str], list[str]]:
    """(present codes, absent codes) of a stored findings value."""
    present: list[str] = []
    absent: list[str] = []
    for part in value.split(SEPARATOR) if value else []:
        if part.startswith(ABSENT):
            absent.append(part[len(ABSENT) :])
        else:
            present.append(part)
    return present, absent


def join_findings(present: list[str], absent: list[str], order: list[str]) -> str:
    """The canonical text: codes in vocabulary order, absent ones marked."""
    state = {code: "" for code in present} | {code: ABSENT for code in absent}
    return SEPARATOR.join(state[c] + c for c in order if c in state)


def canonical_findings(
    spec: Spec, field: FieldSpec, text: str, code_of: Callable[[str], str]
) -> str:
    """The canonical text of what was typed into a findings field (`code_of` turns a code or
    label into its code, refusing what is not in the vocabulary)."""
    if field.type == "boolean":
        low = text.strip().lower()
        if low in PRESENT_WORDS:
            return "true"
        if low in ABSENT_WORDS:
            return "false"
        raise FindingRefused(f"'{text}' is not present or absent")
    present: list[str] = []
    absent: list[str] = []
    for part in (p.strip() for p in re.split(r"[|;]", text)):
        if not part:
            continue
        negative = bool(_ABSENT_PREFIX.match(part) or _ABSENT_SUFFIX.search(part))
        name = _ABSENT_SUFFIX.sub("", _PRESENT_SUFFIX.sub("", _ABSENT_PREFIX.sub("", part)))
        code = code_of(name.strip())
        (absent if negative else present).append(code)
    both = set(present) & set(absent)
    if both:
        label = spec.vocabulary(field.vocabulary).label_of(sorted(both)[0])
        raise FindingRefused(f"'{label}' is marked both present and absent")
    order = [t.code for t in spec.vocabulary(field.vocabulary).terms]
    return join_findings(present, absent, order)


def or_joined(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def lower_first(text: str) -> str:
    """'Skin thickening' → 'skin thickening'; 'BRCA1' and 'CT' keep their capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def absent_phrase(field: FieldSpec, labels: list[str]) -> str:
    """'No nipple retraction or axillary adenopathy'; with `absent_words` "No family history
    of": 'No family history of breast cancer or ovarian cancer'."""
    words = field.absent_words or "No"
    return f"{words} {or_joined([lower_first(label) for label in labels])}"


def display_findings(spec: Spec, field: FieldSpec, value: str) -> str:
    """How a findings value reads: 'Skin thickening; no nipple retraction or axillary
    adenopathy'."""
    if field.type == "boolean":
        return {"true": "Present", "false": "Absent"}.get(value, value)
    vocab = spec.vocabulary(field.vocabulary)
    present, absent = split_findings(value)
    parts = [vocab.label_of(c) for c in present]
    if absent:
        phrase = absent_phrase(field, [vocab.label_of(c) for c in absent])
        parts.append(lower_first(phrase) if parts else phrase)
    return "; ".join(parts)


def stored_code(field: FieldSpec, code: str) -> str:
    """A code as an import check looks it up in the vocabulary (without its absent mark)."""
    return code[len(ABSENT) :] if field.findings and code.startswith(ABSENT) else code


def finding_choices(spec: Spec, field: FieldSpec) -> list[tuple[str, str]]:
    """(label, stored code) a cohort condition on a findings field may test: each finding
    present, then each absent ("No skin thickening" → "!skin_thickening")."""
    if field.type == "boolean":
        return [("Present", "true"), ("Absent", "false")]
    vocab = spec.vocabulary(field.vocabulary)
    present = [(vocab.display(t), t.code) for t in vocab.terms]
    absent = [(absent_phrase(field, [t.label]), ABSENT + t.code) for t in vocab.terms]
    return present + absent


def dictionary_note(field: FieldSpec) -> str:
    """What a data dictionary says of a findings field's stored values."""
    if not field.findings:
        return ""
    if field.type == "boolean":
        return "Finding: true = present, false = absent, empty = not recorded."
    return "Findings: a code present, '!code' absent, a code not listed not recorded."
