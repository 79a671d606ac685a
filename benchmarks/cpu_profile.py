"""Why a figure of `make bench` is over budget: each in-window measurement of
benchmarks/gui_probe.py again, timed by the process's CPU time beside the wall clock, and
profiled (the functions of the app that took the most of it).

On a machine shared with other work the wall clock of a measurement includes the time the
process waited for a core; its CPU time does not. A figure whose CPU time is within its
budget is over only because of the machine; one whose CPU time is over is the app's.

    python -m benchmarks.cpu_profile DB [--profile [--top N]]      (offscreen)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from benchmarks import gui_probe
from desktop_app.drafts import DraftStore
from desktop_app.settings import Settings
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
from desktop_app.ui.main_window import MainWindow

TIMES: list[tuple[float, float]] = []  # (wall ms, CPU ms) of each timed call
PROFILE = cProfile.Profile(time.process_time)  # profiled by CPU time, not the wall clock
PROFILING = False  # --profile: the profiler's own cost makes the CPU times larger


def timed(work: Callable[[], object]) -> float:
    """gui_probe.timed, also taking the CPU time and profiling the call."""
    started, cpu = time.perf_counter(), time.process_time()
    if PROFILING:
        PROFILE.enable()
    try:
        work()
    finally:
        PROFILE.disable()
    wall = (time.perf_counter() - started) * 1000
    TIMES.append((wall, (time.process_time() - cpu) * 1000))
    return wall


def hot(profile: cProfile.Profile, top: int) -> list[str]:
    """The functions that took the most CPU time inside themselves (own), with their
    total (what they called included)."""
    stats = pstats.Stats(profile, stream=io.StringIO())
    rows = []
    for (path, line, name), (_cc, calls, own, total, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = path.split("site-packages/")[-1].split("findings/")[-1]
        rows.append((own, total, calls, f"{short}:{line} {name}"))
    rows.sort(reverse=True)
    return [
        f"    {own * 1000:9,.0f} ms own {total * 1000:9,.0f} ms total {calls:9,} calls  {where}"
        for own, total, calls, where in rows[:top]
    ]


def _line(name: str, times: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _c in times], [c for _w, c in times]
    return (
        f"{name}: {len(times)} timed calls; wall median {statistics.median(walls):,.0f} ms, "
        f"max {max(walls):,.0f}; CPU median {statistics.median(cpus):,.0f} ms, "
        f"max {max(cpus):,.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--profile", action="store_true", help="also list the hot functions")
    args = parser.parse_args(argv)
    global PROFILE, PROFILING
    PROFILING = args.profile
    gui_probe.timed = timed  # the probe's own measurements, timed here
    app = QApplication([])
    store = CaseStore.open(args.db, default_spec())
    with tempfile.TemporaryDirectory(prefix="bench-cpu-") as folder:
        drafts = DraftStore.for_database(Path(folder), str(store.engine.url))
        window = MainWindow(store, Settings(), None, drafts)
        window.show()
        app.processEvents()
        shown = [c.case_id for c in window.model.shown_cases()]
        ids = shown[:: max(1, len(shown) // (gui_probe.SAMPLES + 1))][: gui_probe.SAMPLES + 1]
        steps: list[tuple[str, Callable[[], object]]] = [
            ("open_case", lambda: gui_probe.open_cases(app, window, ids)),
            ("search_keystroke", lambda: gui_probe.searches(app, window)),
            ("cohort_query", lambda: gui_probe.cohort(app, window)),
            ("case_pdf and packet_pdf", lambda: gui_probe.pdfs(store, shown[-21:])),
            ("save_case", lambda: gui_probe.saves(store, shown[-gui_probe.SAMPLES :])),
        ]
        for name, step in steps:
            TIMES.clear()
            PROFILE = cProfile.Profile(time.process_time)
            step()
            if name.startswith("case_pdf"):  # bare reportlab, one case, the packet
                n = gui_probe.SAMPLES
                for part, times in (("bare reportlab", TIMES[:n]), ("case_pdf", TIMES[n : 2 * n]),
                                    ("packet_pdf", TIMES[2 * n :])):  # fmt: skip
                    print(_line(part, times), flush=True)
            else:
                print(_line(name, TIMES), flush=True)
            if PROFILING:
                print("\n".join(hot(PROFILE, args.top)), flush=True)
        window.hide()
    sys.stdout.flush()
    os._exit(0)  # as gui_probe: closing the window would take the daily backup


if __name__ == "__main__":
    sys.exit(main())
