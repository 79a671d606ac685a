"""A case's values are read from its audit (store/audit.py `current_coded`, used by load,
save and the bulk reader): the fast path must give exactly the values of the last version
`replay` rebuilds, on cases edited many ways (values changed and removed, entries added,
removed and reordered, a removal and a restore), and on events written as plain JSON by a
database trigger."""

from __future__ import annotations

import json
import random
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.synth import CaseMaker
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, field_codes
from desktop_app.store import tables as t
from desktop_app.store.audit import current_coded, current_values, named, replay


def _edit(rng: random.Random, record: object, spec: Spec) -> None:
    """One registrar's edit: a value changed, one removed, an entry added, removed or moved."""
    from desktop_app.record import CaseRecord

    assert isinstance(record, CaseRecord)
    texts = [k for k, v in record.values.items() if v]
    if texts:
        field = rng.choice(texts)
        if rng.random() < 0.3:
            record.values[field] = ""  # removed
        else:
            record.values[field] = record.values[field] + f" v{rng.randint(0, 99)}"
    groups = [g for g, entries in record.groups.items() if entries]
    if groups:
        group = rng.choice(groups)
        entries = record.groups[group]
        roll = rng.random()
        if roll < 0.3 and len(entries) > 1:
            record.move_entry(group, entries[-1].entry_id, -1)
        elif roll < 0.5:
            record.remove_entry(group, rng.choice(entries).entry_id)
        elif roll < 0.8:
            record.add_entry(group, dict(rng.choice(entries).values))
        else:
            entry = rng.choice(entries)
            for key in list(entry.values)[:2]:
                entry.values[key] = "" if rng.random() < 0.5 else entry.values[key] + " x"


def test_the_fast_path_gives_replays_last_version_on_many_edited_cases(
    db_path: Path, spec: Spec
) -> None:
    store = CaseStore.open(db_path, spec)
    maker, rng = CaseMaker(spec, seed=11), random.Random(5)
    ids = []
    for n in range(25):
        record = store.save(maker.case(n), user="ann")
        for _ in range(rng.randint(1, 5)):
            record = store.load(record.case_id or 0)
            _edit(rng, record, spec)
            store.save(record, user="bob", reason="corrected")
        ids.append(record.case_id or 0)
    store.set_removed(ids[0], True, reason="entered twice")
    store.set_removed(ids[0], False, reason="not a duplicate")
    store.set_removed(ids[1], True, reason="entered twice")
    removals = 0
    with store.engine.connect() as connection:
        names = field_codes.all_names(connection)
        for case_id in ids:
            trail = store.audit_trail(case_id)
            removals += sum(1 for row in trail if row["action"] == "value_removed")
            versions = replay(trail)
            last = versions[max(versions)]
            assert current_values(connection, case_id) == last.items()
            assert current_values(connection, case_id, names) == last.items()
    loaded = list(store.load_many(ids))
    for record in loaded:
        versions = store.versions(record.case_id or 0)
        last = versions[max(versions)]
        assert record.items() == last.items()
        assert record.entry_order() == last.entry_order()
    assert removals > 0  # the edits removed values (the test covers removals)
    store.close()


def test_plain_json_events_of_a_trigger_are_read_as_replay_reads_them(
    db_path: Path, spec: Spec
) -> None:
    """Events as PostgreSQL's triggers write them (plain JSON, a change's old value, a value
    removed with null), and an event of version 0 after the last version (both apply it to
    the last version)."""
    store = CaseStore.open(db_path, spec)
    record = store.save(CaseMaker(spec).case(0), user="ann")
    case_id = record.case_id or 0
    with store.engine.begin() as connection:
        code = connection.execute(
            select(t.item_fields.c.code).where(t.item_fields.c.field_id == "title")
        ).scalar_one()
        version = record.row_version
        for changes, row_version in (
            ([["~", code, 0, record.values["title"], "outside title"]], version + 1),
            ([["+", 99_999, 0, "a code no field has"]], version + 2),
            ([["-", 99_999, 0, "a code no field has", None]], version + 3),
            ([["+", 99_998, 0, "kept"]], version + 3),
            ([["~", code, 0, "outside title", "after the last"]], 0),
        ):
            connection.execute(insert(t.audit_events).values(
                case_id=case_id, row_version=row_version, at_utc="2026-01-01T00:00:00+00:00",
                user_name="psql", os_user="", reason="changed outside",
                changes=json.dumps(changes).encode(),
            ))  # fmt: skip
        names = field_codes.all_names(connection)
        rows = connection.execute(
            select(t.audit_events.c.row_version, t.audit_events.c.changes)
            .where(t.audit_events.c.case_id == case_id).order_by(t.audit_events.c.id)
        ).all()  # fmt: skip
    fast = named(current_coded([(v, c) for v, c in rows]), names)
    versions = store.versions(case_id)
    assert fast == versions[max(versions)].items()
    assert fast[("", 0, "title")] == "after the last"
    assert fast[("", 0, "#99998")] == "kept"
    assert ("", 0, "#99999") not in fast
    store.close()
