"""Typing a choice: what the registrar types finds terms by their code, their label or
any word of a label or synonym; a text that names several terms lists them, and picks none.

"4b" picks BI-RADS 4B (its code, shown) at once, as does "C50.1" or "8500/2", or a whole
label.
"centrip" picks "Centripetal", the only term it starts. "lower" names both lower quadrants:
both are offered and neither is picked until the registrar chooses one. Words may come in
any order and each may be the start of a word ("carcinoma situ duct" finds 8500/2), and
British and American spellings find each other ("tumour", "tumor"); case never matters.
Keys typed in quick succession add up to one text, as in any list, spaces included;
pressing the same key again steps through the terms it starts. Text that names nothing is
reported, never guessed at. A space typed on its own is not text: it opens no list (Alt+Down
or F4 does), and it ticks a box.

Plain Python: the editors in choice_editors.py feed it keys and show what it found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from desktop_app.spec.vocabulary_index import fold

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Choice:
    """One item a registrar can pick: its code (empty when codes are not typed, as for a
    reference to another entry) and the texts it is known by (its label, what is shown)."""

    code: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    """What a typed text found: the choice it picks, or the candidates it names (when it
    names several and none exactly); both empty when it names nothing."""

    picked: int | None = None
    candidates: list[int] = field(default_factory=list)


@lru_cache(maxsize=16384)
def _prepared(choice: Choice) -> tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The choice's code and texts folded once, and the words of each text."""
    texts = tuple(dict.fromkeys(fold(t) for t in choice.texts if t))
    return fold(choice.code), texts, tuple(tuple(WORD.findall(t)) for t in texts)


def _tiers(choice: Choice, typed: str) -> int | None:
    """How well `typed` (folded) names the choice: 0 best, None not at all."""
    code, texts, words = _prepared(choice)
    if code and code == typed:
        return 0
    if typed in texts:
        return 1
    if code and code.startswith(typed):
        return 2
    if any(t.startswith(typed) for t in texts):
        return 3
    if any(f" {typed}" in t or f"({typed}" in t or f"-{typed}" in t for t in texts):
        return 4  # from the start of a word on: "central portion" in "C50.1 — Central portion…"
    wanted = WORD.findall(typed)
    if wanted and any(all(any(w.startswith(x) for w in ws) for x in wanted) for ws in words):
        return 5  # every word typed starts a word of one name, in any order
    return None


def shows_code(choice: Choice) -> bool:
    """Whether the item shown starts with the code as written ("4B — Moderate suspicion",
    "C50.1 — Central portion of breast"): a code the registrar sees picks at once. A code
    never shown picks at once unless other names start with it too: "mri" picks MRI, but
    "upper" (the code of "Upper breast, quadrant not given") lists it with the upper
    quadrants."""
    shown = choice.texts[0] if choice.texts else ""
    rest = shown[len(choice.code) :]
    return bool(choice.code) and shown.startswith(choice.code) and not rest[:1].isalnum()


def search(choices: Sequence[Choice], typed: str) -> Found:
    """What `typed` finds: an exact code or an exact name picks its choice at once, as does
    a text that names only one choice; a text that names several picks none and lists them,
    best first (start of a code, start of a name, a word of a name), then in list order."""
    wanted = fold(typed)
    if not wanted.strip():
        return Found()
    ranked = sorted((tier, index) for index, choice in enumerate(choices)
                    if (tier := _tiers(choice, wanted)) is not None)  # fmt: skip
    starts = sum(1 for tier, _index in ranked if 0 < tier <= 3)  # other codes or names it starts
    exact = [index for tier, index in ranked
             if tier == 0 and (shows_code(choices[index]) or not starts)]  # fmt: skip
    exact = exact or [index for tier, index in ranked if tier == 1]
    if len(exact) == 1:
        return Found(picked=exact[0])
    if len(ranked) == 1:
        return Found(picked=ranked[0][1])
    return Found(candidates=[index for _tier, index in ranked])


def find_choice(choices: Sequence[Choice], typed: str) -> int | None:
    """The index of the choice `typed` names best: an exact code, an exact label, the start
    of a code, the start of a label, the start of a word of a label, in that order; the
    first in the list among equals. None when nothing matches (or nothing was typed).
    (Moving to a tick box, which picks nothing; a choice's value uses `search`.)"""
    found = search(choices, typed)
    return found.picked if found.picked is not None else next(iter(found.candidates), None)


def cycle_choice(choices: Sequence[Choice], key: str, current: int | None) -> int | None:
    """The next choice after `current` that the single key names at all (the same key
    pressed again steps through "4", "4A", "4B", "4C"); None when it names none."""
    wanted = key.casefold()
    named = [i for i, c in enumerate(choices) if _tiers(c, wanted) is not None]
    if not named:
        return None
    later = [i for i in named if current is not None and i > current]
    return later[0] if later else named[0]


class TypeAhead:
    """The keys typed so far: a pause longer than `interval_ms` starts a new text."""

    def __init__(self, interval_ms: int) -> None:
        self.interval_ms = interval_ms
        self.text = ""
        self.last_ms: float | None = None
        self.started = False  # the key just fed began a new text

    def feed(self, key_text: str, now_ms: float, keep: bool = False) -> str:
        """Add a key; `keep` adds it to the text however long the pause (a list of
        candidates is open: the registrar is still narrowing it)."""
        late = self.last_ms is None or now_ms - self.last_ms > self.interval_ms
        self.started = late and not keep
        if self.started:
            self.text = ""
        self.text += key_text
        self.last_ms = now_ms
        return self.text

    def in_burst(self, now_ms: float) -> bool:
        """Whether a key typed now adds to the text typed so far."""
        return self.last_ms is not None and now_ms - self.last_ms <= self.interval_ms

    def repeated_key(self) -> str:
        """The key when the text is one key pressed more than once, else ""."""
        return self.text[0] if len(self.text) > 1 and len(set(self.text)) == 1 else ""


def resolve(
    choices: Sequence[Choice], typed: str, repeated: str, current: int | None
) -> int | None:
    """Where the text typed so far moves to: the best match of the whole text, else the next
    choice the repeated key names; None when the text names nothing."""
    found = find_choice(choices, typed)
    if found is None and repeated:
        found = cycle_choice(choices, repeated, current)
    return found


def resolve_found(
    choices: Sequence[Choice], typed: str, repeated: str, current: int | None
) -> Found:
    """What the text typed so far picks or offers (`search`); a text that names nothing but
    is one key pressed again steps to the next choice that key names."""
    found = search(choices, typed)
    if found.picked is None and not found.candidates and repeated:
        return Found(picked=cycle_choice(choices, repeated, current))
    return found


def candidates_hint(typed: str, count: int) -> str:
    """The message beside a field whose typed text names several choices."""
    return (f"{count} choices match “{typed}”; none is picked. Choose one from the list "
            "(Down, then Enter or Tab), or type more.")  # fmt: skip


def not_found_hint(typed: str, what: str, how: str) -> str:
    """The message beside a field when the text typed picks nothing; `how` says what to
    type instead."""
    return f"No {what} matches “{typed}”; the value is unchanged. Type {how}."
