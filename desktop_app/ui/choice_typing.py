"""Typing a choice: what the registrar types picks a term by its code or by its label.

"4b" picks BI-RADS 4B (its code), "centrip" picks "Centripetal" (its label), "moderate"
picks "4B — Moderate suspicion" (a word of its label); case never matters. Keys typed in
quick succession add up to one text, as in any list, spaces included ("central portion"
picks "C50.1 — Central portion of breast"); pressing the same key again steps through the
terms it starts. Text that picks nothing is reported, never guessed at. A space typed on its
own is not text: it opens no list (Alt+Down or F4 does), and it ticks a box.

Plain Python: the editors in field_editors.py feed it keys and show what it found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Choice:
    """One item a registrar can pick: its code (empty when codes are not typed, as for a
    reference to another entry) and the texts it is known by (its label, what is shown)."""

    code: str
    texts: tuple[str, ...]


def _tiers(choice: Choice, typed: str) -> int | None:
    """How well `typed` (casefolded) names the choice: 0 best, None not at all."""
    code = choice.code.casefold()
    texts = [t.casefold() for t in choice.texts if t]
    if code and code == typed:
        return 0
    if typed in texts:
        return 1
    if code and code.startswith(typed):
        return 2
    if any(t.startswith(typed) for t in texts):
        return 3
    if any(t.startswith(typed, w.start()) for t in texts for w in WORD.finditer(t)):
        return 4  # from the start of a word on: "central portion" in "C50.1 — Central portion…"
    return None


def find_choice(choices: Sequence[Choice], typed: str) -> int | None:
    """The index of the choice `typed` names best: an exact code, an exact label, the start
    of a code, the start of a label, the start of a word of a label, in that order; the
    first in the list among equals. None when nothing matches (or nothing was typed)."""
    wanted = typed.casefold()
    if not wanted.strip():
        return None
    best: tuple[int, int] | None = None
    for index, choice in enumerate(choices):
        tier = _tiers(choice, wanted)
        if tier is not None and (best is None or tier < best[0]):
            best = (tier, index)
    return None if best is None else best[1]


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

    def feed(self, key_text: str, now_ms: float) -> str:
        self.started = self.last_ms is None or now_ms - self.last_ms > self.interval_ms
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
    """What the text typed so far picks: the best match of the whole text, else the next
    choice the repeated key names; None when the text names nothing."""
    found = find_choice(choices, typed)
    if found is None and repeated:
        found = cycle_choice(choices, repeated, current)
    return found


def not_found_hint(typed: str, what: str, how: str) -> str:
    """The message beside a field when the text typed picks nothing; `how` says what to
    type instead."""
    return f"No {what} matches “{typed}”; the value is unchanged. Type {how}."
