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
from dataclasses import dataclass, field

from desktop_app.deid.words import alternation

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


@dataclass
class _Spellings:
    numbers: set[str] = field(default_factory=set)  # regexes of letters and digits
    phrases: set[str] = field(default_factory=set)  # regexes of whole parts
    words: set[str] = field(default_factory=set)  # words, any case
    capitals: set[str] = field(default_factory=set)  # two-letter words, as written

    def add(self, part: str) -> None:
        digits = sum(c.isdigit() for c in part)
        if digits >= _MIN_DIGITS:
            self.numbers.add(_skeleton(part))
        if len(part) >= 4 and any(c.isalpha() for c in part):
            self.phrases.add(r"[\s,.-]+".join(re.escape(w) for w in part.split()))
        for run in re.findall(r"\d[\d\s\-./()]*\d", part):
            if sum(c.isdigit() for c in run) >= _MIN_DIGITS:
                self.numbers.add(_skeleton(run))
        for word in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", part):
            if word.lower() in _GENERIC or len(word) < 2:
                continue
            for variant in _variants(word):
                if len(word) == 2:
                    self.capitals |= {variant.capitalize(), variant.upper()}
                else:
                    self.words.add(variant.lower())

    def patterns(self) -> list[re.Pattern[str]]:
        """The boundaries are written once for each list (a test per spelling at every
        position of the text made a megabyte take seconds)."""
        parts = []
        # Numbers before phrases: where both match at one place, the number's spelling
        # (any separators between its characters) reaches further, so "AB-7788-9" is
        # removed whole rather than "AB-7788" by the phrase of a shorter identifier.
        if self.numbers:
            ordered = sorted(self.numbers, key=len, reverse=True)
            parts.append(rf"(?P<number>(?<![\w.,])(?:{'|'.join(ordered)})(?![\w]|[.,]\d))")
        if self.phrases:
            ordered = sorted(self.phrases, key=len, reverse=True)
            parts.append(rf"(?<!\w)(?:{'|'.join(ordered)})(?!\w)")
        if self.words:
            parts.append(rf"(?<!\w){alternation(sorted(self.words))}(?!\w)")
        found = [re.compile("|".join(parts), re.IGNORECASE)] if parts else []
        if self.capitals:
            body = "|".join(re.escape(w) for w in sorted(self.capitals))
            found.append(re.compile(rf"(?<!\w)(?:{body})(?![\w-])"))
        return found


def own_patterns(values: list[OwnValue]) -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern) for every spelling of every value."""
    kinds: dict[str, _Spellings] = {}
    for value in values:
        spellings = kinds.setdefault(value.kind, _Spellings())
        for part in re.split(r"[\n,;]", value.text):
            spellings.add(part.strip())
    return [(kind, p) for kind, spellings in kinds.items() for p in spellings.patterns()]
