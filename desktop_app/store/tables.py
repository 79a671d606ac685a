"""The database schema as SQLAlchemy Core tables (the migrations create the same)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_number", String(40), nullable=False, unique=True),
    Column("status", String(16), nullable=False, default="draft"),
    Column("form_version", String(40), nullable=False, default=""),
    Column("row_version", Integer, nullable=False, default=1),
    Column("next_entry_id", Integer, nullable=False, default=1),
    Column("problem_count", Integer, nullable=False, default=0),
    Column("created_by", String(120), nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
    Column("updated_by", String(120), nullable=False, default=""),
    Column("updated_at", String(32), nullable=False),
    # Summary columns for the case list, fed by the fields whose `summary` names them.
    Column("title", String(200), nullable=False, default=""),
    Column("age", Integer, nullable=True),
    Column("sex", String(40), nullable=False, default=""),
    Column("site", String(200), nullable=False, default=""),
    Column("diagnosis", String(200), nullable=False, default=""),
    Column("icdo3", String(40), nullable=False, default=""),
)

group_entries = Table(
    "group_entries",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", String(64), primary_key=True),
    Column("entry_id", Integer, primary_key=True),
    Column("position", Integer, nullable=False),
)

case_items = Table(
    "case_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("group_id", String(64), nullable=False, default=""),
    Column("entry_id", Integer, nullable=False, default=0),
    Column("field_id", String(64), nullable=False),
    Column("value_text", Text, nullable=False),
    Column("value_num", Float, nullable=True),
    UniqueConstraint("case_id", "group_id", "entry_id", "field_id", name="uq_case_item"),
    # Covering: a cohort condition finds its cases and entries in the index alone (0005).
    Index("ix_case_items_field_text", "group_id", "field_id", "value_text", "case_id", "entry_id"),
    Index("ix_case_items_field_num", "group_id", "field_id", "value_num", "case_id", "entry_id"),
)

# Derived values, recomputed at every save (never audited: they follow from entered ones).
derived_items = Table(
    "derived_items",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", String(64), primary_key=True),
    Column("entry_id", Integer, primary_key=True),
    Column("field_id", String(64), primary_key=True),
    Column("value_text", Text, nullable=False),
    Column("value_num", Float, nullable=True),
    Index("ix_derived_items_field_text", "group_id", "field_id", "value_text", "case_id",
          "entry_id"),
    Index("ix_derived_items_field_num", "group_id", "field_id", "value_num", "case_id", "entry_id"),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("at_utc", String(32), nullable=False),
    Column("user_name", String(120), nullable=False, default=""),
    Column("os_user", String(120), nullable=False, default=""),
    Column("action", String(24), nullable=False),
    Column("group_id", String(64), nullable=False, default=""),
    Column("entry_id", Integer, nullable=False, default=0),
    Column("field_id", String(64), nullable=False, default=""),
    Column("old_value", Text, nullable=True),
    Column("new_value", Text, nullable=True),
    Column("reason", Text, nullable=False, default=""),
    Column("row_version", Integer, nullable=False, default=0),  # the version this produced
)

saved_queries = Table(
    "saved_queries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("conditions", Text, nullable=False),  # JSON list of [group, field, op, value]
    Column("created_by", String(120), nullable=False),
    Column("created_at", String(32), nullable=False),
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
