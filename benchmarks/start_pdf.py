"""Only the two ratio rows of `make bench` (issue 13), repeated, for work on the start and
the case PDF: the cold start beside a bare PySide6 window, and one case to PDF beside a bare
reportlab document of the same pages, each pair measured side by side in this one run.

    python -m benchmarks.start_pdf [--cases N] [--rounds R] [--no-pdf] [--no-start]
                                   [--before TREE]

The database is the benchmark's own (benchmarks/database.py, kept under .bench/; 1,000
cases by default: neither figure depends on the number of cases). Each round measures
COLD_RUNS bare windows and COLD_RUNS starts of the app, interleaved, then the PDF rows in a
process of its own (the same as benchmarks/gui_probe.py's: one case loaded and printed,
beside the bare document of its rows and page count); every round's ratios are printed,
then their median. Beside the wall clock each figure is also given in CPU time (user +
system of the started process; process_time for the PDF), which the other work on a shared
machine moves far less.

With --before TREE (a checkout of another commit, e.g. `git worktree add /tmp/before main`
or an unpacked `git archive`), every round also starts and prints that tree's app,
interleaved with this one's, beside the same bare window: before and after in one run.
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


def tree_environment(tree: Path) -> dict[str, str]:
    """The benchmark's environment, with the code of `tree`."""
    return dict(environment(), PYTHONPATH=str(tree))


def cold_start(database: Path, bare: bool = False, tree: Path = ROOT) -> tuple[float, float]:
    """Milliseconds from starting benchmarks.cold_start (of `tree`) to its "ready" line (as
    benchmarks.run.cold_start), and the CPU time (user + system) the process used."""
    with tempfile.TemporaryDirectory(prefix="bench-start-") as folder:
        args = ["--bare"] if bare else ["--db", str(database), "--data-dir", folder]
        started = time.perf_counter()
        process = subprocess.Popen(python("-m", "benchmarks.cold_start", *args), cwd=tree,
                                   env=tree_environment(tree), stdout=subprocess.PIPE,
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


def pdf_round(database: str, tree: Path = ROOT) -> list[float]:
    """[case PDF wall, its CPU, bare reportlab wall, its CPU], medians in ms, measured in a
    process of its own (the code of `tree`): 10 cases, each printed three times beside its
    bare document."""
    import json

    done = subprocess.run(python("-c", PDF_PROBE, database), cwd=tree,
                          env=tree_environment(tree), text=True, capture_output=True,
                          check=True)  # fmt: skip
    return [float(v) for v in json.loads(done.stdout.strip().splitlines()[-1])]


def ratio_line(name: str, ratios: list[float], goal: float) -> str:
    return (f"{name}: median {statistics.median(ratios):.2f}× (goal {goal}×), "
            f"rounds {[round(r, 2) for r in ratios]}")  # fmt: skip


def measure_round(database: Path, trees: dict[str, Path], start: bool, pdf: bool) -> str:
    """One round: COLD_RUNS bare windows and starts of each tree's app, interleaved, then
    each tree's PDF probe; adds each ratio to RATIOS and returns the round's line."""
    line = ""
    if start:
        runs: dict[str, list[tuple[float, float]]] = {"bare": [], **{name: [] for name in trees}}
        for _ in range(COLD_RUNS):
            runs["bare"].append(cold_start(database, bare=True))
            for name, tree in trees.items():
                runs[name].append(cold_start(database, tree=tree))
        bare = [statistics.median(r[i] for r in runs["bare"]) for i in (0, 1)]
        for name in trees:
            app = [statistics.median(r[i] for r in runs[name]) for i in (0, 1)]
            RATIOS.setdefault(f"{name}start, wall", []).append(app[0] / bare[0])
            RATIOS.setdefault(f"{name}start, CPU", []).append(app[1] / bare[1])
            line += (f" {name}start {app[0]:.0f} / bare {bare[0]:.0f} ms = "
                     f"{app[0] / bare[0]:.2f}× (CPU {app[1]:.0f} / {bare[1]:.0f} = "
                     f"{app[1] / bare[1]:.2f}×);")  # fmt: skip
    if pdf:
        for name, tree in trees.items():
            wall, cpu, bare_wall, bare_cpu = pdf_round(str(database), tree)
            RATIOS.setdefault(f"{name}PDF, wall", []).append(wall / bare_wall)
            RATIOS.setdefault(f"{name}PDF, CPU", []).append(cpu / bare_cpu)
            line += (f" {name}PDF {wall:.1f} / bare {bare_wall:.1f} ms = "
                     f"{wall / bare_wall:.2f}× (CPU {cpu:.1f} / {bare_cpu:.1f} = "
                     f"{cpu / bare_cpu:.2f}×);")  # fmt: skip
    return line


RATIOS: dict[str, list[float]] = {}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-start", action="store_true")
    parser.add_argument("--before", help="another checkout, measured beside this one")
    args = parser.parse_args(argv)
    database, _built = ensure_database(args.cases, default_spec())
    trees = {"": ROOT}
    if args.before:
        trees = {"before ": Path(args.before).resolve(), "after ": ROOT}
    print(f"load average at the start: {os.getloadavg()[0]:.1f}", flush=True)
    for number in range(1, args.rounds + 1):
        line = measure_round(database, trees, not args.no_start, not args.no_pdf)
        print(f"round {number}:{line} [load {os.getloadavg()[0]:.1f}]", flush=True)
    for name, found in RATIOS.items():
        print(ratio_line(name, found, 4.0 if "start" in name else 3.5))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
