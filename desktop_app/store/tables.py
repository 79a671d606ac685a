"""The database schema as SQLAlchemy Core tables (the migrations create the same)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
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
    sqlite_with_rowid=False,  # clustered by case, no second copy of the key (0007)
)

# Every field a value is stored under, as a small integer code (store/field_codes.py).
item_fields = Table(
    "item_fields",
    metadata,
    Column("code", Integer, primary_key=True),
    Column("group_id", String(64), nullable=False),
    Column("field_id", String(64), nullable=False),
    UniqueConstraint("group_id", "field_id", name="uq_item_field"),
)


def _values_table(name: str) -> Table:
    """A table of values clustered by case (SQLite: WITHOUT ROWID, the rows in primary-key
    order), with ONE index that answers every cohort condition from the index alone: by the
    field's code, its text (equality, ranges of codes) or its number (comparisons), carrying
    the case and the entry (0007)."""
    return Table(
        name,
        metadata,
        Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        Column("field_code", Integer, primary_key=True),
        Column("entry_id", Integer, primary_key=True),
        Column("value_text", Text, nullable=False),
        Column("value_num", Float, nullable=True),
        Index(f"ix_{name}_value", "field_code", "value_text", "value_num", "case_id", "entry_id"),
        sqlite_with_rowid=False,
    )


case_items = _values_table("case_items")
# Derived values, recomputed at every save (never audited: they follow from entered ones).
derived_items = _values_table("derived_items")

# One event per change of a case (a save, a removal, a restore): who, when, why, and the
# changes it made as a JSON list (store/audit.py); the first version of a case is one event.
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("row_version", Integer, nullable=False, default=0),  # the version this produced
    Column("at_utc", String(32), nullable=False),
    Column("user_name", String(120), nullable=False, default=""),
    Column("os_user", String(120), nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("changes", LargeBinary, nullable=False),
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
