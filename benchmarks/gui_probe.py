"""The in-window measurements, in one process with an offscreen main window on the big
database, as a registrar meets them:

- open a case from the list: MainWindow.open_case fills every tab, then Qt lays it out;
- save a case with 10 changed values: CaseStore.save, with its audit events;
- search per keystroke: the case list's search (count and first page) for each prefix of
  a typed word, then the repaint;
- a cohort of three conditions (an imaging study of one modality, an IHC result for one
  marker, an age) applied to the case list;
- one case to PDF (loading it included) and a 20-case board packet;
- the peak memory of this process once it has done all of that.

    python -m benchmarks.gui_probe DB      (run by benchmarks/run.py; prints JSON)
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from benchmarks.pdf_baseline import bare_pdf, page_count, rows_of
from benchmarks.peak import peak_mb
from benchmarks.synth import CaseMaker
from desktop_app.drafts import DraftStore
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.rules.conditions import is_shown
from desktop_app.settings import Settings
from desktop_app.spec import Spec, default_spec
from desktop_app.store import CaseStore
from desktop_app.store.queries import Condition
from desktop_app.ui.main_window import MainWindow

WORDS = ("leiomyosarcoma", "BX00042", "glomus")  # typed into the search, letter by letter
CHANGES = 10  # values changed per save
SAMPLES = 10  # cases opened, saved, printed


def timed(work: Callable[[], object]) -> float:
    """Milliseconds `work` took."""
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def summary(times: list[float]) -> dict[str, Any]:
    return {"median_ms": statistics.median(times), "max_ms": max(times), "runs": len(times),
            "all_ms": [round(t, 1) for t in times]}  # fmt: skip


def open_cases(app: QApplication, window: MainWindow, ids: list[int]) -> dict[str, Any]:
    def open_one(case_id: int) -> None:
        window.open_case(case_id)
        app.processEvents()  # the layout and paint of the filled tabs

    open_one(ids[-1])  # the first case opened builds nothing more, but warms the caches
    return summary([timed(partial(open_one, i)) for i in ids[:SAMPLES]])


def changed(spec: Spec, record: CaseRecord, other: CaseRecord) -> int:
    """Put `CHANGES` values of `other` (another synthetic case) into `record`."""
    count = 0
    for f in spec.case_fields:
        new = other.values.get(f.id, "")
        if count == CHANGES:
            break
        if f.derived is None and new and new != record.values.get(f.id) and is_shown(
            f, record.values, record.values
        ) and f.summary != "case_number":  # fmt: skip
            record.values[f.id] = new
            count += 1
    return count


def saves(store: CaseStore, ids: list[int]) -> dict[str, Any]:
    # Values drawn anew at every run: the kept cases already hold the last run's values.
    maker = CaseMaker(store.spec, seed=time.time_ns() % 1_000_000)
    times = []
    for n, case_id in enumerate(ids[:SAMPLES]):
        record = store.load(case_id)
        assert changed(store.spec, record, maker.case(n)) == CHANGES
        times.append(timed(partial(store.save, record, user="bench", reason="benchmark")))
    return summary(times)


def searches(app: QApplication, window: MainWindow) -> dict[str, Any]:
    times = []
    for word in WORDS:
        for end in range(1, len(word) + 1):
            window.search.setText(word[:end])

            def search() -> None:
                window.case_list.apply_filter()
                app.processEvents()

            times.append(timed(search))
    window.search.setText("")
    window.case_list.apply_filter()
    return summary(times) | {"keystrokes": sum(len(w) for w in WORDS), "words": list(WORDS)}


def cohort_conditions(spec: Spec) -> tuple[Condition, ...]:
    """An imaging study by MRI, an IHC result for SMA, an age of 40 or more; fields found
    by their roles, codes checked against their vocabularies."""

    def in_group(role: str, code: str, *with_roles: str) -> Condition:
        group = next(g for g in spec.groups if all(
            spec.role_field(r, g.id) for r in (role, *with_roles)))  # fmt: skip
        field = spec.role_field(role, group.id)
        assert field is not None
        codes = [t.code for t in spec.vocabulary(field.vocabulary).terms]
        return Condition(group.id, field.id, "=", code if code in codes else codes[0])

    age = spec.role_field("age")
    assert age is not None
    return (in_group("modality", "MRI", "birads"), in_group("marker", "SMA"),
            Condition("", age.id, ">=", "40"))  # fmt: skip


def cohort(app: QApplication, window: MainWindow) -> dict[str, Any]:
    conditions = cohort_conditions(window.store.spec)

    def apply() -> None:
        window.case_list.set_conditions(conditions)
        app.processEvents()

    times = []
    for _ in range(3):
        window.case_list.set_conditions(())
        times.append(timed(apply))
    found = window.model.total
    window.case_list.set_conditions(())
    return summary(times) | {"conditions": [list(vars(c).values()) for c in conditions],
                             "cases_found": found}  # fmt: skip


def pdfs(store: CaseStore, ids: list[int]) -> tuple[dict[str, Any], dict[str, Any]]:
    def one(case_id: int) -> None:
        render_case_summary(store.spec, [store.load(case_id)], io.BytesIO())

    def packet() -> None:
        records = list(store.load_many(ids[:20]))
        render_case_summary(store.spec, records, io.BytesIO(), board_date="2024-06-01")

    def bare(case_id: int) -> None:
        record = store.load(case_id)
        made = io.BytesIO()
        render_case_summary(store.spec, [record], made)
        rows, pages = rows_of(store.spec, record), page_count(made.getvalue())
        bare_times.append(timed(partial(bare_pdf, rows, pages)))

    one(ids[-1])  # fonts are registered once per process
    bare_times: list[float] = []
    for case_id in ids[:SAMPLES]:
        bare(case_id)
    case = summary([timed(partial(one, i)) for i in ids[:SAMPLES]])
    case["bare_reportlab_ms"] = round(statistics.median(bare_times), 1)
    return case, summary([timed(packet) for _ in range(3)])


def main(argv: list[str]) -> int:
    app = QApplication([])
    store = CaseStore.open(argv[0], default_spec())
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as folder:
        drafts = DraftStore.for_database(Path(folder), str(store.engine.url))
        window = MainWindow(store, Settings(), None, drafts)
        window.show()
        app.processEvents()
        # Cases a registrar would click: spread over the first page of the list.
        shown = [c.case_id for c in window.model.shown_cases()]
        ids = shown[:: max(1, len(shown) // (SAMPLES + 1))][: SAMPLES + 1]
        results: dict[str, Any] = {"open_case": open_cases(app, window, ids)}
        results["search_keystroke"] = searches(app, window)
        results["cohort_query"] = cohort(app, window)
        results["case_pdf"], results["packet_pdf"] = pdfs(store, shown[-21:])
        results["save_case"] = saves(store, shown[-SAMPLES:])
        results["peak_mb"] = peak_mb()
        window.hide()
    print(json.dumps(results))
    sys.stdout.flush()
    os._exit(0)  # leave without closing the window (closing takes the daily backup)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
