"""Export benchmark: N realistic cases exported to each format, timed, against the budget.

    .venv/bin/python benchmarks/bench_export.py                # 10,000 cases
    .venv/bin/python benchmarks/bench_export.py --cases 1000   # a quicker look
    .venv/bin/python benchmarks/bench_export.py --db PATH      # an existing database

The synthetic database is built once and kept (under the temporary folder, named by the
number of cases and the specification's version): the five reference cases, each with every
identifier filled, saved through CaseStore.save, then copied row for row until there are N
cases (saving 10,000 cases one by one, each with its audit, would take ten minutes).
Budget (issue 6): an export of 10,000 cases to XLSX in at most 30 s; the other formats are
shown for comparison, with the same budget scaled to the number of cases.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from desktop_app.demo import demo_records
from desktop_app.exchange import export_records
from desktop_app.exchange.samples import sample_case
from desktop_app.spec import Spec, default_spec
from desktop_app.store import CaseStore
from desktop_app.store import tables as t

XLSX_BUDGET_S = 30.0  # for 10,000 cases
BUDGET_CASES = 10_000
RUNS = (
    ("json", False, "cases.json"),
    ("csv-long", False, "cases.csv"),
    ("csv-wide", False, "wide"),
    ("xlsx", False, "cases.xlsx"),
    ("xlsx", True, "deidentified.xlsx"),
)


def base_store(path: Path, spec: Spec) -> CaseStore:
    """The reference cases with identifiers, through the ordinary save path."""
    store = CaseStore.open(path, spec)
    number = spec.summary_field("case_number")
    for n, record in enumerate(demo_records()):
        phi = sample_case(spec, n)
        for field in spec.case_fields:
            if field.phi and field.id in phi.values:
                record.values[field.id] = phi.values[field.id]
        if number is not None:
            record.values[number.id] = f"B{n:06d}"
        store.save(record, user="bench")
    return store


def grow(store: CaseStore, cases: int) -> None:
    """Copy the stored cases row for row until there are `cases` of them."""
    number = store.spec.summary_field("case_number")
    with store.engine.begin() as connection:
        heads = [dict(r) for r in connection.execute(select(t.cases)).mappings()]
        entries = [dict(r) for r in connection.execute(select(t.group_entries)).mappings()]
        items = [dict(r) for r in connection.execute(select(t.case_items)).mappings()]
        next_id = max(h["id"] for h in heads) + 1
        for copy in range(len(heads), cases):
            head = dict(heads[copy % len(heads)])
            source, head["id"] = head["id"], next_id
            head["case_number"] = f"B{copy:06d}"
            connection.execute(insert(t.cases), [head])
            rows = [dict(e, case_id=next_id) for e in entries if e["case_id"] == source]
            if rows:
                connection.execute(insert(t.group_entries), rows)
            values = []
            for item in items:
                if item["case_id"] != source:
                    continue
                row = {k: v for k, v in item.items() if k != "id"}
                row["case_id"] = next_id
                if number is not None and (row["group_id"], row["field_id"]) == number.key:
                    row["value_text"] = head["case_number"]
                values.append(row)
            connection.execute(insert(t.case_items), values)
            next_id += 1


def database(cases: int, spec: Spec) -> Path:
    folder = Path(tempfile.gettempdir()) / "case-abstractor-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"export-{cases}-{spec.version}.sqlite"
    if path.exists():
        return path
    building = path.with_suffix(".building")
    for leftover in folder.glob(building.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    store = base_store(building, spec)
    try:
        grow(store, cases)
    finally:
        store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(building) + suffix).unlink(missing_ok=True)
    building.rename(path)
    print(f"built {path} ({cases} cases) in {time.perf_counter() - started:.1f} s")
    return path


def measure(store: CaseStore, out: Path) -> list[dict[str, Any]]:
    count = len(store.list_cases())
    budget = XLSX_BUDGET_S * count / BUDGET_CASES
    results = []
    for fmt, deidentify, name in RUNS:
        target = out / name
        started = time.perf_counter()
        written = export_records(store, target, fmt, deidentify=deidentify)
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in target.rglob("*")) if target.is_dir() else (
            target.stat().st_size
        )  # fmt: skip
        results.append({
            "export": fmt + (" de-identified" if deidentify else ""), "cases": written,
            "seconds": round(seconds, 2), "budget_s": round(budget, 2),
            "over_budget": seconds > budget, "megabytes": round(size / 1e6, 1),
            "ms_per_case": round(1000 * seconds / max(written, 1), 3),
        })  # fmt: skip
    return results


def table(results: list[dict[str, Any]]) -> str:
    lines = [f"{'export':<24}{'cases':>8}{'seconds':>10}{'budget':>9}{'ms/case':>9}{'MB':>8}"]
    for r in results:
        mark = "  over budget" if r["over_budget"] else ""
        lines.append(
            f"{r['export']:<24}{r['cases']:>8}{r['seconds']:>10.2f}{r['budget_s']:>8.1f}s"
            f"{r['ms_per_case']:>9.2f}{r['megabytes']:>8.1f}{mark}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=BUDGET_CASES)
    parser.add_argument("--db", help="export from this database instead of a synthetic one")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    spec = default_spec()
    store = CaseStore.open(args.db or database(args.cases, spec), spec)
    out = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        results = measure(store, out)
    finally:
        store.close()
        shutil.rmtree(out, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(table(results))
    print(f"budget: XLSX of {BUDGET_CASES:,} cases in {XLSX_BUDGET_S:.0f} s (scaled to the "
          f"number of cases); peak memory of this process {peak:.0f} MB")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "peak_mb": round(peak)},
                                              indent=1), encoding="utf-8")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
