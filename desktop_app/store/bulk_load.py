"""Reading many cases at once (exports, reports of many cases): the same records as
CaseStore.load, fetched a few hundred cases per query instead of three queries per case,
which alone took 20 s of a 10,000-case export. The values are each case's audit's last
version (store/audit.py: `current_coded`). Read-only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Engine, select

from desktop_app.record import CaseRecord
from desktop_app.store import field_codes
from desktop_app.store import tables as t
from desktop_app.store.audit import current_coded, named
from desktop_app.store.errors import StoreError

CHUNK = 400  # case ids per query: well under SQLite's limit of bound parameters


def load_many(engine: Engine, case_ids: Sequence[int], chunk: int = CHUNK) -> Iterator[CaseRecord]:
    """The cases, in the order of `case_ids`, a chunk at a time (memory stays flat).
    Raises StoreError for an id that is not in the database."""
    cases, entries, events = t.cases.c, t.group_entries.c, t.audit_events.c
    for start in range(0, len(case_ids), chunk):
        part = list(case_ids[start : start + chunk])
        with engine.connect() as connection:
            heads = {
                row[0]: row
                for row in connection.execute(
                    select(cases.id, cases.status, cases.row_version, cases.next_entry_id)
                    .where(cases.id.in_(part))
                ).all()
            }  # fmt: skip
            order: dict[int, dict[str, list[int]]] = {i: {} for i in part}
            for case_id, group_id, entry_id in connection.execute(
                select(entries.case_id, entries.group_id, entries.entry_id)
                .where(entries.case_id.in_(part))
                .order_by(entries.case_id, entries.group_id, entries.position)
            ).all():  # fmt: skip
                order[case_id].setdefault(group_id, []).append(entry_id)
            names = field_codes.all_names(connection)
            trails: dict[int, list[tuple[int, Any]]] = {i: [] for i in part}
            for case_id, version, changes in connection.execute(
                select(events.case_id, events.row_version, events.changes)
                .where(events.case_id.in_(part)).order_by(events.case_id, events.id)
            ):  # fmt: skip
                trails[case_id].append((version, changes))
            values = {i: named(current_coded(trail), names) for i, trail in trails.items()}
        for case_id in part:
            head = heads.get(case_id)
            if head is None:
                raise StoreError(f"There is no case {case_id} in this database.")
            yield CaseRecord.from_items(
                values[case_id], order[case_id], case_id=case_id, status=head[1],
                row_version=head[2], next_entry_id=head[3],
            )  # fmt: skip
