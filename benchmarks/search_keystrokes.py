"""The case-list search alone, as `make bench` measures it (`gui_probe.searches`: count and
first page, then the repaint, after each letter of the benchmark's words), in an offscreen
main window on a database, without the rest of the in-window measurements (which change
cases). For measuring a change to the search on a big database in a minute.

    python -m benchmarks.search_keystrokes DB [ROUNDS]      (prints JSON)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from benchmarks.gui_probe import searches
from desktop_app.drafts import DraftStore
from desktop_app.settings import Settings
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
from desktop_app.ui.main_window import MainWindow


def main(argv: list[str]) -> int:
    rounds = int(argv[1]) if len(argv) > 1 else 3
    app = QApplication([])
    started = time.perf_counter()
    store = CaseStore.open(argv[0], default_spec())
    opened = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        drafts = DraftStore.for_database(Path(folder), str(store.engine.url))
        window = MainWindow(store, Settings(), None, drafts)
        window.show()
        app.processEvents()
        runs = []
        for _ in range(rounds):
            cpu = time.process_time()
            found = searches(app, window)
            found["cpu_ms"] = round((time.process_time() - cpu) * 1000)
            runs.append(found)
        window.hide()
    each = [[r["all_ms"][k] for r in runs] for k in range(len(runs[0]["all_ms"]))]
    typed = [w[:end] for w in runs[0]["words"] for end in range(1, len(w) + 1)]
    print(json.dumps({
        "open_seconds": round(opened, 1),
        "max_ms": [round(r["max_ms"], 1) for r in runs],
        "median_ms": [round(r["median_ms"], 1) for r in runs],
        "cpu_ms": [r["cpu_ms"] for r in runs],
        "slowest": [typed[r["all_ms"].index(max(r["all_ms"]))] for r in runs],
        "best_of_rounds_ms": {w: min(e) for w, e in zip(typed, each, strict=True)},
        "slowest_best_ms": max(min(e) for e in each),
        "median_best_ms": statistics.median(min(e) for e in each),
    }))  # fmt: skip
    sys.stdout.flush()
    os._exit(0)  # leave without closing the window (closing takes the daily backup)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
