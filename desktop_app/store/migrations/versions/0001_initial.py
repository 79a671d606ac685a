"""The initial schema: cases, group entries, case items, audit events.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_number", sa.String(40), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("form_version", sa.String(40), nullable=False),
        sa.Column("row_version", sa.Integer, nullable=False),
        sa.Column("next_entry_id", sa.Integer, nullable=False),
        sa.Column("problem_count", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("age", sa.Integer, nullable=True),
        sa.Column("sex", sa.String(40), nullable=False),
        sa.Column("site", sa.String(200), nullable=False),
        sa.Column("diagnosis", sa.String(200), nullable=False),
        sa.Column("icdo3", sa.String(40), nullable=False),
    )
    op.create_table(
        "group_entries",
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("group_id", sa.String(64), primary_key=True),
        sa.Column("entry_id", sa.Integer, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "case_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("field_id", sa.String(64), nullable=False),
        sa.Column("value_text", sa.Text, nullable=False),
        sa.Column("value_num", sa.Float, nullable=True),
        sa.UniqueConstraint("case_id", "group_id", "entry_id", "field_id", name="uq_case_item"),
    )
    op.create_index(
        "ix_case_items_field_text", "case_items", ["group_id", "field_id", "value_text"]
    )
    op.create_index("ix_case_items_field_num", "case_items", ["group_id", "field_id", "value_num"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("at_utc", sa.String(32), nullable=False),
        sa.Column("user_name", sa.String(120), nullable=False),
        sa.Column("os_user", sa.String(120), nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("field_id", sa.String(64), nullable=False),
        sa.Column("old_value", sa.Text, nullable=True),
        sa.Column("new_value", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_events_case_id", "audit_events", ["case_id"])


def downgrade() -> None:
    op.drop_table("audit_events")
    op.drop_table("case_items")
    op.drop_table("group_entries")
    op.drop_table("cases")
