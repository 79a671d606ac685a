"""The identifier kinds of HIPAA Safe Harbor that can be found by their shape in any free
text, whoever the patient: phone and fax numbers, e-mail addresses, URLs, IP addresses,
postal codes, numbers beside words such as MRN or account, names after a title or after
'seen by', hospitals. (Dates are in dates.py; the case's own values in own.py.)

Every pattern starts and ends on a token boundary and no number followed by a unit or a
percent sign is ever taken, so a measurement is never damaged; but a sign between two
numbers ('x 2', '× 3': an extension, a count) makes no measurement of a phone number, and a
card number (the Luhn check) is one whatever follows it: neither is cut before its last
group.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from desktop_app.deid.words import alternation, not_a_measurement, words

# A word of a name: 'Smith', 'SMITH', "O'Brien", 'Nguyen-Tran', 'Li', or an initial 'J.'.
NAME_WORD = r"(?:[^\W\d_a-z]\.|[^\W\d_a-z][^\W\d_]*(?:['’-][^\W\d_]+)*(?![\w'’-]))"
_PARTICLE = r"(?:van|von|de|der|den|du|da|di|del|la|le|ter|ten|bin|al|dos|das|y)"
NAME = rf"{NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{NAME_WORD}){{0,2}}"


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: str
    rank: int  # where patterns overlap, the lower rank says what it was


def _number_l() -> str:
    return r"(?<![\w.,/-])"


@cache
def _compiled() -> list[tuple[str, re.Pattern[str], int]]:
    """(kind, pattern, group whose span is replaced) in order of precedence."""
    w = words()
    guard = not_a_measurement()
    # a unit after a phone number, unless a number follows it ('… 0958 x 2': the sign joins
    # two numbers, and '12 x 8 mm' has its unit after the last)
    joined = rf"(?!\s?{alternation(w.units)}(?![^\W\d_])(?!\s*\d))"
    titles = alternation(w.titles)
    digits_r = r"(?![\w]|[.,]\d)"
    cap = r"[^\W\d_a-z][^\W\d_]+(?:-[^\W\d_]+)*"  # a word that starts with a capital
    phone_body = r"(?:\+\s?\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{1,5}(?:[\s.-]\d{2,5}){1,5}"
    cued_phone = r"\+?\s?(?:\(\d{1,5}\)\s?)?\d{1,5}(?:[\s.-]\d{1,5}){0,6}"
    ident = r"[A-Za-z]{0,4}\d[\w]*(?:(?:[-/.]|\s(?=\d{3}))[\w]*\d[\w]*)*"
    number_words = r"(?:\s*(?:number|num|nr|no|n°|n|#)\.?)?"
    particles = r"(?:(?:de|del|di|der|des|du|la|le|of|von|van)\s+)?"
    pats: list[tuple[str, str, int, int]] = [
        ("email", r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", 0, 0),
        ("URL", r"(?<!\w)(?:https?://|ftp://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", 0, 0),
        ("URL", r"(?<![\w@.])[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|info|io|de|fr|uk|nl"
                r"|es|it|ch|be|at|ca|au)(?:/[^\s<>\"']*[^\s<>\"'.,;:!?])?(?![\w])", 0, 0),
        ("IP address", r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}"
                       r"(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w]|\.\d)", 0, 0),
        ("IP address", r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])", 0, 0),
        ("IP address", r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}"
                       r"(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:])", 0, 0),
        ("identifier", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", 0, 0),  # US SSN
        ("phone", rf"(?<!\w)(?i:{alternation(w.phone_cues)})\.?(?:\s*(?:no|nr|number)\.?)?"
                  rf"[\s:.#=/-]*(?P<p>{cued_phone}){digits_r}{joined}", 1, 0),
        ("identifier", rf"(?<!\w){alternation(w.number_cues)}{number_words}[\s:#=.-]*"
                       rf"(?P<n>{ident}){digits_r}{guard}", 1, re.I),
        ("postal code", rf"(?<!\w)(?i:{alternation(w.postal_cues)})\.?[\s:#.-]*(?:{cap}\s+)?"
                        r"(?P<z>(?=[A-Z]{0,3}\d)[A-Z0-9]{2,5}(?:[\s-][A-Z0-9]{2,4})?)(?![\w])",
         1, 0),
        # a card number (ISO/IEC 7812): 13 to 19 digits, in groups of 3 to 6 after 4 or none,
        # which no date in numbers is; checked by `_card`, and taken whatever follows it
        ("identifier", rf"{_number_l()}(?P<card>\d{{4}}(?:[ -]\d{{3,6}}){{2,4}}|\d{{13,19}})"
                       rf"{digits_r}", 0, 0),
        ("phone", rf"{_number_l()}{phone_body}{digits_r}{joined}", 0, 0),
        ("postal code", r"(?<![\w])[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}(?![\w])", 0, 0),  # UK
        ("postal code", r"(?<![\w])[A-Z]\d[A-Z]\s\d[A-Z]\d(?![\w])", 0, 0),  # Canada
        ("postal code", r"(?<![\w])[A-Z]{2}\s+(?P<z>\d{5}(?:-\d{4})?)(?![\w])", 1, 0),  # US
        ("postal code", r"(?<![\w-])\d{5}-\d{4}(?![\w-])", 0, 0),  # ZIP+4
        ("postal code", rf"{_number_l()}(?P<z>(?!19|20)\d{{4}}\s?[A-Z]{{2}})(?![\w])", 1, 0),
        ("postal code", rf"(?:^|(?<=[,\n;:]\s)|(?<=[,\n;:]))\s*(?P<z>(?:\d{{5}}|(?!19|20)\d{{4}})"
                        rf"\s+{cap})", 1, re.M),
        ("postal code", rf"{_number_l()}(?P<z>\d{{5}}{guard}\s+[^\W\d_a-z][^\W\d_]{{2,}})", 1, 0),
        ("hospital", rf"(?:(?:St\.?|Saint|{cap}(?:['’]s)?)\s+){{1,4}}"
                     rf"(?i:{alternation(w.institution_after)})(?:\s+(?:of|de|for)\s+{cap})?"
                     r"(?!\w)", 0, 0),
        ("hospital", rf"(?<!\w)(?i:{alternation(w.institution_before)})\s+{particles}{cap}"
                     rf"(?:\s+{particles}{cap}){{0,2}}", 0, 0),
        ("name", rf"(?<!\w)(?:(?i:{titles})\.?\s+){{1,2}}(?P<who>{NAME})", 1, 0),
        ("name", rf"(?<!\w)(?i:{alternation(w.name_cues)})\s*:?\s*(?:(?i:{titles})\.?\s+)?"
                 rf"(?P<who>{NAME})", 1, 0),
    ]  # fmt: skip
    return [(kind, re.compile(p, flags), group) for kind, p, group, flags in pats]


def _digits(text: str) -> int:
    """A phone number's digits, without the international prefix 00 before a country code
    (E.164 allows fifteen after it)."""
    return sum(c.isdigit() for c in text.removeprefix("00"))


def _plausible(kind: str, text: str, cued: bool) -> bool:
    """A phone number without a cue word before it needs the look of one."""
    if kind == "phone" and not cued:
        digits = _digits(text)
        groups = len(re.findall(r"\d+", text))
        if digits < 7 or digits > 15 or groups < 2:
            return False
        return digits >= 8 or groups >= 3 or "+" in text or "(" in text
    if kind == "phone":
        return 6 <= _digits(text) <= 15
    return True


def _phone_at_start(text: str) -> int:
    """Where the phone number at the start of a run too long to be one ends (0 if none): the
    longest run of whole groups that can be one, ending in a group of three digits or more
    where one does ('020 7946 0958' of '020 7946 0958 12 2015'); in groups of two (the
    French way) the longest ('01 23 45 67 89 12' of '01 23 45 67 89 12 2015')."""
    ends = [(g.end(), len(g.group())) for g in re.finditer(r"\d+", text)]
    fits = [(end, size) for end, size in ends if _plausible("phone", text[:end], cued=True)]
    long = [end for end, size in fits if size >= 3]
    return max(long or [end for end, _size in fits] or [0])


_YEARS = re.compile(r"(?:19|20)\d\d(?:[ -](?:19|20)\d\d)+")


def _card(text: str) -> bool:
    """A payment-card number has 13 to 19 digits and passes the Luhn check (ISO/IEC 7812:
    from the right, every second digit doubled, its digits summed, the total a multiple of
    10), which a run of other numbers fails 9 times in 10. Groups that are each a year
    ('2015 2016 2017 2018' passes the check) are read as years, which Safe Harbor keeps."""
    if _YEARS.fullmatch(text):
        return False
    digits = [int(c) for c in reversed(text) if c.isdigit()]
    total = sum(d if i % 2 == 0 else (2 * d) // 10 + (2 * d) % 10 for i, d in enumerate(digits))
    return 13 <= len(digits) <= 19 and total % 10 == 0


DIGIT = re.compile(r"\d")
_CAPITAL = re.compile(r"[^\W\d_a-z]")


def _present(text: str) -> set[str]:
    """What a kind needs in the text to be worth looking for: most short texts hold no
    digit, and a pattern not run costs nothing (an export runs every text of every case)."""
    found: set[str] = set()
    if DIGIT.search(text):
        found.add("digit")
    if _CAPITAL.search(text):
        found.add("capital")
    found |= {c for c in "@.:" if c in text}
    return found


# What each kind needs in the text, any one of: a web address has a dot or '://', an IPv6
# address may be written without a digit ('fe::ab').
_NEEDS = {
    "email": {"@"}, "URL": {".", ":"}, "IP address": {"digit", ":"}, "identifier": {"digit"},
    "phone": {"digit"}, "postal code": {"digit"}, "hospital": {"capital"}, "name": {"capital"},
}  # fmt: skip


def find_patterns(text: str) -> Iterator[Hit]:
    """Every identifier of a Safe Harbor kind found by its shape in `text`."""
    compiled = _compiled()
    titled = next(i for i, (kind, _p, _g) in enumerate(compiled) if kind == "name")
    present = _present(text)
    for index, (kind, pattern, group) in enumerate(compiled):
        if not _NEEDS[kind] & present:
            continue
        for m in pattern.finditer(text):
            start, end = m.span(group)
            found = m.group(group)
            if kind == "name":
                start, end = _trim_name(text, start, end, titled=index == titled)
                if start >= end:
                    continue
            if kind == "phone" and group == 1 and _digits(found) > 15 and not _card(found):
                end = start + _phone_at_start(found)  # more numbers after the phone number
                found = text[start:end]
            if not _plausible(kind, found, cued=group == 1):
                continue
            if "card" in pattern.groupindex and not _card(found):
                continue
            yield Hit(start, end, kind, index)


def _trim_name(text: str, start: int, end: int, titled: bool) -> tuple[int, int]:
    """Drops leading words that are never names ('seen by The team'); after a cue word
    rather than a title, a word in capitals is an acronym ('caused by MGT metastases')."""
    never = words().not_names
    kept = []  # the words up to the first that is never a name ('A.' is an initial)
    for w in re.finditer(r"\S+", text[start:end]):
        if w.group().lower() in never:
            break
        kept.append(w)
    if not kept:
        return (start, start)
    alone = kept[0].group().strip(".") if len(kept) == 1 else ""
    if not titled and len(alone) > 1 and alone.isupper():
        return (start, start)
    return (start + kept[0].start(), start + kept[-1].end())
