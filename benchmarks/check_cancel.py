"""How soon the full check stops once the registrar closes the window (issue 16).

SQLite's check walks each table's pages in one step of its virtual machine, which no
progress handler sees (SQLite 3.40); store/integrity.py therefore interrupts the
connection from a thread (it had a progress handler as well, which the thread made
redundant). This builds a file of one large table without indexes (the
case where the walk is most of the check), asks the check to stop a little after it began,
and prints how long it took to stop: as shipped (progress handler and interrupt), and with
the progress handler alone.

    .venv/bin/python -m benchmarks.check_cancel [--mb 300] [--after-ms 10]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from desktop_app.store.integrity import CheckCancelled, full_problems, sqlite_uri

PROGRESS_OPS = 20_000  # the steps between two looks of the progress handler the check had


def _build(path: Path, megabytes: int) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (n INTEGER, text TEXT)")
    rows = megabytes * 1_000_000 // 220
    connection.executemany("INSERT INTO notes VALUES (?, ?)", ((n, "x" * 200) for n in range(rows)))
    connection.commit()
    connection.close()


def _walk_seconds(path: Path) -> float:
    """The longest time between two looks of a progress handler called at every step."""
    connection = sqlite3.connect(sqlite_uri(path), uri=True)
    looks: list[float] = []

    def look() -> int:
        looks.append(time.perf_counter())
        return 0

    connection.set_progress_handler(look, 1)
    begun = time.perf_counter()
    connection.execute("PRAGMA quick_check").fetchall()
    looks = [begun, *looks, time.perf_counter()]
    connection.close()
    return max(b - a for a, b in itertools.pairwise(looks))


def _stop_shipped(path: Path, after: float) -> float:
    cancel = threading.Event()
    threading.Timer(after, cancel.set).start()
    begun = time.perf_counter()
    with contextlib.suppress(CheckCancelled):
        full_problems(path, cancel=cancel)
    return time.perf_counter() - begun


def _stop_progress_handler_only(path: Path, after: float) -> float:
    connection = sqlite3.connect(sqlite_uri(path), uri=True)
    cancel = threading.Event()
    connection.set_progress_handler(lambda: 1 if cancel.is_set() else 0, PROGRESS_OPS)
    threading.Timer(after, cancel.set).start()
    begun = time.perf_counter()
    with contextlib.suppress(sqlite3.OperationalError):
        connection.execute("PRAGMA quick_check").fetchall()
    connection.close()
    return time.perf_counter() - begun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=300)
    parser.add_argument("--after-ms", type=float, default=10.0)
    args = parser.parse_args()
    after = args.after_ms / 1000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.sqlite"
        _build(path, args.mb)
        begun = time.perf_counter()
        full_problems(path)
        whole = time.perf_counter() - begun
        rows = [
            ("file (MB)", f"{path.stat().st_size / 1e6:.0f}"),
            ("SQLite", sqlite3.sqlite_version),
            ("whole quick check (s)", f"{whole:.3f}"),
            ("its page walk, one step (s)", f"{_walk_seconds(path):.3f}"),
            ("stop asked after (s)", f"{after:.3f}"),
            ("stopped after, as shipped (s)", f"{_stop_shipped(path, after):.3f}"),
            ("stopped after, progress handler alone (s)",
             f"{_stop_progress_handler_only(path, after):.3f}"),
        ]  # fmt: skip
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>8}")


if __name__ == "__main__":
    main()
