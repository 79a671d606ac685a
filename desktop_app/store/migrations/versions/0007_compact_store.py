"""A compact store (issue 13): fields as integer codes in a table of their own
(`item_fields`); the values and derived values clustered by case (SQLite: WITHOUT ROWID,
primary key case, field code, entry) with ONE index for cohort conditions (code, text,
number, carrying case and entry) in place of the two covering indexes of 0005; and an audit
of one event per save holding its changes (JSON) instead of one row per value, repeating
who, when and why. Every case and every replayed version is the same after as before.

The audit rows of 0006 are grouped into events as they were written: consecutive rows (by
id) of one case with the same time, user, OS user, reason and version; a case's creation
(version 0 in 0006) joins the save that follows it. The changes are encoded as
`store/audit.py` reads them (written out here so that this migration stays what it is).

Revision ID: 0007
Revises: 0006
"""

import json
import zlib
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"

VALUE_TABLES = ("case_items", "derived_items")
OLD_INDEXES = {
    "case_items": ("ix_case_items_field_text", "ix_case_items_field_num"),
    "derived_items": ("ix_derived_items_field_text", "ix_derived_items_field_num"),
}
ACTIONS = {
    "value_added": "+",
    "value_changed": "~",
    "value_removed": "-",
    "entry_added": "e+",
    "entry_removed": "e-",
    "order_changed": "o",
    "status_changed": "s",
    "case_created": "c",
    "case_removed": "r",
    "case_restored": "u",
}
BATCH = 20_000  # old audit rows read at a time
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_events_no_{what.lower()} BEFORE {what} ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""
    for what in ("UPDATE", "DELETE")
]
POSTGRES_TRIGGER = """CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON
    audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"""


def _values_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("field_code", sa.Integer, nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("value_text", sa.Text, nullable=False),
        sa.Column("value_num", sa.Float, nullable=True),
        sa.PrimaryKeyConstraint("case_id", "field_code", "entry_id", name=f"pk_{name}"),
        sqlite_with_rowid=False,
    )
    op.create_index(
        f"ix_{name}_value", name, ["field_code", "value_text", "value_num", "case_id", "entry_id"]
    )


def _drop_audit_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")


def _add_audit_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(POSTGRES_TRIGGER)


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.create_table(
        "item_fields",
        sa.Column("code", sa.Integer, primary_key=True),
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("field_id", sa.String(64), nullable=False),
        sa.UniqueConstraint("group_id", "field_id", name="uq_item_field"),
    )
    op.execute(
        "INSERT INTO item_fields (group_id, field_id) SELECT group_id, field_id FROM ("
        "SELECT group_id, field_id FROM case_items UNION SELECT group_id, field_id FROM "
        "derived_items UNION SELECT group_id, field_id FROM audit_events WHERE field_id <> ''"
        ") AS used ORDER BY group_id, field_id"
    )
    for name in VALUE_TABLES:
        for index in OLD_INDEXES[name]:
            op.drop_index(index, table_name=name)
        op.rename_table(name, f"{name}_0006")
        _values_table(name)
        op.execute(
            f"INSERT INTO {name} (case_id, field_code, entry_id, value_text, value_num) "
            f"SELECT i.case_id, f.code, i.entry_id, i.value_text, i.value_num "
            f"FROM {name}_0006 i JOIN item_fields f "
            "ON f.group_id = i.group_id AND f.field_id = i.field_id"
        )
        op.drop_table(f"{name}_0006")
    _drop_audit_triggers(dialect)
    op.drop_index("ix_audit_events_case_id", table_name="audit_events")
    op.rename_table("audit_events", "audit_events_0006")
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("row_version", sa.Integer, nullable=False),
        sa.Column("at_utc", sa.String(32), nullable=False),
        sa.Column("user_name", sa.String(120), nullable=False),
        sa.Column("os_user", sa.String(120), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("changes", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_audit_events_case_id", "audit_events", ["case_id"])
    _convert_audit(bind)
    op.drop_table("audit_events_0006")
    _add_audit_triggers(dialect)
    if dialect == "postgresql":
        _server_search(bind)
    if dialect == "sqlite":
        _clustered_entries()
        _search_tables(", detail='none'")
    # the search index reads the values by code now: its rows are made again on opening
    op.execute("DELETE FROM store_meta WHERE key = 'search_signature'")


def _clustered_entries() -> None:
    """SQLite: the entries clustered by case (WITHOUT ROWID), no second copy of the key."""
    op.rename_table("group_entries", "group_entries_0006")
    op.create_table(
        "group_entries",
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("group_id", sa.String(64), primary_key=True),
        sa.Column("entry_id", sa.Integer, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO group_entries SELECT case_id, group_id, entry_id, position "
        "FROM group_entries_0006"
    )
    op.drop_table("group_entries_0006")


def _search_tables(options: str) -> None:
    """SQLite: the search tables again (their rows are made on opening): trigrams without
    positions (detail=none) in 0007, LIKE finding substrings through them."""
    for name, column in (("case_search", "open_text"), ("case_search_identifiers", "identifiers")):
        op.execute(f"DROP TABLE IF EXISTS {name}")
        op.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({column}, tokenize='trigram'{options})")


def _server_search(bind: Any) -> None:
    """PostgreSQL's search table, one row per case (made on opening), with trigram indexes
    when the server has pg_trgm (created here when this login may); else ILIKE reads it."""
    op.create_table(
        "case_search",
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("open_text", sa.Text, nullable=False),
        sa.Column("identifiers", sa.Text, nullable=False),
    )
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        pass  # not installed on the server, or not this login's to create: ILIKE reads all
    trigrams = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    if trigrams.first() is not None:
        for column in ("open_text", "identifiers"):
            op.execute(
                f"CREATE INDEX ix_case_search_{column} ON case_search "
                f"USING gin ({column} gin_trgm_ops)"
            )


def _convert_audit(bind: Any) -> None:
    codes = {
        (g, f): c
        for c, g, f in bind.execute(sa.text("SELECT code, group_id, field_id FROM item_fields"))
    }
    events: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    last = 0
    while True:
        rows = (
            bind.execute(
                sa.text(
                    "SELECT id, case_id, at_utc, user_name, os_user, action, group_id, entry_id, "
                    "field_id, old_value, new_value, reason, row_version FROM audit_events_0006 "
                    f"WHERE id > :last ORDER BY id LIMIT {BATCH}"
                ),
                {"last": last},
            )
            .mappings()
            .all()
        )
        if not rows:
            break
        last = rows[-1]["id"]
        for row in rows:
            who = (row["case_id"], row["at_utc"], row["user_name"], row["os_user"], row["reason"])
            version = row["row_version"]
            joins = (
                current is not None
                and current["who"] == who
                and (
                    current["row_version"] == version
                    or (current["created_only"] and row["action"] != "case_created")
                )
            )
            if not joins:
                if current is not None:
                    events.append(current)
                current = {
                    "who": who,
                    "row_version": version,
                    "changes": [],
                    "created_only": row["action"] == "case_created",
                }
            assert current is not None
            if current["created_only"] and row["action"] != "case_created":
                current["created_only"], current["row_version"] = False, version
            current["changes"].append(_change(row, codes))
        if len(events) >= 1000:
            _write(bind, events)
            events = []
    if current is not None:
        events.append(current)
    _write(bind, events)


def _change(row: Any, codes: dict[tuple[str, str], int]) -> list[Any]:
    field = row["field_id"]
    where = codes[(row["group_id"], field)] if field else row["group_id"]
    change = [ACTIONS.get(row["action"], row["action"]), where, row["entry_id"]]
    if row["old_value"] is not None:
        change += [row["old_value"], row["new_value"]]
    elif row["new_value"] is not None:
        change.append(row["new_value"])
    return change


def _write(bind: Any, events: list[dict[str, Any]]) -> None:
    if not events:
        return
    bind.execute(
        sa.text(
            "INSERT INTO audit_events (case_id, row_version, at_utc, user_name, os_user, "
            "reason, changes) VALUES (:case_id, :row_version, :at_utc, :user_name, :os_user, "
            ":reason, :changes)"
        ),
        [
            {
                "case_id": e["who"][0],
                "at_utc": e["who"][1],
                "user_name": e["who"][2],
                "os_user": e["who"][3],
                "reason": e["who"][4],
                "row_version": e["row_version"],
                "changes": zlib.compress(
                    json.dumps(e["changes"], ensure_ascii=False, separators=(",", ":")).encode(), 6
                ),
            }
            for e in events
        ],
    )


def downgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "postgresql":
        op.drop_table("case_search")
    if dialect == "sqlite":
        _search_tables("")
    names = {
        c: (g, f)
        for c, g, f in bind.execute(sa.text("SELECT code, group_id, field_id FROM item_fields"))
    }
    for name in VALUE_TABLES:
        op.drop_index(f"ix_{name}_value", table_name=name)
        op.rename_table(name, f"{name}_0007")
        columns = [
            sa.Column(
                "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
            ),
            sa.Column("group_id", sa.String(64), nullable=False),
            sa.Column("entry_id", sa.Integer, nullable=False),
            sa.Column("field_id", sa.String(64), nullable=False),
            sa.Column("value_text", sa.Text, nullable=False),
            sa.Column("value_num", sa.Float, nullable=True),
        ]
        if name == "case_items":
            op.create_table(
                name,
                sa.Column("id", sa.Integer, primary_key=True),
                *columns,
                sa.UniqueConstraint(
                    "case_id", "group_id", "entry_id", "field_id", name="uq_case_item"
                ),
            )
        else:
            op.create_table(
                name,
                *columns,
                sa.PrimaryKeyConstraint("case_id", "group_id", "entry_id", "field_id"),
            )
        op.execute(
            f"INSERT INTO {name} (case_id, group_id, entry_id, field_id, value_text, value_num) "
            f"SELECT i.case_id, f.group_id, i.entry_id, f.field_id, i.value_text, i.value_num "
            f"FROM {name}_0007 i JOIN item_fields f ON f.code = i.field_code "
            "ORDER BY i.case_id, f.group_id, i.entry_id, f.field_id"
        )
        op.drop_table(f"{name}_0007")
        by_text, by_num = OLD_INDEXES[name]
        op.create_index(
            by_text, name, ["group_id", "field_id", "value_text", "case_id", "entry_id"]
        )
        op.create_index(by_num, name, ["group_id", "field_id", "value_num", "case_id", "entry_id"])
    _drop_audit_triggers(dialect)
    op.drop_index("ix_audit_events_case_id", table_name="audit_events")
    op.rename_table("audit_events", "audit_events_0007")
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
        sa.Column("row_version", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_audit_events_case_id", "audit_events", ["case_id"])
    full = {short: action for action, short in ACTIONS.items()}
    last = 0
    while True:
        events = (
            bind.execute(
                sa.text(
                    "SELECT id, case_id, at_utc, user_name, os_user, reason, row_version, changes "
                    "FROM audit_events_0007 WHERE id > :last ORDER BY id LIMIT 1000"
                ),
                {"last": last},
            )
            .mappings()
            .all()
        )
        if not events:
            break
        last = events[-1]["id"]
        rows = []
        for event in events:
            packed = bytes(event["changes"])
            plain = packed if packed[:1] == b"[" else zlib.decompress(packed)
            for short, where, entry_id, *values in json.loads(plain):
                group_id, field_id = names[where] if isinstance(where, int) else (where, "")
                old, new = (
                    (None, None)
                    if not values
                    else ((None, values[0]) if len(values) == 1 else tuple(values))
                )
                action = full.get(short, short)
                rows.append(
                    {
                        "case_id": event["case_id"],
                        "at_utc": event["at_utc"],
                        "user_name": event["user_name"],
                        "os_user": event["os_user"],
                        "action": action,
                        "group_id": group_id,
                        "entry_id": entry_id,
                        "field_id": field_id,
                        "old_value": old,
                        "new_value": new,
                        "reason": event["reason"],
                        "row_version": 0 if action == "case_created" else event["row_version"],
                    }
                )
        bind.execute(
            sa.text(
                "INSERT INTO audit_events (case_id, at_utc, user_name, os_user, action, group_id, "
                "entry_id, field_id, old_value, new_value, reason, row_version) VALUES (:case_id, "
                ":at_utc, :user_name, :os_user, :action, :group_id, :entry_id, :field_id, "
                ":old_value, :new_value, :reason, :row_version)"
            ),
            rows,
        )
    op.drop_table("audit_events_0007")
    _add_audit_triggers(dialect)
    op.drop_table("item_fields")
    op.execute("DELETE FROM store_meta WHERE key IN ('search_signature', 'field_codes_signature')")
