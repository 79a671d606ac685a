"""Made tests/data/store_0009.sqlite: a database written by the release whose schema is
0009 (commit 190587c), kept as a file so that tests (tests/test_search_rows_0009.py, and
the next migration's) read what that release really wrote; and
tests/data/store_0009_expected.json: what that release read back from it (a digest of each
case, of each version its audit replays, of its audit trail, the cases each cohort and each
search word finds, and where each found case matched). Run with that commit's code
(`git archive 190587c | tar -x -C OLD; PYTHONPATH=OLD python tests/data/make_store_0009.py`);
the tests never run it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from benchmarks.synth import CaseMaker
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
from tests.data.make_store_0007 import COHORTS, digest

OUT = Path(__file__).with_name("store_0009.sqlite")
EXPECTED = Path(__file__).with_name("store_0009_expected.json")
# words of the summary, of choices (codes and labels), of short and of long texts (notes,
# findings), of one and two characters, two words at once, and words no case holds
WORDS = (
    "cd34", "revised", "sma", "leiomyosarcoma", "bx00000", "mri", "4c", "zz-none",
    "mass", "lives", "spindle", "mitos", "quokka", "le", "x", "ß", "spindle cd34",
    "mass revised", "no  ", "ent", "zebrafinch", "nested beside",
)  # fmt: skip


def expected(store: CaseStore) -> dict[str, Any]:
    from desktop_app.store.queries import CaseFilter, Condition

    out: dict[str, Any] = {"cases": {}, "search": {}, "places": {}}
    for case_id in range(1, 6):
        trail = [{k: v for k, v in e.items() if k != "id"} for e in store.audit_trail(case_id)]
        out["cases"][str(case_id)] = {
            "load": digest(store.load(case_id)),
            "versions": {str(v): digest(r) for v, r in store.versions(case_id).items()},
            "trail": digest(trail),
        }
    out["cohorts"] = []
    for conditions in COHORTS:
        chosen = CaseFilter(conditions=tuple(Condition(*c) for c in conditions))  # type: ignore[arg-type]
        ids = sorted(s.case_id for s in store.find_cases(chosen, limit=100))
        out["cohorts"].append([conditions, ids])
    for word in WORDS:
        for removed in (False, True):
            chosen = CaseFilter(text=word, removed=removed)
            found = sorted(s.case_id for s in store.find_cases(chosen, limit=100))
            key = f"{word}|{'removed' if removed else 'list'}"
            out["search"][key] = [found, store.count_cases(chosen), store.count_cases(chosen, 3)]
            out["places"][key] = {str(i): store.match_places(i, chosen) for i in found}
    return out


def main() -> None:
    OUT.unlink(missing_ok=True)
    spec = default_spec()
    store = CaseStore.open(OUT, spec)
    maker = CaseMaker(spec)
    imaging = next(g.id for g in spec.groups if spec.role_field("birads", g.id))
    for n in range(5):
        first = maker.case(n)
        first.status = "draft"
        record = store.save(first, user="ann")
        record.values["title"] = f"{record.values.get('title', '')} (revised)"
        ids = [e.entry_id for e in record.entries(imaging)]
        record.move_entry(imaging, ids[-1], -1)
        record.remove_entry(imaging, ids[0])
        record.add_entry(imaging, {})
        if n == 2:  # a word in one long text only (a finding), and one in a short text
            note = next(f.id for f in spec.group(imaging).fields if f.type == "longtext")
            record.add_entry(imaging, {note: "a zebrafinch nested beside the mass, 2 cm"})
        record = store.save(record, user="bob", reason="checked against the report")
        record.status = "complete"
        store.save(record, user="cy", reason="complete")
    store.set_removed(5, True, reason="entered twice", user="dee")
    EXPECTED.write_text(json.dumps(expected(store), indent=1, sort_keys=True) + "\n")
    store.close()
    with sqlite3.connect(OUT) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    with sqlite3.connect(OUT) as connection:
        connection.execute("VACUUM")


if __name__ == "__main__":
    main()
