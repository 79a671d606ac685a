"""The benchmark database: N synthetic cases, written in bulk, kept for the next run.

Saving 100,000 cases one by one through CaseStore.save (three statements per value, each
audited) would take hours, so the cases are written a few thousand per transaction with
the rows CaseStore.save writes for a new case: the `cases` row with its case-list summary
(from CaseStore's own summary columns), the entries, the cohort index of the values under
their field codes (0010: a long value's row with text ''; numbers through the store's own
conversion), the derived values the store keeps for
queries, and the same audit event (one per case: created, entries added, order, values
added, status changed, encoded by the store's own `audit.encode`). The case list's search
index is then made once for all the cases, as on opening a database made before it
(`store/search_index.py`). The file is kept under .bench/, named by the number of cases,
the specification's version and the generator's, so a rerun finds it ready.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select

from benchmarks.copies import Phases, built, copy_cases, fast_writes
from benchmarks.synth import CaseMaker
from desktop_app.record import CaseRecord
from desktop_app.rules.validation import check_record
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, field_codes, search_index
from desktop_app.store import tables as t
from desktop_app.store.audit import ORDER_SEPARATOR, Change, encode
from desktop_app.store.derived_cache import derived_only, item_number

BATCH = 2000  # cases per transaction
TEMPLATES = 1000  # distinct cases; the rest are copies of them (benchmarks/copies.py)
GENERATOR = 7  # raise when synth.py or this file would write different cases
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench"
BENCH_USER = "bench"
CREATED_AT = "2024-06-01T09:00:00+00:00"
PHASES = Phases()  # where the last build's time went


def database_path(count: int, spec: Spec, folder: Path = CACHE) -> Path:
    return folder / f"cases-{count}-{spec.version}-g{GENERATOR}.sqlite"


def ensure_database(
    count: int, spec: Spec, folder: Path = CACHE, templates: int = TEMPLATES
) -> tuple[Path, float | None]:
    """The database of `count` cases, and how long building it took (None: it was ready).
    The first `templates` cases are made and written one by one; the rest are copies of
    them with their own numbers and titles (benchmarks/copies.py)."""
    path = database_path(count, spec, folder)
    if path.exists():
        return path, None
    folder.mkdir(parents=True, exist_ok=True)
    PHASES.clear()
    distinct = min(count, templates)
    seconds = built(path, lambda building: _build(building, spec, distinct, count))
    kind = f"{distinct:,} distinct cases" + (
        f" and {count - distinct:,} copies of them with their own case numbers and titles"
        if count > distinct
        else ""
    )
    cpu = sum(PHASES.cpu.values())
    print(f"  built {count:,} cases in {seconds:,.0f} s (CPU {cpu:,.0f} s): {kind}", flush=True)
    print(f"  where the time went: {PHASES.report()}", flush=True)
    return path, seconds


def _build(building: Path, spec: Spec, distinct: int, count: int) -> None:
    """The distinct cases written as a save would, then the copies, then the statistics
    the query planner reads, on a store opened as the benchmark will (nothing to remake)."""
    report = count >= 20_000
    store = CaseStore.open(building, spec)
    try:
        write_cases(store, CaseMaker(spec).cases(distinct), report=report)
    finally:
        store.close()
    copy_cases(building, spec, distinct, count, PHASES, _print if report else None)
    with PHASES.timed("checkpoint and ANALYZE"):
        store = CaseStore.open(building, spec)
        try:
            with store.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.exec_driver_sql("ANALYZE")
        finally:
            store.close()


def _print(line: str) -> None:
    print(line, flush=True)


def write_cases(store: CaseStore, records: Iterable[CaseRecord], report: bool = False) -> int:
    """Add `records` as new cases, BATCH per transaction; returns how many."""
    with store.engine.connect() as connection:
        next_id = int(connection.execute(select(t.cases.c.id).order_by(
            t.cases.c.id.desc()).limit(1)).scalar() or 0) + 1  # fmt: skip
    batch: list[CaseRecord] = []
    written = 0
    started = time.perf_counter()
    for record in _timed_records(records):
        batch.append(record)
        if len(batch) == BATCH:
            with PHASES.timed("rows made (validation, summary, numbers, audit)"):
                _write_batch(store, batch, next_id + written)
            written += len(batch)
            batch = []
            if report:
                rate = written / (time.perf_counter() - started)
                print(f"  {written:,} cases written ({rate:,.0f} a second)", flush=True)
    if batch:
        with PHASES.timed("rows made (validation, summary, numbers, audit)"):
            _write_batch(store, batch, next_id + written)
        written += len(batch)
    with PHASES.timed("search index"), store.engine.begin() as connection:
        search_index.rebuild(connection, store.spec)  # set-based: seconds, not a save each
    return written


def _timed_records(records: Iterable[CaseRecord]) -> Iterator[CaseRecord]:
    iterator = iter(records)
    while True:
        with PHASES.timed("cases made (synth.py)"):
            record = next(iterator, None)
        if record is None:
            return
        yield record


def _write_batch(store: CaseStore, records: list[CaseRecord], first_id: int) -> None:
    heads: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    derived: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    with store.engine.begin() as connection:  # every field of the spec has its code
        codes = field_codes.ensure(connection, field_codes.spec_keys(store.spec))
    for offset, record in enumerate(records):
        case_id = first_id + offset
        record.case_id, record.row_version = case_id, 1
        heads.append({
            "id": case_id, "status": record.status, "form_version": store.spec.version,
            "row_version": 1, "next_entry_id": record.next_entry_id,
            "problem_count": len(check_record(store.spec, record)),
            "created_by": BENCH_USER, "created_at": CREATED_AT,
            "updated_by": BENCH_USER, "updated_at": CREATED_AT,
            **store._summary_values(record),  # the case-list columns, as a save writes them
        })  # fmt: skip
        changes: list[Change] = [("case_created", "", 0, "", None, "draft")]
        for group_id, ids in record.entry_order().items():
            for position, entry_id in enumerate(ids):
                entries.append({"case_id": case_id, "group_id": group_id,
                                "entry_id": entry_id, "position": position})  # fmt: skip
                changes.append(("entry_added", group_id, entry_id, "", None, None))
            order = ORDER_SEPARATOR.join(str(i) for i in ids)
            changes.append(("order_changed", group_id, 0, "", "", order))
        for key, value in sorted(record.items().items()):
            items.append({"case_id": case_id, "field_code": codes[(key[0], key[2])],
                          "entry_id": key[1], "value_text": t.indexed_text(value),
                          "value_num": item_number(store.spec, key, value)})  # fmt: skip
            changes.append(("value_added", *key, None, value))
        for key, value in sorted(derived_only(store.spec, record).items()):
            derived.append({"case_id": case_id, "field_code": codes[(key[0], key[2])],
                            "entry_id": key[1], "value_text": value,
                            "value_num": item_number(store.spec, key, value)})  # fmt: skip
        if record.status != "draft":
            changes.append(("status_changed", "", 0, "", "draft", record.status))
        events.append({
            "case_id": case_id, "row_version": 1, "at_utc": CREATED_AT,
            "user_name": BENCH_USER, "os_user": BENCH_USER, "reason": "",
            "changes": encode(changes, codes),
        })  # fmt: skip
    _insert(store, ((t.cases, heads), (t.group_entries, entries), (t.case_items, items),
                    (t.audit_events, events), (t.derived_items, derived)))  # fmt: skip


def _insert(store: CaseStore, tables: Iterable[tuple[Table, list[dict[str, Any]]]]) -> None:
    """The rows, in one transaction, through the DB-API's executemany (3x faster than
    Core here)."""
    with PHASES.timed("rows inserted"):
        raw = store.engine.raw_connection()
        try:
            cursor = raw.cursor()
            fast_writes(cursor)
            for table, rows in tables:
                if rows:
                    names = list(rows[0])
                    cursor.executemany(
                        f"INSERT INTO {table.name} ({', '.join(names)}) "
                        f"VALUES ({', '.join(':' + n for n in names)})", rows)  # fmt: skip
            raw.commit()
        finally:
            raw.close()


if __name__ == "__main__":
    import sys

    from desktop_app.spec import default_spec

    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    made, seconds = ensure_database(wanted, default_spec())
    print(made, "ready" if seconds is None else f"built in {seconds:.0f} s")
