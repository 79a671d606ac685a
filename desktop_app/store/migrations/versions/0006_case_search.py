"""The case list's search on SQLite: two full-text indexes (FTS5, trigram tokenizer), the
open text and the identifiers, one row per case, so that a word typed in the search box is
found among 100,000 cases without reading each (5 s → milliseconds). Only the tables are
made here; their rows are made on opening, from the specification's searched fields
(`store/search_index.py`). PostgreSQL searches with LIKE and gets nothing.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, text in (("case_search", "open_text"), ("case_search_identifiers", "identifiers")):
        op.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({text}, tokenize='trigram')")
    op.execute("DELETE FROM store_meta WHERE key = 'search_signature'")  # rows to be made


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE case_search_identifiers")
    op.execute("DROP TABLE case_search")
    op.execute("DELETE FROM store_meta WHERE key = 'search_signature'")
