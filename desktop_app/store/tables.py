"""The database schema as SQLAlchemy Core tables (the migrations create the same)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    func,
    literal_column,
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


# A value this long or shorter is in the cohort index with its text (codes, numbers, dates,
# short texts); a longer one (notes, findings) as a key row whose text is '' (0010): an
# entered value is never empty, and its text is in the audit and the search index.
SHORT = 16
LONG_KEY = ""


def indexed_text(value: str) -> str:
    """What `case_items` holds of a value: the value itself when short, else ''."""
    return value if len(value) <= SHORT else LONG_KEY


def short_value(value_text: Any) -> ColumnElement[bool]:
    """The condition of the derived values' short index, written as the index's own WHERE
    (a number, not a bound parameter: the database uses a partial index only for a query
    whose conditions hold its WHERE, as written)."""
    return func.length(value_text) <= literal_column(str(SHORT))


def long_value(value_text: Any) -> ColumnElement[bool]:
    return func.length(value_text) > literal_column(str(SHORT))


def _values_table(name: str) -> Table:
    """A table of values clustered by case (SQLite: WITHOUT ROWID, the rows in primary-key
    order), with two partial indexes for cohort conditions: the short values by the field's
    code, text and number, carrying the case and the entry; the long ones by code, case and
    entry only (0008). The derived values are kept so."""
    table = Table(
        name,
        metadata,
        Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        Column("field_code", Integer, primary_key=True),
        Column("entry_id", Integer, primary_key=True),
        Column("value_text", Text, nullable=False),
        Column("value_num", Float, nullable=True),
        sqlite_with_rowid=False,
    )
    c = table.c
    Index(
        f"ix_{name}_short", c.field_code, c.value_text, c.value_num, c.case_id, c.entry_id,
        sqlite_where=short_value(c.value_text),
    )  # fmt: skip
    Index(
        f"ix_{name}_long", c.field_code, c.case_id, c.entry_id,
        sqlite_where=long_value(c.value_text),
    )  # fmt: skip
    return table


def add_postgresql_options() -> None:
    """The same WHERE for PostgreSQL's partial indexes, added when a PostgreSQL engine is
    made (store/engine.py), not at import: naming a postgresql_ option loads SQLAlchemy's
    PostgreSQL dialect and its drivers' modules (asyncio among them), 34 ms of every start
    on SQLite."""
    for table in (case_items, derived_items):
        for index in table.indexes:
            options = index.dialect_options["postgresql"]
            if options["where"] is None:
                options["where"] = index.dialect_options["sqlite"]["where"]


# The cohort index of the entered values (0010): clustered by field, text, case and entry
# (SQLite: WITHOUT ROWID), so that a condition on a field reads that field's rows in the
# order of its text; the values themselves are read from the audit (store/audit.py).
case_items = Table(
    "case_items",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("field_code", Integer, nullable=False),
    Column("entry_id", Integer, nullable=False),
    Column("value_text", Text, nullable=False),  # the value, or '' for a long one
    Column("value_num", Float, nullable=True),
    PrimaryKeyConstraint("field_code", "value_text", "case_id", "entry_id", name="pk_case_items"),
    sqlite_with_rowid=False,
)
# The numbers of the case's own fields (entry 0) by case (0011): a cohort read in the list's
# order tests a comparison ("age >= 40") case by case here (conditions.case_number_held).
Index(
    "ix_case_items_case_numbers", case_items.c.case_id, case_items.c.field_code,
    case_items.c.value_num,
    sqlite_where=and_(case_items.c.entry_id == literal_column("0"),
                      case_items.c.value_num.is_not(None)),
)  # fmt: skip
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
    # The login the server saw (PostgreSQL, set by its trigger whatever the client sends:
    # store/pg_audit.py, 0009); NULL on SQLite, which has no logins, and before 0009.
    Column("server_login", String(120), nullable=True),
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
