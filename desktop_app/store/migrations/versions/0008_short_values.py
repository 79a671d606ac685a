"""Long texts out of the cohort index, and the search text compressed (issue 13: ≤ 30 KB a
case).

- The one value index of 0007 held every value's text, notes and findings too (a quarter of
  the database). It becomes two partial indexes: the short values (16 characters or fewer:
  codes, numbers, dates, short texts) by code, text and number, carrying case and entry;
  the long ones by code, case and entry only. Both dialects; no table is rebuilt.
- SQLite: the full-text index kept its own copy of each case's searched text. That text is
  now kept compressed in `case_search_text` and the index (FTS5, trigrams, without
  positions as in 0007) reads it through a view, `case_search_view`, by the SQL function
  `search_unpack` (store/search_pack.py); the identifiers' index is as it was.

The values, the audit and the search rows themselves are unchanged: every case and every
replayed version is the same after as before (tests/test_migration_0008.py).

Revision ID: 0008
Revises: 0007
"""

import zlib
from typing import Any

from alembic import op

revision = "0008"
down_revision = "0007"

VALUE_TABLES = ("case_items", "derived_items")
SHORT = 16  # written out here, so that this migration stays what it is
LEVEL = 9
PACKED = "case_search_text"
VIEW = "case_search_view"
FUNCTION = "search_unpack"
BATCH = 2000  # search rows read at a time


def _unpack(packed: bytes | None) -> str | None:
    return None if packed is None else zlib.decompress(packed).decode("utf-8")


def _register(bind: Any) -> None:
    """The view's function on the migration's own connection (the store's connections have
    it already; an Alembic command line's would not)."""
    bind.connection.driver_connection.create_function(FUNCTION, 1, _unpack, deterministic=True)


def upgrade() -> None:
    bind = op.get_bind()
    for name in VALUE_TABLES:
        op.drop_index(f"ix_{name}_value", table_name=name)
        op.execute(
            f"CREATE INDEX ix_{name}_short ON {name} (field_code, value_text, value_num, "
            f"case_id, entry_id) WHERE length(value_text) <= {SHORT}"
        )
        op.execute(
            f"CREATE INDEX ix_{name}_long ON {name} (field_code, case_id, entry_id) "
            f"WHERE length(value_text) > {SHORT}"
        )
    if bind.dialect.name != "sqlite":
        return
    _register(bind)
    op.execute(f"CREATE TABLE {PACKED} (case_id INTEGER PRIMARY KEY, packed BLOB NOT NULL)")
    last = 0
    while True:
        rows = bind.exec_driver_sql(
            "SELECT rowid, open_text FROM case_search WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (last, BATCH),
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        bind.exec_driver_sql(
            f"INSERT INTO {PACKED} (case_id, packed) VALUES (?, ?)",
            [(i, zlib.compress((text or "").encode("utf-8"), LEVEL)) for i, text in rows],
        )
    op.execute("DROP TABLE case_search")
    op.execute(
        f"CREATE VIEW {VIEW} AS SELECT case_id, {FUNCTION}(packed) AS open_text FROM {PACKED}"
    )
    op.execute(
        "CREATE VIRTUAL TABLE case_search USING fts5(open_text, tokenize='trigram', "
        f"detail='none', content='{VIEW}', content_rowid='case_id')"
    )
    op.execute("INSERT INTO case_search(case_search) VALUES ('rebuild')")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _register(bind)
        op.execute("DROP TABLE case_search")
        op.execute(
            "CREATE VIRTUAL TABLE case_search USING fts5(open_text, tokenize='trigram', "
            "detail='none')"
        )
        op.execute(
            f"INSERT INTO case_search (rowid, open_text) SELECT case_id, open_text FROM {VIEW}"
        )
        op.execute("INSERT INTO case_search(case_search) VALUES ('optimize')")
        op.execute(f"DROP VIEW {VIEW}")
        op.execute(f"DROP TABLE {PACKED}")
    for name in VALUE_TABLES:
        op.drop_index(f"ix_{name}_short", table_name=name)
        op.drop_index(f"ix_{name}_long", table_name=name)
        op.create_index(
            f"ix_{name}_value",
            name,
            ["field_code", "value_text", "value_num", "case_id", "entry_id"],
        )
