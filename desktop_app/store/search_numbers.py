"""Case numbers, searched in their own column rather than in the full-text index.

Every case's number ("BX000042") was a line of its text in the trigram index. The index
has no positions (`detail=none`), so a word made of the numbers' common trigrams ("BX000")
had every case as a candidate, each checked against the case's whole text (105 ms a
keystroke at 100,000 cases). The number is now searched in `cases.case_number` through its
unique index, whose entries (number and id) are a few bytes each:

- as a **prefix**, by one range of the index per way of writing the word's ASCII letters
  ("bx0": "bx0", "bX0", "Bx0", "BX0"; at most VARIANTS_AT_MOST, else by the scan): reads
  only the numbers that begin so, and stops at a LIMIT (the count up to its cap);
- **anywhere** (the middle, the end), by LIKE over the index alone (not the table): 6 ms
  at 100,000 cases, 60 ms at 1,000,000.

LIKE folds ASCII letters, as the ranges do (a number is found whatever the case typed).
A case holds a word when its number or its text holds it; several words must each be held
by one or the other (`held`).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from math import prod
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select

VARIANTS_AT_MOST = 16  # ranges a prefix is read by: four ASCII letters
TOP = chr(0x10FFFF)  # the last Unicode character: the numbers beginning with v are v … v + TOP


def escaped(word: str) -> str:
    """The word for LIKE … ESCAPE '/': % and _ are the characters typed, not wildcards."""
    return word.replace("/", "//").replace("%", "/%").replace("_", "/_")


def holds(word: str, number: Any, portable: bool = False) -> ColumnElement[bool]:
    """Whether a case number holds the word anywhere, whatever the case of its letters (the
    word is folded to lower case already): SQLite's LIKE folds ASCII letters; elsewhere
    ILIKE."""
    pattern = f"%{escaped(word)}%"
    if portable:
        return number.ilike(pattern, escape="/")
    return number.like(pattern, escape="/")


def held(
    words: list[str],
    number: Any,
    text_holds: Callable[[str], ColumnElement[bool]],
    portable: bool = False,
) -> ColumnElement[bool]:
    """The cases whose number holds one of the words and which hold every word in their
    number or their text (`text_holds(word)`: the case's text holds it). With the cases
    whose text holds every word, these are all the cases holding the words."""
    if len(words) == 1:
        return holds(words[0], number, portable)
    each = [or_(holds(w, number, portable), text_holds(w)) for w in words]
    return and_(or_(*(holds(w, number, portable) for w in words)), *each)


def variants(word: str) -> list[str] | None:
    """Every way of writing the word's ASCII letters in either case (None: too many)."""
    ways = [(ch, ch.upper()) if ch.isascii() and ch.isalpha() else (ch,) for ch in word]
    if prod(len(w) for w in ways) > VARIANTS_AT_MOST:
        return None
    return ["".join(letters) for letters in product(*ways)]


def _begins(words: list[str], number: Any) -> tuple[list[ColumnElement[bool]], list[str]]:
    """The index ranges of the numbers beginning with one of the words, and the words they
    cover (those with few enough ways of writing them)."""
    ranges: list[ColumnElement[bool]] = []
    covered: list[str] = []
    for word in words:
        ways = variants(word)
        if ways is None or not word:
            continue
        covered.append(word)
        ranges += [and_(number >= way, number < way + TOP) for way in ways]
    return ranges, covered


def in_index_order(words: list[str], numbers: Any, held_here: ColumnElement[bool],
                   *others: ColumnElement[bool]) -> list[Any]:  # fmt: skip
    """SQLite: queries whose ids, one after the other, are the cases (`numbers`: an alias of
    `cases`) whose number holds a word and that meet `held_here` and `others`, each once:
    first those whose number begins with a word (read by ranges of the index, stopping at a
    LIMIT), then the others (a scan of the index): for a count up to a cap."""
    number = numbers.c.case_number
    ranges, covered = _begins(words, number)
    if not ranges:
        return [select(numbers.c.id).where(held_here, *others)]
    begun = or_(*(number.like(f"{escaped(w)}%", escape="/") for w in covered))
    return [
        select(numbers.c.id).where(or_(*ranges), held_here, *others),
        select(numbers.c.id).where(~begun, held_here, *others),
    ]


def beginning(words: list[str], numbers: Any) -> Any | None:
    """SQLite: the ids of the cases whose number begins with one of the words, by ranges of
    the index (None when no word can be read so): a cheap estimate of how many numbers
    hold the words."""
    ranges, _covered = _begins(words, numbers.c.case_number)
    return select(numbers.c.id).where(or_(*ranges)) if ranges else None
