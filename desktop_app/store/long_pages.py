"""A page of a cohort with a condition on a long value's text, bounded by the page (0010).

Such a condition cannot be answered by SQL alone (store/long_values.py). Rather than test
every candidate before the first page, the list is read in its own order (one query, its
rows streamed) with each such condition widened to its candidates (every long value of its
field: `found` None; a negation to none), a chunk of cases at a time; the chunk's
candidates' real values are read from their audit and the chunk is filtered again with the
exact matches. Reading stops at the page's end (or, for a count, at the cap), however many
cases the cohort holds, as the probed cohort does (store/queries.py `probed_cohort`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from desktop_app.spec.model import Spec
from desktop_app.store import search_index, search_plan
from desktop_app.store import tables as t
from desktop_app.store.long_values import long_conditions, long_matches, searched_words
from desktop_app.store.queries import CaseFilter, LongFound, filter_clause, list_query

CHUNK = 200  # cases of the widened list tested at a time


def _held(connection: Any, spec: Spec, chosen: CaseFilter, sort: str, descending: bool,
          probe: bool) -> Iterator[Any]:  # fmt: skip
    """The rows of the cases that meet the filter, in the list's order, found a chunk of
    the widened list at a time."""
    # a condition widened to its candidates; a negation ("!=") to none of them held
    widened: LongFound = {c: [] if c.op == "!=" else None
                          for c in long_conditions(spec, chosen.conditions)}  # fmt: skip
    # each case tested in the list's order (`probed_cohort`), the rows streamed: the
    # database stops where the reading stops
    query = list_query(spec, chosen, sort, descending, probe, True, widened)
    for condition in widened:  # "contains" on a searched field, its words rare in the
        words = searched_words(spec, condition)  # cases: only the few cases holding them
        if words and not search_plan.common(connection, words):
            query = query.where(search_index.words_clause(words, True, False))
    result = connection.execution_options(stream_results=True).execute(query).mappings()
    try:
        while True:
            rows = result.fetchmany(CHUNK)
            if not rows:
                return
            ids = [row["id"] for row in rows]
            exact = long_matches(connection, spec, chosen.conditions, ids)
            kept = set(connection.execute(
                select(t.cases.c.id).where(t.cases.c.id.in_(ids),
                                           filter_clause(spec, chosen, probe, False, exact))
            ).scalars())  # fmt: skip
            yield from (row for row in rows if row["id"] in kept)
    finally:
        result.close()


def page(connection: Any, spec: Spec, chosen: CaseFilter, sort: str, descending: bool,
         offset: int, limit: int, probe: bool) -> list[Any]:  # fmt: skip
    """The rows of one page of the list (as `list_query` gives them)."""
    out: list[Any] = []
    for n, row in enumerate(_held(connection, spec, chosen, sort, descending, probe)):
        if n >= offset:
            out.append(row)
            if len(out) >= limit:
                break
    return out


def count(connection: Any, spec: Spec, chosen: CaseFilter, cap: int, probe: bool) -> int:
    """How many cases meet the filter, counting stops at cap + 1."""
    found = 0
    for _row in _held(connection, spec, chosen, "case_number", False, probe):
        found += 1
        if found > cap:
            break
    return found
