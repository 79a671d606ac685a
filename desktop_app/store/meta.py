"""What a database keeps about itself in `store_meta`: which rules and fields computed what
the store derives from the entered values (the derived values, the search index), so that
it is made again, once, when they change."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from desktop_app.store import tables as t
from desktop_app.store.migrate import hold_schema_lock

Progress = Callable[[str, int, int], None]
"""Told `(what, done, total)` while every case's stored rows are made again: once with
done=0 before the first case, then after each batch, the last with done == total."""


def fingerprint(*parts: Any) -> str:
    """A short, stable digest of what something was computed by (JSON-able parts)."""
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def remake_if_changed(
    engine: Engine, key: str, wanted: str, remake: Callable[[Any], object]
) -> bool:
    """Run `remake(connection)` when `store_meta[key]` is not `wanted` (or is missing: a
    database made before), then record `wanted`; all in one transaction that one workstation
    at a time runs. True when it ran."""
    meta = t.store_meta.c
    stored = select(meta.value).where(meta.key == key)
    with engine.connect() as connection:
        if connection.execute(stored).scalar_one_or_none() == wanted:
            return False
    with engine.begin() as connection:
        hold_schema_lock(connection)
        if connection.execute(stored).scalar_one_or_none() == wanted:
            return False  # another workstation did it meanwhile
        remake(connection)
        record(connection, key, wanted)
    return True


def record(connection: Any, key: str, value: str) -> None:
    connection.execute(delete(t.store_meta).where(t.store_meta.c.key == key))
    connection.execute(insert(t.store_meta).values(key=key, value=value))
