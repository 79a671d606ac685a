"""Grading rules that are sums of scores: Nottingham (Elston and Ellis 1991) for breast
carcinoma: tubule formation, nuclear pleomorphism and mitotic count, each scored 1–3; a
total of 3–5 is grade 1, 6–7 grade 2, 8–9 grade 3. (FNCLCC is in rules.derived.)"""

from __future__ import annotations

from collections.abc import Sequence

Arg = str | list[str]


def _scores(args: Sequence[Arg], allowed: range) -> list[int] | None:
    try:
        scores = [int(str(a)) for a in args]
    except ValueError:
        return None  # "not stated", or a score that is no number
    return scores if all(s in allowed for s in scores) else None


def nottingham_grade(args: Sequence[Arg], _codes: tuple[str, ...]) -> str | None:
    scores = _scores(args, range(1, 4))
    if scores is None:
        return None
    total = sum(scores)
    return "1" if total <= 5 else "2" if total <= 7 else "3"
