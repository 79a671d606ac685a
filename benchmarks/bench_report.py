"""How long the tumour-board PDF takes to build: one case, and a 20-case board packet.

    make bench-report        (or: .venv/bin/python benchmarks/bench_report.py [--runs N])

Prints one table row per measurement with the median and the slowest run against its
budget (one case 150 ms, a 20-case packet 3 s). A benchmark, not a test: the machine's
load changes the figures, so it reports and never fails a build.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

from desktop_app.demo import demo_records
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.spec import Spec, default_spec

CASE_BUDGET_MS = 150.0
PACKET_BUDGET_MS = 3000.0
PACKET_SIZE = 20


def timed(work: Callable[[], None], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def packet_records(spec: Spec, count: int) -> list[CaseRecord]:
    """`count` cases made from the reference cases, each with its own case number."""
    number = spec.summary_field("case_number")
    base = demo_records()
    records = []
    for n in range(count):
        record = CaseRecord.from_json(base[n % len(base)].to_json())
        if number is not None:
            record.values[number.id] = f"BENCH-{n + 1:03d}"
        records.append(record)
    return records


def render(spec: Spec, records: list[CaseRecord]) -> Callable[[], None]:
    return lambda: render_case_summary(spec, records, io.BytesIO(), generated_by="bench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (default 7)")
    args = parser.parse_args()
    spec = default_spec()
    cases = demo_records()
    render(spec, cases[:1])()  # fonts and styles are set up once per process
    rows: list[tuple[str, list[float], float]] = []
    for record in cases:
        number = spec.summary_field("case_number")
        label = record.values.get(number.id, "case") if number else "case"
        rows.append((f"one case {label}", timed(render(spec, [record]), args.runs),
                     CASE_BUDGET_MS))  # fmt: skip
    packet = packet_records(spec, PACKET_SIZE)
    packet_runs = max(3, args.runs // 2)
    rows.append((f"packet of {PACKET_SIZE} cases", timed(render(spec, packet), packet_runs),
                 PACKET_BUDGET_MS))  # fmt: skip
    accelerated = "yes" if _has_accelerator() else "no (optional: pip install rl-accel)"
    print(f"Tumour-board PDF build times, {args.runs} runs each; C accelerator: {accelerated}")
    print(f"{'measurement':<28} {'median ms':>10} {'slowest ms':>11} {'budget ms':>10}  result")
    print("-" * 70)
    for name, times, budget in rows:
        median = statistics.median(times)
        verdict = "ok" if median <= budget else "OVER BUDGET"
        print(f"{name:<28} {median:>10.1f} {max(times):>11.1f} {budget:>10.0f}  {verdict}")
    return 0


def _has_accelerator() -> bool:
    try:
        import _rl_accel  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
