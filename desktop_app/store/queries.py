"""Finding cases: the case list's search, filters, sorting and paging, and cohort queries
over any field of the specification, compiled to plain SQL that runs on SQLite and on
PostgreSQL alike (one EXISTS over case_items per condition). `case_items` is the cohort
index (0010): a long value is a key row there, and a condition on a long value's text
takes the pairs `long_values.long_matches` found (its `found` argument)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    exists,
    false,
    func,
    select,
    true,
    tuple_,
)

from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.store import search_index
from desktop_app.store import tables as t
from desktop_app.store.conditions import (
    Condition,
    LongFound,
    case_number_held,
    compares_case_number,
    condition_field,
    equal_text,
    is_derived,
    matches,
)
from desktop_app.store.field_codes import code_of

SORTABLE = ("case_number", "title", "age", "sex", "site", "diagnosis", "status", "updated_at")


@dataclass(frozen=True)
class CaseFilter:
    text: str = ""  # search as you type
    statuses: tuple[str, ...] = ()
    diagnosis: str = ""  # an ICD-O-3 code
    site: str = ""
    updated_from: str = ""  # ISO dates, inclusive
    updated_to: str = ""
    birads: tuple[str, ...] = ()  # any imaging entry with one of these categories
    has_followup: bool | None = None
    include_identifiers: bool = False  # search patient identifiers too
    conditions: tuple[Condition, ...] = field(default_factory=tuple)
    removed: bool = False


def _cases_with(*criteria: ColumnElement[bool]) -> ColumnElement[bool]:
    """The cases that have a value meeting `criteria`: found once through the value index
    (group, field, value …, case), then kept by membership. A correlated EXISTS per case
    would leave the choice of index to the planner, which without statistics took the
    covering value index for every case (a count over 10,000 cases: 104 s)."""
    return t.cases.c.id.in_(select(t.case_items.c.case_id).where(*criteria))


def cohort_clause(spec: Spec, conditions: tuple[Condition, ...], found: LongFound | None = None
                  ) -> list[ColumnElement[bool]]:  # fmt: skip
    """Conditions on the case's own fields stand alone; conditions on the fields of one group
    must all hold in the same entry ("an IHC result: marker SMA, result positive").

    Each condition is a set of (case, entry) found through the index on (group, field,
    value) first, and the cases are then kept by membership (IN): the database looks up the
    few matching values once instead of probing every case (1.5 s → ms at 100,000 cases)."""
    clauses: list[ColumnElement[bool]] = []
    for condition in conditions:
        if not condition.group:
            held, negated = matches(spec, condition, found)
            inside = t.cases.c.id.in_(select(held.c.case_id))
            clauses.append(~inside if negated else inside)
    for group in dict.fromkeys(c.group for c in conditions if c.group):
        each = [matches(spec, c, found) for c in conditions if c.group == group]
        positive = [f for f, negated in each if not negated]
        # The entries that hold the first positive condition (or every entry of the group,
        # when all are negations), narrowed by the others on (case, entry).
        base = positive[0] if positive else select(
            t.group_entries.c.case_id, t.group_entries.c.entry_id
        ).where(t.group_entries.c.group_id == group).subquery()  # fmt: skip
        kept: list[ColumnElement[bool]] = []
        for other, negated in each:
            if other is base:
                continue
            pair = tuple_(base.c.case_id, base.c.entry_id).in_(
                select(other.c.case_id, other.c.entry_id))  # fmt: skip
            kept.append(~pair if negated else pair)
        clauses.append(t.cases.c.id.in_(select(base.c.case_id).where(*kept)))
    return clauses


def probed_cohort(spec: Spec, conditions: tuple[Condition, ...], found: LongFound | None = None
                  ) -> list[ColumnElement[bool]] | None:  # fmt: skip
    """The cohort's conditions tested case by case: for a page read in the list's order,
    which stops at the page's end however many cases the cohort holds. A condition equal to
    a short text is looked up by the index's whole key (field, text, case, entry); any
    other is a membership in its matches, gathered once. None when a condition is on a
    derived field (gathered then, as `cohort_clause` does)."""
    fields = [condition_field(spec, c) for c in conditions]
    if any(is_derived(f) for f in fields):
        return None
    case_id = t.cases.c.id
    clauses: list[ColumnElement[bool]] = []

    def held(condition: Condition, spec_field: FieldSpec | None, case: Any,
             entry: Any = None) -> ColumnElement[bool]:  # fmt: skip
        text = equal_text(spec_field, condition)
        found_it: ColumnElement[bool]
        if entry is None and compares_case_number(spec_field, condition):
            found_it = case_number_held(spec_field, condition, case)
        elif text is not None:
            item = t.case_items.alias()
            same = [item.c.entry_id == entry] if entry is not None else []
            found_it = exists(select(1).select_from(item).where(
                item.c.field_code == code_of(condition.group, condition.field),
                item.c.value_text == text, item.c.case_id == case, *same))  # fmt: skip
        else:
            m, _negated = matches(spec, condition, found)
            # `+ 0`: the list is looked up, never the driver of the page (the cases in order)
            found_it = ((case + 0).in_(select(m.c.case_id)) if entry is None else
                        tuple_(case, entry).in_(select(m.c.case_id, m.c.entry_id)))  # fmt: skip
        return ~found_it if condition.op in ("empty", "!=") else found_it

    for condition, spec_field in zip(conditions, fields, strict=True):
        if not condition.group:
            clauses.append(held(condition, spec_field, case_id))
    for group in dict.fromkeys(c.group for c in conditions if c.group):
        each = [(c, f) for c, f in zip(conditions, fields, strict=True) if c.group == group]
        base = t.group_entries.alias()  # the case's entries of the group, each tested
        where = [base.c.case_id == case_id, base.c.group_id == group]
        where += [held(c, f, base.c.case_id, base.c.entry_id) for c, f in each]
        clauses.append(exists(select(1).select_from(base).where(*where)))
    return clauses


def common_cohort(connection: Any, spec: Spec, conditions: tuple[Condition, ...],
                  found: LongFound | None = None) -> bool:  # fmt: skip
    """Whether a page of this cohort is best read in the list's order, each case tested
    (`probed_cohort`), rather than gathered through the value indexes: when a few hundred
    cases spread over the ids show it holds a share of the cases (as for search words)."""
    probed = probed_cohort(spec, conditions, found)
    if probed is None:
        return False
    c = t.cases.c
    low, high = connection.execute(
        select(select(func.min(c.id)).scalar_subquery(), select(func.max(c.id)).scalar_subquery())
    ).one()
    if low is None:
        return False
    step = max(1, (high - low + 1) // search_index.SAMPLE)
    ids = list(range(low, high + 1, step))[: search_index.SAMPLE]
    rows, held = connection.execute(
        select(func.count(), func.count().filter(and_(*probed))).where(c.id.in_(ids))
    ).one()
    return bool(rows) and held >= search_index.COMMON_SHARE * rows


def counted_to_a_cap(chosen: CaseFilter) -> bool:
    """Whether the list counts these cases only up to a cap ("1,000+ cases"), counting on as
    it is scrolled: while searching, and for a cohort (an exact count of a large cohort
    reads every case it holds)."""
    return bool(chosen.text.strip() or chosen.conditions)


def search_words(chosen: CaseFilter) -> list[str]:
    return chosen.text.strip().lower().split()


def filter_clause(spec: Spec, chosen: CaseFilter, probe: bool = False,
                  probe_cohort: bool = False, found: LongFound | None = None
                  ) -> ColumnElement[bool]:  # fmt: skip
    """The cases that meet a filter. With `probe`, the search words are tested case by case
    through the index (for a page read in the list's order: a common word) rather than
    gathered first (a rare one): see `store/search_index.py`; with `probe_cohort`, the
    cohort's conditions likewise (`probed_cohort`)."""
    c = t.cases.c
    parts: list[ColumnElement[bool]] = [
        c.status == "removed" if chosen.removed else c.status != "removed"
    ]
    words = search_words(chosen)
    if chosen.statuses:
        parts.append(c.status.in_(chosen.statuses))
    if chosen.diagnosis:
        parts.append(c.icdo3 == chosen.diagnosis)
    if chosen.site:
        parts.append(func.lower(c.site).contains(chosen.site.lower(), autoescape=True))
    if chosen.updated_from:
        parts.append(c.updated_at >= chosen.updated_from)
    if chosen.updated_to:
        parts.append(c.updated_at <= chosen.updated_to + "T99")
    birads = spec.any_role_field("birads")
    if chosen.birads:
        if birads is None:
            parts.append(false())
        else:
            item = t.case_items.c
            codes = [code for code in chosen.birads if len(code) <= t.SHORT]  # short codes
            parts.append(_cases_with(item.field_code == code_of(birads.group, birads.id),
                                     item.value_text.in_(codes)))  # fmt: skip
    if chosen.has_followup is not None:
        dated = [g for g in spec.groups if any(f.role == "followup_status" for f in g.fields)]
        if dated:
            entry = t.group_entries.c
            visits = exists(select(1).where(entry.case_id == c.id,
                                            entry.group_id.in_([g.id for g in dated])))  # fmt: skip
            parts.append(visits if chosen.has_followup else ~visits)
        elif chosen.has_followup:
            parts.append(false())
    probed = probed_cohort(spec, chosen.conditions, found) if probe_cohort else None
    parts.extend(cohort_clause(spec, chosen.conditions, found) if probed is None else probed)
    if words:  # last: the other conditions are cheaper to test first
        parts.append(search_index.words_clause(words, chosen.include_identifiers, probe))
    return and_(true(), *parts)


def _order(sort: str, descending: bool) -> tuple[Any, Any]:
    column = getattr(t.cases.c, sort if sort in SORTABLE else "case_number")
    return (column.desc() if descending else column.asc()), t.cases.c.id


def list_query(
    spec: Spec, chosen: CaseFilter, sort: str = "case_number", descending: bool = False,
    probe: bool = False, probe_cohort: bool = False, found: LongFound | None = None,
) -> Any:  # fmt: skip
    """The cases that meet the filter in the list's order; `found`: the long values that meet
    the cohort's conditions (`long_values.long_matches`, read with a connection)."""
    query = select(t.cases).where(filter_clause(spec, chosen, probe, probe_cohort, found))
    return query.order_by(*_order(sort, descending))


def position_query(
    spec: Spec, chosen: CaseFilter, case_id: int, sort: str = "case_number",
    descending: bool = False, found: LongFound | None = None,
) -> Any:  # fmt: skip
    """The 0-based place of a case in the sorted, filtered list (no row when it is not in
    it): numbered by the database in the very order list_query returns, NULLs included."""
    place = func.row_number().over(order_by=_order(sort, descending)) - 1
    numbered = select(t.cases.c.id, place.label("place")).where(
        filter_clause(spec, chosen, found=found)
    )
    inner = numbered.subquery()
    return select(inner.c.place).where(inner.c.id == case_id)


def count_query(spec: Spec, chosen: CaseFilter, probe: bool = False, cap: int | None = None,
                probe_cohort: bool = False, found: LongFound | None = None) -> Any:  # fmt: skip
    """How many cases meet the filter; with a cap, counting stops at cap + 1 (the list then
    says "1,000+")."""
    where = filter_clause(spec, chosen, probe, probe_cohort, found)
    if cap is None:
        return select(func.count()).select_from(t.cases).where(where)
    first = select(t.cases.c.id).where(where).limit(cap + 1)
    return select(func.count()).select_from(first.subquery())


def conditions_to_json(conditions: tuple[Condition, ...]) -> str:
    return json.dumps([[c.group, c.field, c.op, c.value] for c in conditions])


def conditions_from_json(text: str) -> tuple[Condition, ...]:
    return tuple(Condition(g, f, op, v) for g, f, op, v in json.loads(text))
