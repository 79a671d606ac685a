"""What the source says when it gives no value: "not stated" and "unknown", apart from empty.

Empty means the registrar has not entered the field. A source that was read and says
nothing about it is *not stated*; a source that says it is not known is *unknown*. Both are
answers: completeness counts them, validation accepts them in every field type, the PDF
prints them, and the exports carry them as they are stored.

Stored form: a reserved token, the same in every field type (see rules.values):

    "?not_stated"   not stated in the source
    "?unknown"      the source says it is unknown

No canonical value of a number, date, choice code, boolean or entry reference begins with
"?", so a token cannot be read as one. In a text field the token is entered by the keyboard
shortcut only (typing the words there keeps the words as text); a text that is exactly a
token is read as the token.

What a registrar types in any field that is not free text: "not stated", "ns", "n/s",
"not reported" → not stated; "unknown", "unk", "u/k" → unknown (a choice whose own
vocabulary has such a code or label keeps its own term).
"""

from __future__ import annotations

from desktop_app.spec.model import FieldSpec, Spec

NOT_STATED = "?not_stated"
UNKNOWN = "?unknown"
TOKENS = (NOT_STATED, UNKNOWN)
LABELS = {NOT_STATED: "Not stated", UNKNOWN: "Unknown"}
WORDS = {
    **{w: NOT_STATED for w in ("not stated", "ns", "n/s", "not reported", "nr")},
    **{w: UNKNOWN for w in ("unknown", "unk", "u/k", "not known")},
}
FREE_TEXT = ("text", "longtext")


def is_token(value: str) -> bool:
    return value in TOKENS


def label(value: str) -> str:
    """ "Not stated" or "Unknown" for a token, "" for anything else."""
    return LABELS.get(value, "")


def typed_token(text: str) -> str:
    """The token the registrar's words (or the token itself, or its label) name, else ""."""
    s = " ".join(text.strip().lower().split())
    if s in TOKENS:
        return s
    return WORDS.get(s, "")


def canonical_token(spec: Spec, field: FieldSpec, text: str) -> str | None:
    """The token for what was typed in `field`, or None when it is not one: a text field
    takes only the token itself; a choice keeps a term of its own that the words name."""
    s = text.strip()
    if s in TOKENS:
        return s
    if field.type in FREE_TEXT:
        return None
    token = typed_token(s)
    if not token:
        return None
    if field.type in ("choice", "multichoice") and field.vocabulary:
        vocab = spec.vocabulary(field.vocabulary)
        low = s.lower()
        if any(low in (t.code.lower(), t.label.lower()) for t in vocab.terms):
            return None
    return token
