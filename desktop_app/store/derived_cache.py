"""Derived values kept in the database beside the entered ones, so that a cohort query can
ask for an FNCLCC grade or a stiffness in m/s in plain SQL like any other field.

They are recomputed from the entered values at every save, in the same transaction, and
never audited (the audit holds what was entered; these follow from it). `store_meta`
remembers which derivation rules computed them: when the specification's derived fields
or the rules change, every case's derived values are computed again on opening.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from desktop_app.record import CaseRecord, ItemKey
from desktop_app.rules.derived import RULES_REVISION, with_derived
from desktop_app.rules.values import number_of
from desktop_app.spec.model import Spec
from desktop_app.store import field_codes
from desktop_app.store import tables as t
from desktop_app.store.meta import Progress, fingerprint, remake_if_changed

SIGNATURE_KEY = "derived_signature"
CHUNK = 100  # cases between two calls of `progress`: a quarter of a second of the benchmark's cases
PROGRESS_WHAT = "the derived values"  # what `progress` is told is being computed again


def item_number(spec: Spec, key: ItemKey, value: str) -> float | None:
    """The number stored beside a value's text, so that SQL can compare numbers."""
    try:
        field = spec.field(key[0], key[2])
    except KeyError:
        return None  # a value of a field no longer in the specification is kept as text
    try:
        return number_of(field, value)
    except ArithmeticError:
        return None


def derived_only(spec: Spec, record: CaseRecord) -> dict[ItemKey, str]:
    """The values the rules add to what was entered."""
    entered = record.items()
    return {k: v for k, v in with_derived(spec, record).items().items() if k not in entered}


def write_derived(connection: Any, spec: Spec, record: CaseRecord) -> None:
    """Replace the stored derived values of one case."""
    connection.execute(delete(t.derived_items).where(t.derived_items.c.case_id == record.case_id))
    derived = derived_only(spec, record)
    codes = field_codes.ensure(connection, {(g, f) for g, _e, f in derived}) if derived else {}
    rows = [
        {"case_id": record.case_id, "field_code": codes[(g, f)], "entry_id": e,
         "value_text": v, "value_num": item_number(spec, (g, e, f), v)}
        for (g, e, f), v in sorted(derived.items())
    ]  # fmt: skip
    if rows:
        connection.execute(insert(t.derived_items), rows)


def signature(spec: Spec) -> str:
    """What the stored derived values were computed by: the derived fields and the rules."""
    fields = sorted(
        (f.group, f.id, f.derived.rule, list(f.derived.inputs))
        for f in spec.all_fields()
        if f.derived is not None
    ) + sorted((f.group, f.id, "inherit", [f.inherit]) for f in spec.all_fields() if f.inherit)
    return fingerprint(RULES_REVISION, fields)


def refresh_if_stale(
    engine: Engine,
    spec: Spec,
    load: Callable[[int, Any], CaseRecord],
    progress: Progress | None = None,
) -> bool:
    """Compute every case's derived values again when they were computed by other rules (or
    never, in a database made before they were kept). True when it did. `progress(what,
    done, total)` is told before the first case and after every CHUNK cases."""

    def remake(connection: Any) -> None:
        ids = list(connection.execute(select(t.cases.c.id).order_by(t.cases.c.id)).scalars())
        if progress is not None:
            progress(PROGRESS_WHAT, 0, len(ids))
        for done, case_id in enumerate(ids, start=1):
            write_derived(connection, spec, load(case_id, connection))
            if progress is not None and (done % CHUNK == 0 or done == len(ids)):
                progress(PROGRESS_WHAT, done, len(ids))

    return remake_if_changed(engine, SIGNATURE_KEY, signature(spec), remake)
