"""Whether a value the source reported agrees with the value a rule derives from other
reported values, within the rounding of what was written.

A number written "54" stands for anything from 53.5 to 54.5; "4.22" for 4.215 to 4.225.
A derived number is computed at both ends of its input's span (one numeric input: a unit
conversion) and rounded as the rule rounds; the two agree when their spans meet. So 4.22 m/s
(53.3–53.6 kPa) agrees with a reported 54 kPa and disagrees with 80 kPa. Anything else (a
grade, a code) agrees only when it is the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from desktop_app.rules.qualified import Qualified, QualifiedRefused, parse_qualified

Arg = str | list[str]
Compute = Callable[[Sequence[Arg], tuple[str, ...]], str | None]
Span = tuple[Decimal, Decimal]


def _number(text: str) -> Qualified | None:
    try:
        q = parse_qualified(text)
    except QualifiedRefused:
        return None
    return q if q.qualifier in ("", "~", "-") else None  # an inequality is a bound, not a value


def _half_step(number: Decimal) -> Decimal:
    exponent = number.as_tuple().exponent
    return Decimal(5).scaleb(int(exponent) - 1) if isinstance(exponent, int) else Decimal(0)


def written_span(text: str) -> Span | None:
    """The values a written number (or range) stands for, at the precision it was written."""
    q = _number(text)
    if q is None:
        return None
    high = q.high if q.high is not None else q.value
    return q.value - _half_step(q.value), high + _half_step(high)


def _derived_span(derived: str, compute: Compute, args: Sequence[Arg],
                  codes: tuple[str, ...]) -> Span | None:  # fmt: skip
    own = written_span(derived)
    if own is None:
        return None
    if len(args) != 1 or not isinstance(args[0], str):
        return own
    given = written_span(args[0])
    if given is None:
        return own
    ends = [compute([format(x, "f")], codes) for x in given]
    values = [_number(e) for e in ends if e]
    mine = _number(derived)
    if len(values) != 2 or None in values or mine is None:
        return own
    numbers = [q.value for q in values if q is not None] + [mine.value]
    numbers += [mine.high] if mine.high is not None else []
    step = min(_half_step(n) for n in [*numbers, *_rule_places(compute, given, codes)])
    return min(numbers) - step, max(numbers) + step


def _rule_places(compute: Compute, given: Span, codes: tuple[str, ...]) -> list[Decimal]:
    """Results of the rule near the input, to read the places it rounds to: a rule rounds
    every result to the same places but writes "3.60" as "3.6" and "39.0" as "39", and all
    three results may end in zeros (38.88 kPa gives 3.600 m/s at both ends of its rounding).
    A few inputs up to 5 % away show the places (3.62, 3.58)."""
    middle = (given[0] + given[1]) / 2
    found = []
    for percent in range(-5, 6):
        result = compute([format(middle * (1 + Decimal(percent) / 100), "f")], codes)
        q = _number(result) if result else None
        if q is not None:
            found += [q.value] + ([q.high] if q.high is not None else [])
    return found


def agrees(
    entered: str, derived: str, compute: Compute, args: Sequence[Arg],
    codes: tuple[str, ...] = (),
) -> bool:  # fmt: skip
    """Whether the reported `entered` agrees with `derived`, computed from `args`."""
    if entered == derived:
        return True
    reported = written_span(entered)
    computed = _derived_span(derived, compute, args, codes)
    if reported is None or computed is None:
        return False
    return reported[0] <= computed[1] and computed[0] <= reported[1]
