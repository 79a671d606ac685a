"""Case numbers, searched in their own column rather than in the full-text index.

Every case's number ("BX000042") was a line of its text in the trigram index. The index
has no positions (`detail=none`), so a word made of the numbers' common trigrams ("BX000")
had every case as a candidate, each checked against the case's whole text (105 ms a
keystroke at 100,000 cases). The number is now searched in `cases.case_number` through its
unique index, whose entries (number and id) are a few bytes each:

- as a **prefix**, by one range of the index per way of writing the word's letters
  ("bx0": "bx0", "bX0", "Bx0", "BX0"; at most VARIANTS_AT_MOST, else by the scan): reads
  only the numbers that begin so, and stops at a LIMIT (the count up to its cap);
- **anywhere** (the middle, the end), by LIKE over the index alone (not the table): 6 ms
  at 100,000 cases, 60 ms at 1,000,000.

A number is found whatever the case of the letters typed (LIKE folds ASCII letters, GLOB
is given both cases of the others).
A case holds a word when its number or its text holds it; several words must each be held
by one or the other (`held`).

The scan is skipped for a word no number can hold: `store_meta` keeps every character and
every pair of characters that follow each other in any case number ("b", "bx", "x0", …:
`PIECES_KEY`), and those past each number's first character (`INNER_KEY`: "x", "x0", …, not
"bx"), added to at each save and made whole again with the search index. A word with a
piece not among them ("leio", "zz") is in no number; one with a piece not among the inner
ones ("bx0004") is in none but at its start, which the ranges read. That is told by one
lookup before the scan: a table of one row or none joined before the numbers (SQLite tests
a constant condition on every row it scans; an empty table ends the scan before it reads
any number). A number's pieces stay after it is changed: the set only grows (a scan too
many, never a number missed). Without the rows (a database written by other means) every
word is scanned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import product
from math import prod
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_, select

from desktop_app.store import tables as t
from desktop_app.store.meta import record

VARIANTS_AT_MOST = 16  # ranges a prefix is read by: four ASCII letters
TOP = chr(0x10FFFF)  # the last Unicode character: the numbers beginning with v are v … v + TOP
PIECES_KEY = "case_number_pieces"  # store_meta: the characters and pairs the numbers hold
INNER_KEY = "case_number_inner_pieces"  # those past each number's first character
LINE = "\n"  # between pieces, and around them all


def escaped(word: str) -> str:
    """The word for LIKE … ESCAPE '/': % and _ are the characters typed, not wildcards."""
    return word.replace("/", "//").replace("%", "/%").replace("_", "/_")


def holds(word: str, number: Any, portable: bool = False) -> ColumnElement[bool]:
    """Whether a case number holds the word anywhere, whatever the case of its letters (the
    word is folded to lower case already): SQLite's LIKE folds ASCII letters, and a word
    with other letters ("ä") is matched by GLOB with both cases of each letter ("[äÄ]");
    elsewhere ILIKE."""
    pattern = f"%{escaped(word)}%"
    if portable:
        return number.ilike(pattern, escape="/")
    if all(ch.isascii() or _cases(ch) == (ch,) for ch in word):
        return number.like(pattern, escape="/")
    return number.op("GLOB")("*" + "".join(_glob(ch) for ch in word) + "*")


def _cases(ch: str) -> tuple[str, ...]:
    """A character in lower and upper case (itself alone if it has no other case)."""
    upper = ch.upper()
    return (ch, upper) if upper != ch and len(upper) == 1 else (ch,)


def _glob(ch: str) -> str:
    if ch in "*?[":
        return f"[{ch}]"
    ways = _cases(ch)
    return f"[{''.join(ways)}]" if len(ways) > 1 else ch


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
    ways = [_cases(ch) for ch in word]
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
        return [scanned(numbers, [], words).where(held_here, *others)]
    begun = or_(*(number.like(f"{escaped(w)}%", escape="/") for w in covered))
    anywhere = [w for w in words if w not in covered]  # those not read by ranges
    return [
        select(numbers.c.id).where(or_(*ranges), held_here, *others),
        scanned(numbers, covered, anywhere).where(~begun, held_here, *others),
    ]


def beginning(words: list[str], numbers: Any) -> Any | None:
    """SQLite: the ids of the cases whose number begins with one of the words, by ranges of
    the index (None when no word can be read so): a cheap estimate of how many numbers
    hold the words."""
    ranges, _covered = _begins(words, numbers.c.case_number)
    return select(numbers.c.id).where(or_(*ranges)) if ranges else None


def pieces(number: str) -> set[str]:
    """The characters of a case number and its pairs of characters, in lower case."""
    folded = number.lower()
    found = set(folded) | {folded[n : n + 2] for n in range(len(folded) - 1)}
    return {piece for piece in found if LINE not in piece}


def _kept(found: set[str]) -> str:
    return LINE + LINE.join(sorted(found)) + LINE


def note(connection: Any, numbers: Iterable[str], anew: bool = False) -> None:
    """SQLite: add the pieces of these numbers to those `store_meta` keeps (with `anew`:
    only theirs, for every case's number)."""
    meta = t.store_meta.c
    listed = list(numbers)
    for key, found in _found(listed).items():
        old = connection.execute(select(meta.value).where(meta.key == key)).scalar()
        have = set() if old is None or anew else set(old.split(LINE)) - {""}
        if old is None or not found <= have:
            record(connection, key, _kept(have | found))


def _found(numbers: Iterable[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {PIECES_KEY: set(), INNER_KEY: set()}
    for number in numbers:
        found[PIECES_KEY] |= pieces(number)
        found[INNER_KEY] |= pieces(number[1:])
    return found


def note_every_number(cursor: Any) -> None:
    """SQLite, on a DB-API cursor (the benchmark's writers): the pieces of every number."""
    numbers = [n for (n,) in cursor.execute(f"SELECT case_number FROM {t.cases.name}")]
    for key, found in _found(numbers).items():
        cursor.execute(f"DELETE FROM {t.store_meta.name} WHERE key = ?", (key,))
        cursor.execute(f"INSERT INTO {t.store_meta.name} (key, value) VALUES (?, ?)",
                       (key, _kept(found)))  # fmt: skip


def scanned(numbers: Any, inside: list[str], anywhere: list[str]) -> Any:
    """SQLite: the ids of `numbers` (an alias of `cases`), read by a scan of the number
    index only when a number may hold one of the words `inside` past its first character
    or one of the words `anywhere` (`possible`): the scan is joined after a table of one
    row or none (LIMIT: never merged into the scan's own conditions)."""
    gate = select(literal(1).label("go")).where(
        or_(possible(inside, INNER_KEY), possible(anywhere, PIECES_KEY))
    ).limit(1).subquery("gate")  # fmt: skip
    return select(numbers.c.id).select_from(gate.join(numbers, literal(True)))


def possible(words: list[str], key: str) -> ColumnElement[bool]:
    """Whether a number may hold one of the words: every piece of it is among the numbers'
    kept under `key` (or nothing is kept)."""
    meta = t.store_meta.c
    kept = select(meta.value).where(meta.key == key).scalar_subquery()

    def could(word: str) -> ColumnElement[bool]:
        needed = {word} if len(word) == 1 else {word[n : n + 2] for n in range(len(word) - 1)}
        return and_(*(func.instr(kept, LINE + piece + LINE) > 0 for piece in sorted(needed)))

    if not words:
        return literal(False)
    return or_(kept.is_(None), *(could(w) for w in words))
