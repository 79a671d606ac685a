"""The case's own identifiers (the values of its fields marked phi), and every common way
of writing them inside free text.

- Words of a name or an address, each on its own, ignoring case and accents ('Müller',
  'MULLER', 'Mueller'); words of two letters ('Li', 'Ng') only as written with a capital.
- Anything with digits (a record number, a phone number, a postcode) with or without
  separators: '7788-123', '7788 123', '7788123'; a number shorter than four digits is
  too common to look for alone (it is found beside 'MRN' instead, see patterns.py).
- Whole lines and comma-separated parts of a value ('12 Elm Street').
- Dates are compared by what they say, not how they are written: see scrub.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop_app.deid.words import not_a_measurement

_GENERIC = {
    "street", "st", "road", "rd", "avenue", "ave", "lane", "drive", "apt", "flat", "floor",
    "unit", "the", "and", "of", "de", "la", "le", "du", "des", "rue", "van", "von", "der",
    "den", "di", "da", "del", "via", "calle", "strasse", "straße", "box", "po", "tel",
    "phone", "email", "mail", "fax", "mobile", "no", "nr",
}  # fmt: skip
_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
_MIN_DIGITS = 4
_SEPARATORS = r"[\s\-./_()]{0,3}"


@dataclass(frozen=True)
class OwnValue:
    """One identifier of the case: what it is (a kind word: 'name', 'record number', ...)
    and its text."""

    kind: str
    text: str


def fold(text: str) -> str:
    """Without accents: 'Müller' -> 'Muller'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _variants(word: str) -> set[str]:
    found = {word, fold(word)}
    german = word
    for letter, spelled in _GERMAN.items():
        german = german.replace(letter, spelled)
    found.add(german)
    return found


def _skeleton(text: str) -> str:
    """A regex for `text`'s letters and digits with any separators between them."""
    chars = [c for c in text if c.isalnum()]
    return _SEPARATORS.join(re.escape(c) for c in chars)


def own_patterns(values: list[OwnValue]) -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern) for every spelling of every value; longest spellings first."""
    guard = not_a_measurement()
    found: dict[str, set[str]] = {}
    capital_words: dict[str, set[str]] = {}
    for value in values:
        kind_found = found.setdefault(value.kind, set())
        kind_caps = capital_words.setdefault(value.kind, set())
        for part in re.split(r"[\n,;]", value.text):
            part = part.strip()
            digits = sum(c.isdigit() for c in part)
            if digits >= _MIN_DIGITS:
                kind_found.add(rf"(?<![\w.,]){_skeleton(part)}(?![\w]|[.,]\d){guard}")
            if len(part) >= 4 and any(c.isalpha() for c in part):
                words = r"[\s,.-]+".join(re.escape(w) for w in part.split())
                kind_found.add(rf"(?<!\w){words}(?!\w)")
            for run in re.findall(r"\d[\d\s\-./()]*\d", part):
                if sum(c.isdigit() for c in run) >= _MIN_DIGITS:
                    kind_found.add(rf"(?<![\w.,]){_skeleton(run)}(?![\w]|[.,]\d){guard}")
            for word in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", part):
                if word.lower() in _GENERIC or len(word) < 2:
                    continue
                for variant in _variants(word):
                    if len(word) == 2:
                        kind_caps |= {variant.capitalize(), variant.upper()}
                    else:
                        kind_found.add(rf"(?<!\w){re.escape(variant)}(?!\w)")
    out: list[tuple[str, re.Pattern[str]]] = []
    for kind, spellings in found.items():
        if spellings:
            ordered = sorted(spellings, key=len, reverse=True)
            out.append((kind, re.compile("|".join(ordered), re.IGNORECASE)))
    for kind, exact in capital_words.items():
        if exact:
            body = "|".join(re.escape(w) for w in sorted(exact))
            out.append((kind, re.compile(rf"(?<!\w)(?:{body})(?![\w-])")))
    return out
