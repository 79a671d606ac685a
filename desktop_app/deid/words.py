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
        **{key: tuple(raw[key]) for key in (
            "date_joiners", "titles", "name_cues", "number_cues", "phone_cues",
            "postal_cues", "institution_after", "institution_before", "units",
        )},
    )  # fmt: skip


def alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """A regex group matching any of `phrases`, longest first, spaces matching any space."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) + ")"


@cache
def not_a_measurement() -> str:
    """A lookahead that fails when a unit or a percent sign follows a number: '12 mm',
    '12%' are measurements and never identifiers."""
    return rf"(?!\s?{alternation(words().units)}(?![^\W\d_]))"
