"""The case list, its search and a cohort on 1,000,000 cases (issue 13).

A million whole synthetic cases would take hours to write and tens of GB, so this generator
writes only the tables those three read: `cases` (the case-list columns, as for a saved
case), the search index rows (the case-list columns and, from the case's entries, the codes
and labels of their choices, 400 characters at most: the text fields are left out) and, for
the cohort's fields only, `group_entries` and `case_items` (the cohort index) under their
codes. (The case number is not in the search index's text: it is searched in its own
column, as the store does.) Each case
copies one of 1,000 synthetic cases (benchmarks/synth.py) with its own number and title.
The database is kept under .bench/ like the others.

What is measured is what the case list asks of the store (`ui/case_list_model.py`): the
count (capped at 1,000 while searching) and the first page of 200, for the unfiltered list,
for each keystroke of the benchmark's search words, and for the three-condition cohort.

    python -m benchmarks.million [COUNT]       (run by benchmarks/run.py; prints JSON)
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.copies import built, fast_writes, merge_search_index
from benchmarks.database import BENCH_USER, CACHE, CREATED_AT
from benchmarks.gui_probe import WORDS, cohort_conditions
from benchmarks.synth import CaseMaker
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec, default_spec
from desktop_app.store import CaseStore, field_codes
from desktop_app.store.derived_cache import item_number
from desktop_app.store.queries import CaseFilter, counted_to_a_cap
from desktop_app.store.search_index import SEPARATOR
from desktop_app.store.search_text import CHOICE_TYPES, summary_values
from desktop_app.store.tables import indexed_text
from desktop_app.ui.case_list_model import COUNT_CAP, PAGE

MILLION = 1_000_000
TEMPLATES = 1000
BATCH = 20_000
GENERATOR = 3  # raise when this file would write different cases
TEXT = 400  # characters of search text per case beside its number and title


def database_path(count: int, spec: Spec) -> Path:
    return CACHE / f"million-{count}-{spec.version}-m{GENERATOR}.sqlite"


def ensure(count: int, spec: Spec) -> tuple[Path, float | None]:
    path = database_path(count, spec)
    if path.exists():
        return path, None
    CACHE.mkdir(parents=True, exist_ok=True)
    return path, built(path, lambda building: _open_and_write(building, spec, count))


def _open_and_write(building: Path, spec: Spec, count: int) -> None:
    store = CaseStore.open(building, spec)
    try:
        _write(store, count)
    finally:
        store.close()


def _write(store: CaseStore, count: int) -> None:
    spec = store.spec
    wanted = {(c.group, c.field) for c in cohort_conditions(spec)}
    with store.engine.begin() as connection:
        codes = field_codes.ensure(connection, field_codes.spec_keys(spec))
    templates = [_template(store, record, wanted) for record in CaseMaker(spec).cases(TEMPLATES)]
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        fast_writes(cursor)
        for start in range(0, count, BATCH):
            heads, entries, items, search = [], [], [], []
            for n in range(start + 1, min(count, start + BATCH) + 1):
                head, order, values, text = templates[n % TEMPLATES]
                number, title = f"BX{n:07d}", f"{head['title']} ({n})"
                heads.append({**head, "id": n, "case_number": number, "title": title})
                entries += [(n, g, e, p) for g, ids in order.items() for p, e in enumerate(ids)]
                items += [(n, codes[(g, f)], e, indexed_text(v), item_number(spec, (g, e, f), v))
                          for (g, e, f), v in values.items()]  # fmt: skip
                search.append((n, f"{title}{SEPARATOR}{text}"))  # the number apart
            names = list(heads[0])
            cursor.executemany(f"INSERT INTO cases ({', '.join(names)}) VALUES "
                               f"({', '.join(':' + n for n in names)})", heads)  # fmt: skip
            cursor.executemany("INSERT INTO group_entries VALUES (?, ?, ?, ?)", entries)
            items.sort(key=lambda row: (row[1], row[3], row[0], row[2]))  # the index's order
            cursor.executemany("INSERT INTO case_items (case_id, field_code, entry_id, "
                               "value_text, value_num) VALUES (?, ?, ?, ?, ?)", items)  # fmt: skip
            cursor.executemany("INSERT INTO case_search (rowid, open_text) VALUES (?, ?)", search)
            cursor.executemany("INSERT INTO case_search_identifiers (rowid, identifiers) "
                               "VALUES (?, '')", [(n,) for n, _t in search])  # fmt: skip
            raw.commit()
            print(f"  {min(count, start + BATCH):,} of {count:,} cases written", file=sys.stderr,
                  flush=True)  # fmt: skip
        merge_search_index(cursor)
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def _template(
    store: CaseStore, record: CaseRecord, wanted: set[tuple[str, str]]
) -> tuple[dict[str, Any], dict[str, list[int]], dict[Any, str], str]:
    """A synthetic case as the rows this generator writes: its `cases` row (less id, number
    and title), the entries and values of the cohort's fields, the rest of its search text."""
    spec = store.spec
    summary = store._summary_values(record)
    head = {"status": record.status, "form_version": spec.version, "row_version": 1,
            "next_entry_id": record.next_entry_id, "problem_count": 0,
            "created_by": BENCH_USER, "created_at": CREATED_AT, "updated_by": BENCH_USER,
            "updated_at": CREATED_AT, **summary}  # fmt: skip
    values = {k: v for k, v in record.items().items() if (k[0], k[2]) in wanted}
    groups = {g for g, _f in wanted if g}
    order = {g: ids for g, ids in record.entry_order().items() if g in groups}
    texts = [s.text for s in summary_values(summary)[2:]]  # site, diagnosis, ICD-O-3
    for (group, _entry, field), value in sorted(record.items().items()):
        try:
            spec_field = spec.field(group, field)
        except KeyError:
            continue
        if group and spec_field.type in CHOICE_TYPES and not spec_field.phi:
            vocabulary = spec.vocabularies.get(spec_field.vocabulary)
            label = vocabulary.label_of(value) if vocabulary else value
            texts += [value] if label == value else [value, label]
    return head, order, values, SEPARATOR.join(texts)[:TEXT]


SHORT_WORDS = ("zz", "¤", "x", "β")  # rare and common words of one or two characters
CPU: list[float] = []  # the CPU time of each _timed call (the machine may be loaded)


def _timed(work: Callable[[], object]) -> float:
    started, cpu = time.perf_counter(), time.process_time()
    work()
    CPU.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - started) * 1000


def _figures(wall: list[float], cpu: list[float]) -> dict[str, float]:
    return {"median_ms": statistics.median(wall), "max_ms": max(wall),
            "cpu_median_ms": statistics.median(cpu), "cpu_max_ms": max(cpu)}  # fmt: skip


def _shown(store: CaseStore, chosen: CaseFilter) -> None:
    """What the case list does on a new filter: count (capped while searching or for a
    cohort), first page."""
    store.count_cases(chosen, cap=COUNT_CAP if counted_to_a_cap(chosen) else None)
    store.find_cases(chosen, limit=PAGE)


def measure(path: Path) -> dict[str, Any]:
    spec = default_spec()
    store = CaseStore.open(path, spec)
    try:
        listing = [_timed(lambda: _shown(store, CaseFilter())) for _ in range(3)]
        CPU.clear()
        keystrokes = [
            _timed(lambda w=word[:end]: _shown(store, CaseFilter(text=w)))  # type: ignore[misc]
            for word in WORDS
            for end in range(1, len(word) + 1)
        ]
        keystrokes_cpu = list(CPU)
        CPU.clear()
        short = [
            _timed(lambda w=word: _shown(store, CaseFilter(text=w)))  # type: ignore[misc]
            for word in SHORT_WORDS
        ]
        short_cpu = list(CPU)
        chosen = CaseFilter(conditions=cohort_conditions(spec))
        cohort = [_timed(lambda: _shown(store, chosen)) for _ in range(3)]
        found = store.count_cases(chosen)
    finally:
        store.close()
    return {
        "list": {"median_ms": statistics.median(listing), "max_ms": max(listing)},
        "search_keystroke": {**_figures(keystrokes, keystrokes_cpu), "keystrokes": len(keystrokes),
                             "each_ms": [round(k, 1) for k in keystrokes]},
        "search_short_words": {**_figures(short, short_cpu), "words": list(SHORT_WORDS),
                               "each_ms": [round(k, 1) for k in short],
                               "each_cpu_ms": [round(k, 1) for k in short_cpu]},
        "cohort_query": {"median_ms": statistics.median(cohort), "max_ms": max(cohort),
                         "cases_found": found},
        "database_mb": round(path.stat().st_size / 1e6),
    }  # fmt: skip


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else MILLION
    path, built = ensure(count, default_spec())
    figures = measure(path) | {"cases": count, "build_seconds": built, "database": str(path)}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
