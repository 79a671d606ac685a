"""Made tests/data/store_0007.sqlite: a database written by the release whose schema is
0007 (commit a0dea2e, before migration 0008), kept as a file so that the migration test
reads what that release really wrote. Run at that commit from the repository's root:
`python -m tests.data.make_store_0007` (it is not run by the tests)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks.synth import CaseMaker
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore

OUT = Path(__file__).with_name("store_0007.sqlite")


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
    store.close()
    with sqlite3.connect(OUT) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    with sqlite3.connect(OUT) as connection:
        connection.execute("VACUUM")


if __name__ == "__main__":
    main()
