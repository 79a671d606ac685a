"""Fields as small integer codes: every (group, field) a value is stored under has one code,
given once and never changed, in `item_fields`. The values (`case_items`, `derived_items`)
and the audit name a field by its code, which keeps the store compact (an integer of one or
two bytes instead of two identifiers repeated in every row and index entry).

The codes of the specification's fields are given on opening; a value of any other field
(one no longer in the specification, an imported one) gets its code when it is first
written, in the transaction that writes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, insert, select

from desktop_app.spec.model import Spec
from desktop_app.store import tables as t
from desktop_app.store.meta import fingerprint, remake_if_changed

FieldKey = tuple[str, str]  # (group id, field id); the group is "" for the case's own fields
SIGNATURE_KEY = "field_codes_signature"


def code_of(group_id: str, field_id: str) -> Any:
    """The code of a field inside a query (a scalar subquery the database runs once): the
    queries are built without a connection, and stay the same on every database."""
    f = t.item_fields.c
    return select(f.code).where(f.group_id == group_id, f.field_id == field_id).scalar_subquery()


def codes_in(group_id: str, field_ids: Iterable[str]) -> Any:
    """The codes of several fields of one group, as a subquery for IN."""
    f = t.item_fields.c
    return select(f.code).where(f.group_id == group_id, f.field_id.in_(list(field_ids)))


def all_codes(connection: Any) -> dict[FieldKey, int]:
    f = t.item_fields.c
    return {(g, i): c for c, g, i in connection.execute(select(f.code, f.group_id, f.field_id))}


def all_names(connection: Any) -> dict[int, FieldKey]:
    return {code: key for key, code in all_codes(connection).items()}


def ensure(connection: Any, keys: Iterable[FieldKey]) -> dict[FieldKey, int]:
    """The codes of `keys` (and of every field already coded), giving codes to the new ones."""
    wanted = set(keys)
    codes = all_codes(connection)
    missing = sorted(wanted - codes.keys())
    if not missing:
        return codes
    _add(connection, missing)
    return all_codes(connection)


def _add(connection: Any, keys: list[FieldKey]) -> None:
    """Insert codes for `keys`; one that another workstation gave meanwhile is kept."""
    rows = [{"group_id": g, "field_id": f} for g, f in keys]
    statement: Any
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(t.item_fields).on_conflict_do_nothing()
    elif connection.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(t.item_fields).on_conflict_do_nothing()
    else:
        statement = insert(t.item_fields)
    connection.execute(statement, rows)


def spec_keys(spec: Spec) -> list[FieldKey]:
    return sorted((f.group, f.id) for f in spec.all_fields())


def give_spec_codes(engine: Engine, spec: Spec) -> bool:
    """Give every field of the specification its code (once per specification): saves then
    only read codes. True when any were looked at."""
    keys = spec_keys(spec)
    return remake_if_changed(engine, SIGNATURE_KEY, fingerprint(keys),
                             lambda connection: ensure(connection, keys))  # fmt: skip
