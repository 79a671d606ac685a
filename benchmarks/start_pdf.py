"""Only the two ratio rows of `make bench` (issue 13), repeated, for work on the start and
the case PDF: the cold start beside a bare PySide6 window, and one case to PDF beside a bare
reportlab document of the same pages, each pair measured side by side in this one run.

    python -m benchmarks.start_pdf [--cases N] [--rounds R]

The database is the benchmark's own (benchmarks/database.py, kept under .bench/; 1,000
cases by default: neither figure depends on the number of cases). Each round measures
COLD_RUNS bare windows and COLD_RUNS starts of the app, interleaved, then the PDF rows of
benchmarks/gui_probe.py in a process of its own; every round's ratios are printed, then
their median.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

from benchmarks.database import ensure_database
from benchmarks.run import COLD_RUNS, ROOT, cold_start, environment, python
from desktop_app.spec import default_spec

PDF_PROBE = """
import io, json, os, sys
from benchmarks.gui_probe import pdfs
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
store = CaseStore.open(sys.argv[1], default_spec())
ids = list(range(1, 22))
case, _packet = pdfs(store, ids)
print(json.dumps(case))
"""


def pdf_round(database: str) -> tuple[float, float]:
    """(case PDF median ms, bare reportlab median ms) from a process of its own."""
    import json

    done = subprocess.run(python("-c", PDF_PROBE, database), cwd=ROOT, env=environment(),
                          text=True, capture_output=True, check=True)  # fmt: skip
    case = json.loads(done.stdout.strip().splitlines()[-1])
    return float(case["median_ms"]), float(case["bare_reportlab_ms"])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-start", action="store_true")
    args = parser.parse_args(argv)
    database, _built = ensure_database(args.cases, default_spec())
    start_ratios, pdf_ratios = [], []
    for number in range(1, args.rounds + 1):
        line = f"round {number}:"
        if not args.no_start:
            bare, app = [], []
            for _ in range(COLD_RUNS):
                bare.append(cold_start(database, bare=True)[0])
                app.append(cold_start(database)[0])
            ratio = statistics.median(app) / statistics.median(bare)
            start_ratios.append(ratio)
            line += (f" start {statistics.median(app):.0f} ms / bare "
                     f"{statistics.median(bare):.0f} ms = {ratio:.2f}×")  # fmt: skip
        if not args.no_pdf:
            case, bare_pdf = pdf_round(str(database))
            pdf_ratios.append(case / bare_pdf)
            line += f"; PDF {case:.1f} ms / bare {bare_pdf:.1f} ms = {case / bare_pdf:.2f}×"
        print(line, flush=True)
    if start_ratios:
        print(f"start ratio: median {statistics.median(start_ratios):.2f}× "
              f"(goal 4.0×), rounds {[round(r, 2) for r in start_ratios]}")  # fmt: skip
    if pdf_ratios:
        print(f"PDF ratio: median {statistics.median(pdf_ratios):.2f}× "
              f"(goal 3.5×), rounds {[round(r, 2) for r in pdf_ratios]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
