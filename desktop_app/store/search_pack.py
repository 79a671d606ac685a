"""The case list's search text, kept compressed on SQLite (0008).

The full-text index (FTS5, trigrams) keeps no copy of the text it indexes: its content is
a view, `case_search_view`, that gives each case's text unpacked from `case_search_text`
(case_id, the text compressed with zlib) by the SQL function `search_unpack`, which every
connection of the store registers (`store/engine.py`). The index reads the view for what
it must check (a LIKE's candidates) and for a rebuild; the store writes the packed row and
the index's entries itself, and removes them with the text they were made from.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import Any

from sqlalchemy import column, table

PACKED = "case_search_text"
VIEW = "case_search_view"
FUNCTION = "search_unpack"
LEVEL = 9  # written once a save, read a few thousand times a search: the smallest
CACHED = 4096  # texts kept unpacked (about 10 KB each on the benchmark's cases)

packed_rows = table(PACKED, column("case_id"), column("packed"))
view_rows = table(VIEW, column("case_id"), column("open_text"))

CREATE_PACKED = f"CREATE TABLE {PACKED} (case_id INTEGER PRIMARY KEY, packed BLOB NOT NULL)"
CREATE_VIEW = f"CREATE VIEW {VIEW} AS SELECT case_id, {FUNCTION}(packed) AS open_text FROM {PACKED}"
CREATE_INDEX = (
    "CREATE VIRTUAL TABLE case_search USING fts5(open_text, tokenize='trigram', "
    f"detail='none', content='{VIEW}', content_rowid='case_id')"
)


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), LEVEL)


def unpack(packed: bytes | None) -> str | None:
    if packed is None:
        return None
    return _unpacked(bytes(packed))


@lru_cache(maxsize=CACHED)
def _unpacked(packed: bytes) -> str:
    """The texts of the cases last read (keyed by their packed bytes, so a changed case is
    never read stale): a search reads the same few thousand cases at every keystroke (the
    sample that tells a common word, the first page, the matches counted up to the cap)."""
    return zlib.decompress(packed).decode("utf-8")


def register(dbapi_connection: Any, _record: Any = None) -> None:
    """Give an SQLite connection the function the view reads the text with."""
    dbapi_connection.create_function(FUNCTION, 1, unpack, deterministic=True)
