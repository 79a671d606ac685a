"""Long texts out of the cohort index (issue 13: bytes per case).

The one value index of 0007 held every value's text, notes and findings too (its own
quarter of the database). It becomes two partial indexes: the short values (16 characters
or fewer: codes, numbers, dates, short texts) by code, text and number, carrying case and
entry, which answer a cohort condition from the index alone; and the long ones by code,
case and entry only, their text read from the table. Both dialects; no table is rebuilt
(PostgreSQL: two CREATE INDEX on case_items and on derived_items, one DROP INDEX each).

The values, the audit and the search rows are unchanged: every case and every replayed
version is the same after as before (tests/test_migration_0008.py).

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"

VALUE_TABLES = ("case_items", "derived_items")
SHORT = 16  # written out here, so that this migration stays what it is


def upgrade() -> None:
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


def downgrade() -> None:
    for name in VALUE_TABLES:
        op.drop_index(f"ix_{name}_short", table_name=name)
        op.drop_index(f"ix_{name}_long", table_name=name)
        op.create_index(
            f"ix_{name}_value",
            name,
            ["field_code", "value_text", "value_num", "case_id", "entry_id"],
        )
