"""Characters that no typed or imported text may hold: control characters (NUL, escape ...),
line breaks in a one-line field, the bidirectional controls that make text read otherwise
than it is stored (a RIGHT-TO-LEFT OVERRIDE in a case number shows its digits reversed),
and lone surrogates, which are not characters at all and which no database can store."""

from __future__ import annotations

import unicodedata

LINE_BREAKS = "\n"  # canonical text keeps "\n" only (rules.values turns \r\n and \r into it)
TAB = "\t"
# Embeddings, overrides and isolates (Unicode's bidirectional formatting characters).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _name(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def character_problem(text: str, multiline: bool) -> str | None:
    """Why `text` cannot be kept as it is, or None. A one-line field takes no line break;
    a long text does. A tab is text (pasted from a spreadsheet) in either."""
    for char in text:
        if char in LINE_BREAKS and not multiline:
            return "holds a line break; this field is one line"
        if char in LINE_BREAKS or char == TAB:
            continue
        if char in BIDI_CONTROLS:
            return f"holds {_name(char)}, which changes how the text reads; remove it"
        category = unicodedata.category(char)
        if category == "Cc":
            return f"holds the control character {_name(char)}; remove it"
        if category == "Cs":
            return f"holds {_name(char)}, half of a character pair (not Unicode text)"
    return None
