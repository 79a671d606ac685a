"""The search index without a second copy of the long texts (issue 13: bytes per case).

SQLite's search index (`case_search`, FTS5 trigram without positions) kept its own copy of
every searched text: 10.6 KB a case of the benchmark's 45 KB, three quarters of it the
entries' notes and findings that `case_items` holds already. It becomes an external-content
FTS5 table whose text is read from a view, `case_search_source`: the short searched texts
kept in `case_search_text` (summary, choice codes and labels, short texts), followed by the
long values (over 16 characters) of the searched text fields named in `case_search_fields`,
read from `case_items` by the case's primary key (store/search_source.py).

The index's rows are made again on opening (the search signature is forgotten here, as 0006
and 0007 did). The values, entries, cases and audit are not touched: every case and every
replayed version is the same after as before (tests/test_migration_0010.py).

PostgreSQL keeps its own `case_search` table with pg_trgm indexes: nothing changes there.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"

SHORT = 16  # written out here, so that this migration stays what it is
SOURCE = f"""CREATE VIEW case_search_source AS
SELECT s.case_id AS case_id, s.open_text || coalesce((
    SELECT char(10) || group_concat(i.value_text, char(10)) FROM case_items AS i
    WHERE i.case_id = s.case_id AND i.field_code IN (SELECT field_code FROM case_search_fields)
    AND length(i.value_text) > {SHORT}), '') AS open_text
FROM case_search_text AS s"""
INDEX_0010 = (
    "CREATE VIRTUAL TABLE case_search USING fts5(open_text, tokenize='trigram', detail='none', "
    "content='case_search_source', content_rowid='case_id')"
)
INDEX_0009 = (
    "CREATE VIRTUAL TABLE case_search USING fts5(open_text, tokenize='trigram', detail='none')"
)
FORGET_ROWS = "DELETE FROM store_meta WHERE key = 'search_signature'"  # made on opening


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE case_search")
    op.execute(
        "CREATE TABLE case_search_text (case_id INTEGER PRIMARY KEY, open_text TEXT NOT NULL)"
    )
    op.execute("CREATE TABLE case_search_fields (field_code INTEGER PRIMARY KEY)")
    op.execute(SOURCE)
    op.execute(INDEX_0010)
    op.execute(FORGET_ROWS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE case_search")
    op.execute("DROP VIEW case_search_source")
    op.execute("DROP TABLE case_search_fields")
    op.execute("DROP TABLE case_search_text")
    op.execute(INDEX_0009)
    op.execute(FORGET_ROWS)
