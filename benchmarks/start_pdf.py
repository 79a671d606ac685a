"""Only the two ratio rows of `make bench` (issue 13), repeated, for work on the start and
the case PDF: the cold start beside a bare PySide6 window, and one case to PDF beside a bare
reportlab document of the same pages, each pair measured side by side in this one run.

    python -m benchmarks.start_pdf [--cases N] [--rounds R] [--no-pdf] [--no-start]

The database is the benchmark's own (benchmarks/database.py, kept under .bench/; 1,000
cases by default: neither figure depends on the number of cases). Each round measures
COLD_RUNS bare windows and COLD_RUNS starts of the app, interleaved, then the PDF rows in a
process of its own (the same as benchmarks/gui_probe.py's: one case loaded and printed,
beside the bare document of its rows and page count); every round's ratios are printed,
then their median. Beside the wall clock each figure is also given in CPU time (user +
system of the started process; process_time for the PDF), which the other work on a shared
machine moves far less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.database import ensure_database
from benchmarks.run import COLD_RUNS, ROOT, environment, python
from desktop_app.spec import default_spec

PDF_PROBE = """
import io, json, statistics, sys, time
from benchmarks.pdf_baseline import bare_pdf, page_count, rows_of
from desktop_app.report import render_case_summary
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
store = CaseStore.open(sys.argv[1], default_spec())
ids = list(range(1, 11))
def case(case_id):
    out = io.BytesIO()
    render_case_summary(store.spec, [store.load(case_id)], out)
    return out.getvalue()
case(11)  # fonts are registered once per process
wall, cpu, bare_wall, bare_cpu = [], [], [], []
for case_id in ids:
    record = store.load(case_id)
    made = case(case_id)
    rows, pages = rows_of(store.spec, record), page_count(made)
    for _ in range(3):
        w, c = time.perf_counter(), time.process_time()
        case(case_id)
        wall.append(time.perf_counter() - w); cpu.append(time.process_time() - c)
        w, c = time.perf_counter(), time.process_time()
        bare_pdf(rows, pages)
        bare_wall.append(time.perf_counter() - w); bare_cpu.append(time.process_time() - c)
print(json.dumps([1000 * statistics.median(t) for t in (wall, cpu, bare_wall, bare_cpu)]))
"""


def cold_start(database: Path, bare: bool = False) -> tuple[float, float]:
    """Milliseconds from starting benchmarks.cold_start to its "ready" line (as
    benchmarks.run.cold_start), and the CPU time (user + system) the process used."""
    with tempfile.TemporaryDirectory(prefix="bench-start-") as folder:
        args = ["--bare"] if bare else ["--db", str(database), "--data-dir", folder]
        started = time.perf_counter()
        process = subprocess.Popen(python("-m", "benchmarks.cold_start", *args), cwd=ROOT,
                                   env=environment(), stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)  # fmt: skip
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = (time.perf_counter() - started) * 1000
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stdout.close()
    if not line.startswith("ready"):
        raise RuntimeError(f"the app did not start: {line!r} (exit {process.returncode})")
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000


def pdf_round(database: str) -> list[float]:
    """[case PDF wall, its CPU, bare reportlab wall, its CPU], medians in ms, measured in a
    process of its own: 10 cases, each printed three times beside its bare document."""
    import json

    done = subprocess.run(python("-c", PDF_PROBE, database), cwd=ROOT, env=environment(),
                          text=True, capture_output=True, check=True)  # fmt: skip
    return [float(v) for v in json.loads(done.stdout.strip().splitlines()[-1])]


def ratio_line(name: str, ratios: list[float], goal: float) -> str:
    return (f"{name}: median {statistics.median(ratios):.2f}× (goal {goal}×), "
            f"rounds {[round(r, 2) for r in ratios]}")  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-start", action="store_true")
    args = parser.parse_args(argv)
    database, _built = ensure_database(args.cases, default_spec())
    print(f"load average at the start: {os.getloadavg()[0]:.1f}", flush=True)
    ratios: dict[str, list[float]] = {}
    for number in range(1, args.rounds + 1):
        line = f"round {number}:"
        if not args.no_start:
            runs = [(cold_start(database, bare=True), cold_start(database))
                    for _ in range(COLD_RUNS)]  # fmt: skip
            bare = [statistics.median(r[0][i] for r in runs) for i in (0, 1)]
            app = [statistics.median(r[1][i] for r in runs) for i in (0, 1)]
            ratios.setdefault("start, wall", []).append(app[0] / bare[0])
            ratios.setdefault("start, CPU", []).append(app[1] / bare[1])
            line += (f" start {app[0]:.0f} / bare {bare[0]:.0f} ms = {app[0] / bare[0]:.2f}×"
                     f" (CPU {app[1]:.0f} / {bare[1]:.0f} = {app[1] / bare[1]:.2f}×)")  # fmt: skip
        if not args.no_pdf:
            wall, cpu, bare_wall, bare_cpu = pdf_round(str(database))
            ratios.setdefault("PDF, wall", []).append(wall / bare_wall)
            ratios.setdefault("PDF, CPU", []).append(cpu / bare_cpu)
            line += (f"; PDF {wall:.1f} / bare {bare_wall:.1f} ms = {wall / bare_wall:.2f}×"
                     f" (CPU {cpu:.1f} / {bare_cpu:.1f} = {cpu / bare_cpu:.2f}×)")  # fmt: skip
        print(line, f"[load {os.getloadavg()[0]:.1f}]", flush=True)
    for name, found in ratios.items():
        print(ratio_line(name, found, 4.0 if name.startswith("start") else 3.5))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
