"""What the whole ICD-O-3.2 costs at start-up: the app with and without its data files.

    python -m benchmarks.vocabulary_start [--runs 5]

"Without" is the app as it was before issue 11: icdo3.toml's own terms only (its `data`
and `retired` files are not read). Each run is a fresh process timed from its start to the
main window being up and idle (benchmarks/cold_start.py), with and without taking turns so
that a busy machine slows both alike. Then, in this process: loading the specification,
and the first and a later search of the morphology vocabulary as typing does it. Prints a
table; the budget is 50 ms added to the cold start.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run import ROOT, environment, python

BUDGET_MS = 50.0


def child(without: bool, args: list[str]) -> int:
    if without:
        from desktop_app.spec import loader

        loader.merge_data = lambda _path, terms, _problem: terms  # type: ignore[assignment]
        loader.read_retired = lambda _path, _problem: ()  # type: ignore[assignment]
    from benchmarks.cold_start import main

    return main(args)


def start_ms(without: bool) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-vocab-") as folder:
        args = ["--db", str(Path(folder) / "cases.db"), "--data-dir", folder]
        mode = ["--without"] if without else []
        started = time.perf_counter()
        command = python("-m", "benchmarks.vocabulary_start", "--child", *mode, "--", *args)
        process = subprocess.Popen(command, cwd=ROOT, env=environment(), stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)  # fmt: skip
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = (time.perf_counter() - started) * 1000
        process.wait(timeout=120)
    if not line.startswith("ready"):
        raise RuntimeError(f"the app did not start: {line!r}")
    return elapsed


def in_process() -> list[tuple[str, float]]:
    from desktop_app.paths import forms_dir, resource_path
    from desktop_app.spec.loader import load_spec
    from desktop_app.ui.choice_typing import Choice, search

    rows = []
    started = time.perf_counter()
    spec = load_spec(forms_dir(), resource_path("vocabularies"))
    rows.append(("load the specification (forms and vocabularies)", time.perf_counter() - started))
    vocab = spec.vocabulary("icdo3_morphology")
    choices = [Choice(t.code, (vocab.display(t), t.label, *t.synonyms)) for t in vocab.terms]
    for what in ("first search of 1,143 morphology codes ('duct')", "a later search ('lipo')"):
        started = time.perf_counter()
        search(choices, what.split("'")[1])
        rows.append((what, time.perf_counter() - started))
    return [(what, seconds * 1000) for what, seconds in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--without", action="store_true")
    parser.add_argument("rest", nargs="*")
    options = parser.parse_args()
    if options.child:
        return child(options.without, options.rest)
    with_data: list[float] = []
    without: list[float] = []
    for _ in range(options.runs):
        without.append(start_ms(True))
        with_data.append(start_ms(False))
    added = statistics.median(with_data) - statistics.median(without)
    print(f"{'cold start to an idle main window':<52} {'median ms':>10}  runs")
    print(f"{'  without the ICD-O-3.2 data files':<52} {statistics.median(without):>10.0f}  "
          f"{[round(x) for x in without]}")  # fmt: skip
    print(f"{'  with them (1,143 + 330 codes, 61 retired)':<52} "
          f"{statistics.median(with_data):>10.0f}  {[round(x) for x in with_data]}")  # fmt: skip
    verdict = "within" if added <= BUDGET_MS else "OVER"
    print(f"{'  added':<52} {added:>10.0f}  ({verdict} the {BUDGET_MS:.0f} ms budget)")
    print()
    print(f"{'in one process':<52} {'ms':>10}")
    for what, ms in in_process():
        print(f"{'  ' + what:<52} {ms:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
