"""What the server-side audit of PostgreSQL costs (issue 12, finding 8): the app's saves with
the triggers installed (they return at once: the app marks its transactions) and without
them, an outside UPDATE of one value and of one value in every case with and without them,
and `check` (the replay of every case's audit) on the same database.

    python -m benchmarks.pg_audit [--cases 300] [--db URL]

Without --db a throw-away server is started on loopback (tests/postgres_server.py, the
binaries of /usr/lib/postgresql/N/bin). A benchmark reports; it never fails a build.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from sqlalchemy import Engine, text

from desktop_app.exchange.samples import sample_case
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
from desktop_app.store.maintenance import check_database
from desktop_app.store.pg_audit import install

REPEATS = 5


def _timed(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _drop_triggers(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = connection.execute(text(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'case_abstractor_%'"
        )).all()  # fmt: skip
        for table, name in rows:
            connection.exec_driver_sql(f"DROP TRIGGER {name} ON {table}")


def _outside(engine: Engine, where: str) -> Callable[[], object]:
    def run() -> None:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE case_items SET value_text = value_text || '.' WHERE field_code = "
                "(SELECT code FROM item_fields WHERE group_id = '' AND field_id = 'title')" + where
            )

    return run


def measure(url: str, count: int) -> None:
    spec = default_spec()
    store = CaseStore.open(url, spec)
    records = [sample_case(spec, n, entries=2) for n in range(1, count + 1)]
    for record in records:
        record.values["case_number"] = f"BENCH-{record.values.get('case_number', '')}"
    started = time.perf_counter()
    for record in records:
        store.save(record, user="bench")
    first = (time.perf_counter() - started) / count
    one_case = f" AND case_id = {records[0].case_id}"
    rows: list[tuple[str, float, float]] = []

    def edit() -> None:  # (reloaded: an outside UPDATE moves the case to a new version)
        record = store.load(records[1].case_id or 0)
        record.values["title"] = f"edited {time.perf_counter()}"
        store.save(record, user="bench")

    with_triggers = [_timed(edit), _timed(_outside(store.engine, one_case)),
                     _timed(_outside(store.engine, ""))]  # fmt: skip
    started = time.perf_counter()
    problems = check_database(url)
    checked = time.perf_counter() - started
    _drop_triggers(store.engine)
    without = [_timed(edit), _timed(_outside(store.engine, one_case)),
               _timed(_outside(store.engine, ""))]  # fmt: skip
    with store.engine.begin() as connection:
        install(connection)
    store.close()
    names = ["app load and save of one changed value", "outside UPDATE of one value",
             f"outside UPDATE of one value in each of {count} cases"]  # fmt: skip
    rows = list(zip(names, with_triggers, without, strict=True))
    print(f"{count} cases of every field, 2 entries per group; first save {first * 1000:.1f} ms"
          " per case (triggers installed); best of 5 below\n")  # fmt: skip
    print("| operation | with the audit triggers | without | difference |")
    print("| --- | ---: | ---: | ---: |")
    for name, on, off in rows:
        print(
            f"| {name} | {on * 1000:.1f} ms | {off * 1000:.1f} ms | {(on - off) * 1000:+.1f} ms |"
        )
    print(f"\n`check` (replay of every case's audit): {checked:.2f} s for {count} cases, "
          f"{len(problems)} problem(s)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--db", default="", help="a PostgreSQL URL (default: a throw-away server)")
    args = parser.parse_args()
    if args.db:
        measure(args.db, args.cases)
        return
    from tests.postgres_server import PostgresServer, find_bin

    bin_dir = find_bin()
    if bin_dir is None:
        raise SystemExit("PostgreSQL server binaries are not installed; give --db URL")
    server = PostgresServer(bin_dir).start()
    try:
        measure(server.new_database(), args.cases)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
