"""Synthetic cases for the benchmarks: every tab filled, several imaging studies and IHC
markers each, with the variety of real material.

Nothing here names a field. Values are chosen by a field's type, limits, vocabulary and
role; free text and the codes a field usually holds come from the reference cases in
resources/demo (mixed between cases and numbered, so no case is a copy of another); codes
otherwise come from the whole vocabulary. A field whose `show_if` does not hold is left
empty, as a registrar would leave it, and so are some optional fields (those without a
role); derived fields are left to their rules. How many
entries each group has is drawn between the fewest and the most a reference case has
(at least two imaging studies and three IHC markers: the issue asks for several).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from desktop_app.demo import demo_records
from desktop_app.record import CASE_SCOPE, CaseRecord
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.values import MULTI_SEPARATOR, ValueRefused, canonical
from desktop_app.spec.model import FieldSpec, Spec

GIVEN = ("Amara", "Bogdan", "Chiara", "Dilnoza", "Eero", "Farida", "Goran", "Hana",
         "Ilse", "Jonas", "Keiko", "Luis", "Maren", "Nnamdi", "Oona", "Priya", "Rosa")  # fmt: skip
SURNAMES = ("Achterberg", "Bianchi", "Castellanos", "Dimitriou", "Eriksen", "Fontaine",
            "Gallagher", "Haddad", "Ivanova", "Jankowski", "Kowalczyk", "Lindgren",
            "Moreau", "Nakamura", "O'Sullivan", "Petrov", "Rahman", "Szabo")  # fmt: skip
STATUSES = (("draft", 30), ("complete", 60), ("locked", 10))  # percent of cases
SEVERAL = {"imaging": 2, "marker": 3}  # fewest entries of the groups the issue names
# Where the dated events of each tab fall, in days from the index date (history before it,
# follow-up long after): the form's position in the specification picks the window.
WINDOWS = ((-30, 0), (-400, 0), (-20, 40), (0, 90), (20, 400), (150, 2500))
LAST_EVENT = 2600  # a date of death comes after every other event
DEATHS = 0.2  # share of cases with a date of death
FILL = 0.7  # share of optional fields a registrar fills (a reference case fills about half)


@dataclass
class Pools:
    """What the reference cases hold, field by field, and how many entries each group has."""

    values: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def from_demo(cls, spec: Spec) -> Pools:
        pools = cls()
        records = demo_records()
        for record in records:
            for (scope, _entry, field_id), value in record.items().items():
                pools.values.setdefault((scope, field_id), []).append(value)
        for group in spec.groups:
            seen = [len(r.entries(group.id)) for r in records]
            low, high = min(seen), max(seen)
            has = {f.role for f in group.fields}
            if "modality" in has and any(f.role == "birads" for f in group.fields):
                low = max(low, SEVERAL["imaging"])
            if "marker" in has:
                low = max(low, SEVERAL["marker"])
            pools.counts[group.id] = (max(low, 1), max(high, low, 1))
        return pools


class CaseMaker:
    """Makes the n-th synthetic case; the same n always gives the same case."""

    def __init__(self, spec: Spec, seed: int = 6) -> None:
        self.spec = spec
        self.seed = seed
        self.pools = Pools.from_demo(spec)
        self.number = spec.summary_field("case_number")
        self.index_field = spec.role_field("index_date")
        self.age_field = spec.role_field("age")
        self.birth_field = spec.role_field("date_of_birth")
        self.form_of = {
            f.key: i for i, form in enumerate(spec.forms)
            for f in (*form.fields, *(g for group in form.groups for g in group.fields))
        }  # fmt: skip

    def case(self, n: int) -> CaseRecord:
        rng = random.Random(self.seed * 1_000_003 + n)
        record = CaseRecord(status=_status(rng))
        for group in self.spec.groups:
            low, high = self.pools.counts[group.id]
            for _ in range(rng.randint(low, high)):
                record.add_entry(group.id)
        index = date(2000, 1, 1) + timedelta(days=rng.randrange(18 * 365))
        age = rng.randint(18, 88)
        context = _Context(rng, n, index, age, record)
        values = record.values
        for f in self.spec.case_fields:
            if is_shown(f, values, values):
                self._put(values, f, self._value(f, context))
        for group in self.spec.groups:
            for k, entry in enumerate(record.entries(group.id)):
                context.k = k
                for f in group.fields:
                    if is_shown(f, entry.values, values):
                        self._put(entry.values, f, self._value(f, context))
        return record

    def cases(self, count: int, start: int = 0) -> Iterator[CaseRecord]:
        for n in range(start, start + count):
            yield self.case(n)

    @staticmethod
    def _put(values: dict[str, str], f: FieldSpec, value: str) -> None:
        if value:
            values[f.id] = value

    def _value(self, f: FieldSpec, c: _Context) -> str:
        if f.derived is not None:
            return ""  # computed by its rule from the inputs
        if not f.required and not f.role and c.rng.random() > FILL:
            return ""
        if f is self.number:
            return f"BX{c.n:06d}"
        if f is self.index_field:
            return c.index.isoformat()
        if f is self.age_field:
            return str(c.age)
        if f is self.birth_field:
            born = c.index - timedelta(days=int(c.age * 365.25) + c.rng.randrange(300))
            return born.isoformat()
        raw = self._raw(f, c)
        try:
            return canonical(self.spec, f, raw) if raw else ""
        except ValueRefused:
            return ""

    def _raw(self, f: FieldSpec, c: _Context) -> str:
        rng = c.rng
        seen = self.pools.values.get((f.group or CASE_SCOPE, f.id), [])
        if f.type == "ref":
            targets = c.record.entries(f.ref)
            return str(rng.choice(targets).entry_id) if targets else ""
        if f.type in ("text", "longtext"):
            return self._text(f, c, seen)
        if f.type == "date" and f.role == "date_of_death":
            if rng.random() > DEATHS:
                return ""
            return (c.index + timedelta(days=LAST_EVENT + rng.randrange(200))).isoformat()
        if f.type == "date":
            low, high = WINDOWS[min(self.form_of.get(f.key, 0), len(WINDOWS) - 1)]
            if f.role == "event_end_date":  # after any start of its tab
                low, high = high + 7 * len(c.record.entries(f.group)), high + 200
            day = c.index + timedelta(days=rng.randint(low, high) + 7 * c.k)
            shape = rng.random()
            if shape < 0.1:
                return f"{day.year:04d}-{day.month:02d}"  # a partial date, as reports give
            return day.isoformat()
        if f.type == "boolean":
            return rng.choice(("true", "false"))
        if f.numeric:
            return self._number(f, rng, seen)
        if f.type in ("choice", "multichoice"):
            codes = [t.code for t in self.spec.vocabulary(f.vocabulary).terms]
            if seen and rng.random() < 0.5:
                return rng.choice(seen)
            if f.type == "choice":
                return rng.choice(codes)
            return MULTI_SEPARATOR.join(rng.sample(codes, min(len(codes), rng.randint(1, 3))))
        return ""

    def _text(self, f: FieldSpec, c: _Context, seen: list[str]) -> str:
        rng = c.rng
        if f.phi:
            given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
            if f.type == "longtext":
                return f"{rng.randint(1, 240)} {surname} Street\n{given}ville {c.n % 90 + 10}"
            if f.role == "record_number":
                return f"MRN{c.n * 7919 % 10_000_000:07d}"
            return f"{given} {surname}"
        text = rng.choice(seen) if seen else f"{f.label} {rng.randint(1, 999)}"
        if f.type == "longtext":
            other = rng.choice(self.pools.values.get((f.group, f.id), [text]))
            text = f"{text}\n{other}" if rng.random() < 0.3 and other != text else text
        elif f.summary == "title":
            text = f"{text} ({c.n})"
        limit = f.max_length
        return text[:limit] if limit else text

    @staticmethod
    def _number(f: FieldSpec, rng: random.Random, seen: list[str]) -> str:
        if seen and rng.random() < 0.3:
            return rng.choice(seen)
        low = f.min if f.min is not None else 0.0
        high = f.max if f.max is not None else low + 100.0
        high = min(high, low + 200.0)  # a tumour of 1,000 mm is allowed, not typical
        number = rng.uniform(low, high)
        text = str(round(number)) if f.type == "integer" else f"{number:.1f}"
        if f.qualified and rng.random() < 0.15:
            # "<" only above the lowest value: "less than 0" is no count at all.
            text = rng.choice(("<", ">", "~") if number >= low + 1 else (">", "~")) + text
        return text


@dataclass
class _Context:
    rng: random.Random
    n: int
    index: date
    age: int
    record: CaseRecord
    k: int = 0  # the entry's position in its group


def _status(rng: random.Random) -> str:
    pick = rng.randrange(100)
    for status, share in STATUSES:
        if pick < share:
            return status
        pick -= share
    return STATUSES[0][0]
