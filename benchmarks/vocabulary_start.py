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
import resource
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


def start_ms(without: bool) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one start (the CPU time of the child process,
    user and system: less moved by other work on a shared machine than the wall clock)."""
    with tempfile.TemporaryDirectory(prefix="bench-vocab-") as folder:
        args = ["--db", str(Path(folder) / "cases.db"), "--data-dir", folder]
        mode = ["--without"] if without else []
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        command = python("-m", "benchmarks.vocabulary_start", "--child", *mode, "--", *args)
        process = subprocess.Popen(command, cwd=ROOT, env=environment(), stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)  # fmt: skip
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = (time.perf_counter() - started) * 1000
        process.wait(timeout=120)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not line.startswith("ready"):
        raise RuntimeError(f"the app did not start: {line!r}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return elapsed, cpu


def in_process() -> list[tuple[str, float]]:
    from desktop_app.paths import forms_dir, resource_path
    from desktop_app.spec import loader
    from desktop_app.ui.choice_typing import Choice, search

    def best_load() -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            loader.load_spec(forms_dir(), resource_path("vocabularies"))
            times.append(time.perf_counter() - started)
        return min(times)

    rows = [("load the specification, with the data files (best of 5)", best_load())]
    merge, retired = loader.merge_data, loader.read_retired
    loader.merge_data = lambda _path, terms, _problem: terms  # type: ignore[assignment]
    loader.read_retired = lambda _path, _problem: ()  # type: ignore[assignment]
    rows.append(("load the specification, without them (best of 5)", best_load()))
    loader.merge_data, loader.read_retired = merge, retired
    spec = loader.load_spec(forms_dir(), resource_path("vocabularies"))
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
    with_data: list[tuple[float, float]] = []
    without: list[tuple[float, float]] = []
    for _ in range(options.runs):
        without.append(start_ms(True))
        with_data.append(start_ms(False))
    print(f"{'cold start to an idle main window (median)':<46} {'wall ms':>8} {'CPU ms':>8}")
    rows = (("  without the ICD-O-3.2 data files", without),
            ("  with them (1,143 + 330 codes, 61 retired)", with_data))  # fmt: skip
    medians = []
    for label, runs in rows:
        wall, cpu = (statistics.median(r[i] for r in runs) for i in (0, 1))
        medians.append((wall, cpu))
        print(f"{label:<46} {wall:>8.0f} {cpu:>8.0f}")
    added_wall, added_cpu = (medians[1][i] - medians[0][i] for i in (0, 1))
    verdict = "within" if added_cpu <= BUDGET_MS else "OVER"
    said = f"{verdict} the {BUDGET_MS:.0f} ms budget, by CPU time; {options.runs} runs each"
    print(f"{'  added':<46} {added_wall:>8.0f} {added_cpu:>8.0f}  ({said})")
    print()
    print(f"{'in one process':<60} {'ms':>10}")
    for what, ms in in_process():
        print(f"{'  ' + what:<60} {ms:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
