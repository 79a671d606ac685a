"""How long a migration from the 0009 release goes without a sign of life, now that it
reports its progress (CaseStore.open's `progress`, store/migrate.py, migration 0010).

    python -m benchmarks.migration_progress [--cases N ...] [--folder DIR]

For each N: the benchmark database of N cases (benchmarks/database.py, built once under
DIR), copied and taken back to revision 0009 with Alembic's downgrade, then opened with a
`progress` that notes when it is told anything. Prints a table: the whole open, how many
times it was told, and the longest stretch without a word (from the start of the open to
the first call, between two calls, from the last call to the end of the open), with what
the dialog said at the start of that stretch.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import time
from pathlib import Path

from benchmarks.database import ensure_database
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
from desktop_app.store.engine import make_engine
from desktop_app.store.migrate import MIGRATIONS


def _to_0009(path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    engine = make_engine(path)
    try:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0009")
    finally:
        engine.dispose()


def measure(source: Path, folder: Path) -> tuple[float, int, float, str]:
    work = folder / "migrating" / source.name
    shutil.rmtree(work.parent, ignore_errors=True)
    work.parent.mkdir(parents=True)
    shutil.copyfile(source, work)
    _to_0009(work)
    told: list[tuple[float, str]] = []

    def progress(what: str, done: int, total: int) -> None:
        told.append((time.perf_counter(), f"{what} ({done:,} of {total:,})"))

    start = time.perf_counter()
    CaseStore.open(work, default_spec(), progress).close()
    end = time.perf_counter()
    marks = [(start, "(before the first word)"), *told, (end, "")]
    gap, after = max(
        (later[0] - earlier[0], earlier[1]) for earlier, later in itertools.pairwise(marks)
    )
    shutil.rmtree(work.parent, ignore_errors=True)
    return end - start, len(told), gap, after


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[2000])
    parser.add_argument("--folder", type=Path, default=Path(".bench"))
    args = parser.parse_args(argv)
    spec = default_spec()
    print(f"{'cases':>8} {'open s':>8} {'told':>6} {'longest silence s':>18}  after")
    for count in args.cases:
        source, _ = ensure_database(count, spec, args.folder)
        seconds, calls, gap, after = measure(source, args.folder)
        print(f"{count:>8,} {seconds:>8.1f} {calls:>6} {gap:>18.2f}  {after}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
