"""Made tests/data/store_0007.sqlite: a database written by the release whose schema is
0007 (commit a0dea2e, before migration 0008), kept as a file so that the migration test
reads what that release really wrote; and tests/data/store_0007_expected.json: what that
release read back from it (a digest of each case, of each version its audit replays, of
its audit trail, and the cases each search word finds). Run with that commit's code
(`git archive a0dea2e | tar -x -C OLD; PYTHONPATH=OLD python tests/data/make_store_0007.py`);
the tests never run it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from benchmarks.synth import CaseMaker
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore

OUT = Path(__file__).with_name("store_0007.sqlite")
EXPECTED = Path(__file__).with_name("store_0007_expected.json")
COHORTS = (  # conditions on short values, on long texts, and their negations
    [["imaging_study", "modality", "=", "MRI"], ["", "age_at_presentation", ">=", "40"]],
    [["imaging_study", "findings", "contains", "mass"]],
    [["specimen", "description", "filled", ""]],
    [["lesion", "lesion_note", "empty", ""]],
    [["differential", "dd_reason", "!=", "x"], ["differential", "dd_diagnosis", "filled", ""]],
    [["", "psychosocial", "contains", "lives"]],
    [["", "clinical_diagnosis", ">", "M"]],
)
WORDS = ("cd34", "revised", "sma", "leiomyosarcoma", "bx00000", "mri", "4c", "zz-none")


def digest(thing: Any) -> str:
    """A record (its values, entry order and status) or an audit trail, as a short digest."""
    if hasattr(thing, "items") and hasattr(thing, "entry_order"):
        thing = [sorted([list(k), v] for k, v in thing.items().items()),
                 thing.entry_order(), thing.status]  # fmt: skip
    text = json.dumps(thing, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def expected(store: CaseStore) -> dict[str, Any]:
    from desktop_app.store.queries import CaseFilter, Condition

    out: dict[str, Any] = {"cases": {}, "search": {}}
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
        found = store.find_cases(CaseFilter(text=word, removed=False), limit=100)
        out["search"][word] = sorted(s.case_id for s in found)
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
