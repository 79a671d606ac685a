"""SQLite's virtual-machine steps for some queries, whatever the machine's speed: what they
read and compare. Shared by the search tests that bound the work a query does."""

from __future__ import annotations

from typing import Any

from desktop_app.store import CaseStore


def vm_steps(store: CaseStore, queries: list[Any]) -> tuple[int, list[list[Any]]]:
    """The steps (in hundreds) the queries take together, and each query's rows."""
    raw = store.engine.raw_connection()
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    results: list[list[Any]] = []
    try:
        raw.driver_connection.set_progress_handler(tick, 100)
        for query in queries:
            sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
            results.append(list(raw.cursor().execute(sql).fetchall()))
        raw.driver_connection.set_progress_handler(None, 100)
    finally:
        raw.close()
    return steps[0], results
