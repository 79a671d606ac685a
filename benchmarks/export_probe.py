"""Export N cases of a database to XLSX in a process of its own, and say how long it took
and the process's peak memory.    python -m benchmarks.export_probe DB N OUT.xlsx"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.peak import peak_mb
from desktop_app.exchange import export_records
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
from desktop_app.store.queries import CaseFilter


def main(argv: list[str]) -> int:
    database, count, out = argv[0], int(argv[1]), Path(argv[2])
    store = CaseStore.open(database, default_spec())
    try:
        numbers = [c.case_number for c in store.find_cases(CaseFilter(), limit=count)]
        started = time.perf_counter()
        written = export_records(store, out, "xlsx", numbers=numbers)
        seconds = time.perf_counter() - started
    finally:
        store.close()
    peak = peak_mb()
    print(json.dumps({"cases": written, "seconds": seconds, "peak_mb": peak,
                      "megabytes": out.stat().st_size / 1e6}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
