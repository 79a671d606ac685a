"""SQLite: the search index's text without a second copy of the long texts (migration 0010).

The case list's full-text index (`case_search`, FTS5 trigram without positions) checks each
case the index finds against the case's text. Until 0010 that text was a copy of every
searched text (10.6 KB a case, three quarters of it the entries' notes and findings, which
`case_items` already holds). Now the index is an external-content FTS5 table whose text is
read from a view, `case_search_source`, made of:

- `case_search_text`: one row per case with the searched texts that are not a long value of
  a searched text field (the case-list summary, the codes and labels of choices, short
  texts), as store/search_text.py makes them;
- the long values (over `SHORT` characters, the values the cohort's long index holds) of
  the searched text fields listed in `case_search_fields`, read from `case_items` by the
  case's primary key.

An external-content index must be told what it indexed when a case's text changes: the
text it held is read from the view and given to FTS5's 'delete' command BEFORE a save
changes the case's values (`forget`), and the new text is indexed from the view after
(`add`). Nothing else writes `case_items`. PostgreSQL keeps its own `case_search` table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, text

from desktop_app.store.tables import SHORT

INDEX = "case_search"
SHORT_TEXT = "case_search_text"
FIELDS = "case_search_fields"
SOURCE = "case_search_source"


def is_long(value: str) -> bool:
    """Whether the view reads this value from `case_items` (SQLite's length(): the characters
    before the first NUL), rather than `case_search_text` holding it."""
    return len(value.split("\0", 1)[0]) > SHORT


def forget(connection: Any, case_id: int) -> None:
    """Take the case out of the index with the text it was indexed with: call before a save
    changes the case's values."""
    connection.execute(
        text(
            f"INSERT INTO {INDEX}({INDEX}, rowid, open_text) "
            f"SELECT 'delete', case_id, open_text FROM {SOURCE} WHERE case_id = :case_id"
        ),
        {"case_id": case_id},
    )
    connection.execute(text(f"DELETE FROM {SHORT_TEXT} WHERE case_id = :case_id"),
                       {"case_id": case_id})  # fmt: skip


def add(connection: Any, rows: list[tuple[int, str]]) -> None:
    """Index these cases (case id, their short text), their long texts read from the values."""
    if not rows:
        return
    connection.execute(
        text(f"INSERT INTO {SHORT_TEXT} (case_id, open_text) VALUES (:case_id, :open_text)"),
        [{"case_id": i, "open_text": o} for i, o in rows],
    )
    connection.execute(
        text(
            f"INSERT INTO {INDEX}(rowid, open_text) SELECT case_id, open_text FROM {SOURCE} "
            "WHERE case_id IN :ids"
        ).bindparams(bindparam("ids", expanding=True)),
        {"ids": [i for i, _o in rows]},
    )


def clear(connection: Any, codes: Iterable[int]) -> None:
    """Empty the index and the short texts, and name the fields whose long values it reads
    (before every case is indexed again)."""
    connection.exec_driver_sql(f"INSERT INTO {INDEX}({INDEX}) VALUES ('delete-all')")
    connection.exec_driver_sql(f"DELETE FROM {SHORT_TEXT}")
    connection.exec_driver_sql(f"DELETE FROM {FIELDS}")
    wanted = sorted(set(codes))
    if wanted:
        connection.execute(text(f"INSERT INTO {FIELDS} (field_code) VALUES (:code)"),
                           [{"code": c} for c in wanted])  # fmt: skip
