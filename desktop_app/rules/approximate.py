"""Approximate dates: "about 2015", "before +6m", "after May 2015", kept with their words.

A date field's canonical text may begin with one mark (the rest is an ordinary date, partial
date or offset, see rules.values):

    "~2015-05"   about May 2015
    "<+6m"       before 6 months after the index date
    ">2015"      after 2015

Everything that places a date (chronology, intervals, the timeline) reads the date without
its mark, as the point it names; the timeline also draws the span it may stand for
(report/approximate_dates.py). What a registrar may type: "~", "≈", "about",
"approximately", "approx.", "around", "circa", "c.", "ca." (about); "<", "before", "by",
"prior to" (before); ">", "after", "since" (after).

Vague ages ("adult", "in her fifties") are a qualified number's words: a field with
`words = "<vocabulary>"` stores the range a term's code gives (">=18", "50-59") and prints
the term's label beside it ("fifties (50–59 years)").
"""

from __future__ import annotations

import re

from desktop_app.spec.model import FieldSpec, Spec

ABOUT, BEFORE, AFTER = "~", "<", ">"
MARK_WORDS = {ABOUT: "about", BEFORE: "before", AFTER: "after"}
_TYPED: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(w, ABOUT) for w in ("~", "≈", "about", "approximately", "approx.", "approx",
                              "around", "circa", "c.", "ca.", "ca")]
        + [(w, BEFORE) for w in ("<", "before", "by", "prior to")]
        + [(w, AFTER) for w in (">", "after", "since")],
        key=lambda pair: -len(pair[0]),
    )
)  # fmt: skip


def split_date_qualifier(text: str) -> tuple[str, str]:
    """(mark, the date without it): ("~", "2015") for "about 2015"; ("", text) for none."""
    s = text.strip()
    low = s.lower()
    for word, mark in _TYPED:
        if not low.startswith(word):
            continue
        rest = s[len(word) :]
        # A word ("about") must stand alone; a sign ("~", "<") may touch the date.
        if word[-1].isalpha() and rest[:1].isalpha():
            continue
        return mark, rest.strip()
    return "", s


def date_words(mark: str) -> str:
    """The words a mark prints as: 'about', 'before', 'after' ('' for none)."""
    return MARK_WORDS.get(mark, "")


_AGE_LEAD = re.compile(r"^(?:an?\s+)?(?:in\s+)?(?:his|her|their|the)?\s*", re.IGNORECASE)


def number_words(spec: Spec, field: FieldSpec, text: str) -> str:
    """The range that words such as "adult" or "in her fifties" stand for (a code of the
    field's `words` vocabulary), or `text` unchanged when it is not such words."""
    if not field.words:
        return text
    vocab = spec.vocabulary(field.words)
    low = _AGE_LEAD.sub("", text.strip().lower()).strip()
    decade = re.fullmatch(r"([1-9])0'?s", low)
    for term in vocab.terms:
        if low in (term.label.lower(), term.code) or (
            decade and term.code.startswith(decade.group(1) + "0-")
        ):
            return term.code
    return text


def words_of(spec: Spec, field: FieldSpec, value: str) -> str:
    """The words a stored range was given as ("fifties" for "50-59"), or ""."""
    if not field.words:
        return ""
    term = spec.vocabulary(field.words).term(value)
    return term.label if term else ""
