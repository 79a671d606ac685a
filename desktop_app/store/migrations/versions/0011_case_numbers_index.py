"""The case's own numbers in a small index of their own (issue 13: a cohort on a million).

0010 made `case_items` the cohort index, clustered by field, text, case and entry. A
cohort read in the list's order tests each case by its values; a condition equal to a
text is found by that key, but a comparison of a number ("age at presentation >= 40") has
no key by case: it was gathered for every case of the field (about 400 ms at a million
cases, twice: the count and the page). This partial index holds the numbers of the case's
own fields (entry 0: about four a case) by case, field and number, so that such a
condition is tested case by case from the index alone (about 100 bytes a case). Both
dialects; no table is rebuilt; nothing stored changes.

Revision ID: 0011
Revises: 0010
"""

from typing import Any

from alembic import op

revision = "0011"
down_revision = "0010"

NAME = "ix_case_items_case_numbers"
INDEXING = "indexing the cases' numbers"  # told to the open's progress, without a count


def _progress() -> Any:
    """CaseStore.open's `progress` (store/migrate.py), None when migrating without one."""
    config = op.get_context().config
    return config.attributes.get("progress") if config is not None else None


def upgrade() -> None:
    progress = _progress()
    if (
        progress is not None
        and op.get_bind().exec_driver_sql("SELECT 1 FROM case_items LIMIT 1").first()
    ):  # an empty table is indexed at once: nothing to say
        progress(INDEXING, 0, 0)
    op.execute(
        f"CREATE INDEX {NAME} ON case_items (case_id, field_code, value_num) "
        "WHERE entry_id = 0 AND value_num IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index(NAME, table_name="case_items")
