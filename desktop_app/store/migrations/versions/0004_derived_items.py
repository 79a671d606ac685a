"""Derived values (FNCLCC grade, kPa <-> m/s, intervals) kept beside the entered ones, so
that cohort queries can ask for them in SQL; and a small key-value table that records
which derivation rules computed them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "derived_items",
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("group_id", sa.String(64), primary_key=True),
        sa.Column("entry_id", sa.Integer, primary_key=True),
        sa.Column("field_id", sa.String(64), primary_key=True),
        sa.Column("value_text", sa.Text, nullable=False),
        sa.Column("value_num", sa.Float, nullable=True),
    )
    op.create_index("ix_derived_items_field_text", "derived_items",
                    ["group_id", "field_id", "value_text"])  # fmt: skip
    op.create_index("ix_derived_items_field_num", "derived_items",
                    ["group_id", "field_id", "value_num"])  # fmt: skip
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
    op.drop_table("derived_items")
