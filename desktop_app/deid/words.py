"""The words de-identification looks for (resources/deid/words.toml), loaded once, and the
regular-expression pieces built from them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from desktop_app.paths import resource_path


@dataclass(frozen=True)
class Words:
    months: dict[str, int]  # every spelling, lower case -> month number
    ambiguous_months: frozenset[str]
    date_joiners: tuple[str, ...]
    titles: tuple[str, ...]
    name_cues: tuple[str, ...]
    not_names: frozenset[str]
    number_cues: tuple[str, ...]
    phone_cues: tuple[str, ...]
    postal_cues: tuple[str, ...]
    institution_after: tuple[str, ...]
    institution_before: tuple[str, ...]
    units: tuple[str, ...]


@cache
def words() -> Words:
    with open(resource_path("deid", "words.toml"), "rb") as handle:
        raw = tomllib.load(handle)
    months = {name.lower(): int(number) for number, names in raw["months"].items()
              for name in names}  # fmt: skip
    return Words(
        months=months,
        ambiguous_months=frozenset(raw["ambiguous_months"]),
        not_names=frozenset(raw["not_names"]),
        **{key: tuple(raw[key]) for key in (
            "date_joiners", "titles", "name_cues", "number_cues", "phone_cues",
            "postal_cues", "institution_after", "institution_before", "units",
        )},
    )  # fmt: skip


_Tree = dict[str, "_Tree"]


def alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """A regex group matching any of `phrases` (the longest where several do), a space in
    a phrase matching any run of spaces. Written as a tree of shared beginnings ('ja' once
    for 'jan', 'janvier', 'januar'): a plain list of a hundred words is tried word by word
    at every position of the text, which made a megabyte take seconds."""
    tree: _Tree = {}
    for phrase in set(phrases):
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _tree_regex(tree)


def _tree_regex(node: _Tree) -> str:
    ends = "" in node
    branches = []
    for char in sorted(c for c in node if c):
        piece = r"\s+" if char == " " else re.escape(char)
        branches.append(piece + _tree_regex(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


@cache
def not_a_measurement() -> str:
    """A lookahead that fails when a unit or a percent sign follows a number: '12 mm',
    '12%' are measurements and never identifiers."""
    return rf"(?!\s?{alternation(words().units)}(?![^\W\d_]))"


@cache
def _measurement_after() -> re.Pattern[str]:
    return re.compile(rf"\s?{alternation(words().units)}(?![^\W\d_])", re.IGNORECASE)


def is_measured(text: str, end: int) -> bool:
    """Whether a unit or a percent sign follows the number that ends at `end` (the same
    test as not_a_measurement, made after a match: a case's own patterns are compiled for
    every case, and the units compiled into each made a de-identified export slow)."""
    return _measurement_after().match(text, end) is not None
