"""Qualified numbers, as case reports give them: exact, approximately, <, ≤, >, ≥, or a range.

A field declared `qualified = true` stores one of these canonical forms:

    "70"      exact                 70 mm
    "~70"     approximately         approximately 70 mm
    "<50"     less than             < 50 %
    "<=50"    at most               ≤ 50 %
    ">15"     more than             > 15 %
    ">=15"    at least              ≥ 15 %
    "10-15"   a range               10–15 mm

What a registrar types may be worded ("approximately 70", "less than 50", "exceeds 15",
"10 to 15", "≥ 15"). The number stored beside the text for SQL is the value itself, the
bound of an inequality, or the middle of a range (see `representative`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

QUALIFIERS = ("", "~", "<", "<=", ">", ">=", "-")  # "-" marks a range
QUALIFIED_HELP = "a number such as 70, ~70 (approximately), <50, <=50, >15, >=15 or a range 10-15"

# Words and signs a registrar may type, longest first so that "<=" wins over "<".
_WORDED: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(w, "~") for w in ("~", "≈", "approximately", "approx.", "approx", "about", "circa",
                            "ca.", "around", "roughly")]
        + [(w, "<=") for w in ("<=", "≤", "=<", "at most", "up to", "no more than")]
        + [(w, ">=") for w in (">=", "≥", "=>", "at least", "no less than")]
        + [(w, "<") for w in ("<", "less than", "below", "under", "fewer than")]
        + [(w, ">") for w in (">", "more than", "greater than", "over", "above", "exceeds",
                              "exceeding", "exceeded", "in excess of")],
        key=lambda pair: -len(pair[0]),
    )
)  # fmt: skip
_NUMBER = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)"
_RANGE = re.compile(rf"^({_NUMBER})\s*(?:-|–|—|to)\s*({_NUMBER})$")
_SIGNS = {"~": "approximately ", "<": "< ", "<=": "≤ ", ">": "> ", ">=": "≥ "}


class QualifiedRefused(ValueError):
    """Text that is not a qualified number; the message says what is expected."""


@dataclass(frozen=True)
class Qualified:
    qualifier: str  # one of QUALIFIERS
    value: Decimal  # the number, or the low end of a range
    high: Decimal | None = None  # the high end of a range

    @property
    def exact(self) -> bool:
        return self.qualifier == ""

    def bounds(self) -> tuple[Decimal | None, Decimal | None, bool, bool]:
        """(low, high, low included, high included); None where the report gives no bound.
        An approximate value is treated as its value: rules that need certainty ask `exact`."""
        q, v = self.qualifier, self.value
        if q == "-":
            return v, self.high, True, True
        if q in ("<", "<="):
            return None, v, False, q == "<="
        if q in (">", ">="):
            return v, None, q == ">=", False
        return v, v, True, True

    def representative(self) -> float:
        """The one number SQL compares: the value, the bound, or the middle of a range."""
        if self.qualifier == "-" and self.high is not None:
            return float((self.value + self.high) / 2)
        return float(self.value)

    def map(self, fn: Callable[[Decimal], Decimal]) -> Qualified:
        """The same qualification of fn(number), for a monotonically increasing fn."""
        return Qualified(self.qualifier, fn(self.value), fn(self.high) if self.high else None)


def _number(text: str, integer: bool, original: str) -> Decimal:
    s = text.strip().replace(" ", "")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    if integer and not re.fullmatch(r"[+-]?\d+", s):
        raise QualifiedRefused(f"'{original}' is not a whole number; expected {QUALIFIED_HELP}")
    try:
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
            raise InvalidOperation
        return Decimal(s)
    except InvalidOperation:
        raise QualifiedRefused(f"'{original}' is not a number; expected {QUALIFIED_HELP}") from None


def without_unit(text: str, unit: str) -> str:
    """`text` less its field's own unit typed after it ("64mm", "120 kPa", any case):
    the number that was meant. Any other text is returned as it was."""
    s = text.strip()
    if unit and len(s) > len(unit) and s.casefold().endswith(unit.casefold()):
        return s[: -len(unit)].rstrip()
    return s


def parse_qualified(text: str, integer: bool = False, unit: str = "") -> Qualified:
    """A qualified number; `unit`, the field's own, may be typed after it."""
    s = without_unit(text, unit)
    low = s.lower()
    for word, qualifier in _WORDED:
        if low.startswith(word):
            rest = s[len(word) :].strip()
            if not rest:
                break
            return Qualified(qualifier, _number(rest, integer, text))
    ranged = _RANGE.match(low)
    if ranged:
        a, b = (_number(ranged.group(i), integer, text) for i in (1, 2))
        if a >= b:
            raise QualifiedRefused(f"'{text}': a range goes from the smaller to the larger number")
        return Qualified("-", a, b)
    return Qualified("", _number(s, integer, text))


def _plain(number: Decimal, integer: bool) -> str:
    if integer:
        return str(int(number))
    return "0" if number == 0 else format(number, "f")


def canonical_qualified(value: Qualified, integer: bool = False) -> str:
    number = _plain(value.value, integer)
    if value.qualifier == "-" and value.high is not None:
        return f"{number}-{_plain(value.high, integer)}"
    return value.qualifier + number


def display_qualified(canonical: str, unit: str = "") -> str:
    try:
        value = parse_qualified(canonical)
    except QualifiedRefused:
        return canonical
    suffix = f" {unit}" if unit else ""
    if value.qualifier == "-" and value.high is not None:
        return f"{_plain(value.value, False)}–{_plain(value.high, False)}{suffix}"
    return f"{_SIGNS.get(value.qualifier, '')}{_plain(value.value, False)}{suffix}"
