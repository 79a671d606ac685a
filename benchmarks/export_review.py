"""What File ▸ Export… costs before and while it writes: reading the cases for the
de-identification review (desktop_app.deid.review, in the export's thread), building the
review dialog with every row (ui/deid_review.py, on the GUI thread), and writing the JSON
de-identified and identified. Every case is a synthetic one with every field filled
(exchange/samples.py) and a board question quoting its patient's name and record number.

    python -m benchmarks.export_review [N ...]      (default: 100 1000)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from desktop_app.deid.review import review_rows
from desktop_app.exchange import export_records
from desktop_app.exchange.samples import sample_case
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec, default_spec
from desktop_app.store import CaseStore


def planted(spec: Spec, n: int) -> CaseRecord:
    record = sample_case(spec, n, entries=1)
    name = next(f for f in spec.case_fields if f.phi and f.type == "text" and not f.role)
    mrn, board = spec.role_field("record_number"), spec.role_field("board_question")
    assert mrn is not None and board is not None
    record.values[name.id] = f"Harriet Okafor-Ng{n}"
    record.values[mrn.id] = f"77{n:06d}"
    record.values[board.id] = (f"Should Mrs Okafor-Ng{n} (MRN 77{n:06d}) have surgery? "
                               "Seen by Dr Lindqvist on 3 March 2016; tel 5550 9876.")  # fmt: skip
    return record


def measure(spec: Spec, size: int, folder: Path) -> str:
    """One line of the table for `size` cases in a new database in `folder`."""
    from desktop_app.ui.deid_review import DeidReviewDialog, withheld_fields

    store = CaseStore.open(folder / "bench.sqlite", spec)
    try:
        store.save_many([planted(spec, n) for n in range(1, size + 1)])
        ids = [c.case_id for c in store.list_cases()]
        started = time.perf_counter()
        rows = review_rows(spec, store.load_many(ids))
        read = time.perf_counter() - started
        started = time.perf_counter()
        dialog = DeidReviewDialog(rows, "Write", None, cases=len(ids),
                                  withheld=withheld_fields(spec))  # fmt: skip
        built = time.perf_counter() - started
        dialog.deleteLater()
        out = folder / "out.json"
        started = time.perf_counter()
        export_records(store, out, "json", ids=ids, deidentify=True)
        deid = time.perf_counter() - started
        started = time.perf_counter()
        export_records(store, out, "json", ids=ids)
        ident = time.perf_counter() - started
    finally:
        store.close()
    return (f"| {size:,} | {len(rows):,} | {read:.2f} s | {built:.2f} s | {deid:.2f} s "
            f"| {ident:.2f} s |")  # fmt: skip


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    spec = default_spec()
    print("| cases | replacements | review read | review dialog built | JSON de-identified "
          "| JSON identified |")  # fmt: skip
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in [int(a) for a in argv] or [100, 1000]:
        with tempfile.TemporaryDirectory() as folder:
            print(measure(spec, size, Path(folder)))
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
