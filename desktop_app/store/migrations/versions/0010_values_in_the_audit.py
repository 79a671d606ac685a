"""The values are read from the audit; `case_items` becomes the cohort index (issue 13:
bytes per case).

A case's values were stored three times: the table clustered by case, the short values'
index, and the audit (whose first event holds the whole case). From this revision a case's
values are its audit's last version (store/audit.py `current_coded`), and `case_items` is
the cohort index itself: clustered by field code, text, case and entry (SQLite: WITHOUT
ROWID), every value of 16 characters or fewer in full, a longer one as a key row whose
text is '' (an entered value is never empty; its text is in the audit and the search
index). The indexes of 0008 on case_items are dropped (derived_items keeps them).

Every case is kept: before the old table goes, each case's audit replay is compared with
its stored values; where they differ (a file whose values were changed outside the app, a
case without events) one event is written, user "migration", reason "values as stored
before migration 0010", the case moved to its next version, so that the replay gives what
was stored (tests/test_migration_0010.py). Its entries and status are compared as well
(a case without events has neither in its audit): the same event adds what differs. The
file is backed up first (store/migrate.py).

SQLite rebuilds the table; PostgreSQL changes it in place (its grants and the server-side
audit's triggers stay; the migration's own writes are marked as the app's).

Revision ID: 0010
Revises: 0009
"""

import json
import zlib
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from desktop_app.store.audit import current_coded

revision = "0010"
down_revision = "0009"

SHORT = 16  # written out here, so that this migration stays what it is
CHUNK = 500  # cases per query
REBUILD_CHUNK = 2000  # cases per batch of the cohort index's rebuild (SQLite)
USER = "migration"
REASON = "values as stored before migration 0010"
CHECKING = "checking each case's values against its audit"  # told to the open's progress
REBUILDING = "rebuilding the cohort index"  # told before and after each batch of cases


def _progress() -> Any:
    """CaseStore.open's `progress` (store/migrate.py), or one that is told nothing."""
    config = op.get_context().config
    told = config.attributes.get("progress") if config is not None else None
    return told if told is not None else (lambda what, done, total: None)


def _pk_name(bind: Any) -> str:
    return str(
        bind.exec_driver_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'case_items'::regclass "
            "AND contype = 'p'"
        ).scalar_one()
    )


def upgrade() -> None:
    bind = op.get_bind()
    progress = _progress()
    cases = _reconcile(bind, progress)
    op.drop_index("ix_case_items_short", table_name="case_items")
    op.drop_index("ix_case_items_long", table_name="case_items")
    if bind.dialect.name == "postgresql":
        if cases:
            progress(REBUILDING, 0, 0)  # one statement: a step without a count
        op.execute(f"ALTER TABLE case_items DROP CONSTRAINT {_pk_name(bind)}")
        op.execute(f"UPDATE case_items SET value_text = '' WHERE length(value_text) > {SHORT}")
        op.execute(
            "ALTER TABLE case_items ADD CONSTRAINT pk_case_items "
            "PRIMARY KEY (field_code, value_text, case_id, entry_id)"
        )
        return
    op.rename_table("case_items", "case_items_0009")
    _table(("field_code", "value_text", "case_id", "entry_id"))
    _rebuild(bind, progress)
    op.drop_table("case_items_0009")


def _rebuild(bind: Any, progress: Any) -> None:
    """Every row of the old table into the new one, REBUILD_CHUNK cases at a time (ranges
    of case_id that together cover every id, so each row is copied once), each batch
    sorted in the new key's order; `progress` told before the first and after each."""
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM cases ORDER BY id"))]
    firsts = ids[REBUILD_CHUNK::REBUILD_CHUNK]  # the first case of each batch but the first
    if ids:
        progress(REBUILDING, 0, len(ids))
    for number, (low, high) in enumerate(zip([None, *firsts], [*firsts, None], strict=True)):
        within = [f for f in ("case_id >= :low" if low is not None else "",
                              "case_id < :high" if high is not None else "") if f]  # fmt: skip
        bind.execute(
            sa.text(
                "INSERT INTO case_items (case_id, field_code, entry_id, value_text, value_num) "
                f"SELECT case_id, field_code, entry_id, CASE WHEN length(value_text) <= {SHORT} "
                "THEN value_text ELSE '' END, value_num FROM case_items_0009 "
                + (f"WHERE {' AND '.join(within)} " if within else "")
                + "ORDER BY 2, 4, 1, 3"  # each batch in the key's order
            ),
            {"low": low, "high": high},
        )
        if ids:
            progress(REBUILDING, min((number + 1) * REBUILD_CHUNK, len(ids)), len(ids))


def _table(key: tuple[str, ...]) -> None:
    op.create_table(
        "case_items",
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("field_code", sa.Integer, nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.Column("value_text", sa.Text, nullable=False),
        sa.Column("value_num", sa.Float, nullable=True),
        sa.PrimaryKeyConstraint(*key, name="pk_case_items"),
        sqlite_with_rowid=False,
    )


def _chunks(bind: Any) -> Any:
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM cases ORDER BY id"))]
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _replayed(bind: Any, part: list[int]) -> dict[int, dict[Any, str]]:
    return {i: current_coded(trail) for i, trail in _trails(bind, part).items()}


def _trails(bind: Any, part: list[int]) -> dict[int, list[tuple[int, Any]]]:
    """Each case's raw events (row version, changes), in id order."""
    trails: dict[int, list[tuple[int, Any]]] = {i: [] for i in part}
    for case_id, version, changes in bind.execute(
        sa.text(
            "SELECT case_id, row_version, changes FROM audit_events "
            "WHERE case_id IN :ids ORDER BY case_id, id"
        ).bindparams(sa.bindparam("ids", expanding=True)),
        {"ids": part},
    ):
        trails[case_id].append((version, changes))
    return trails


ORDER = ("o", "order_changed")
STATUSES = ("c", "s", "r", "u", "case_created", "status_changed", "case_removed", "case_restored")


def _decoded(changes: Any) -> Any:
    if isinstance(changes, str):
        return json.loads(changes)
    data = bytes(changes)
    return json.loads(data if data[:1] == b"[" else zlib.decompress(data))


def _replayed_heads(
    trails: dict[int, list[tuple[int, Any]]],
) -> dict[int, tuple[dict[str, list[int]], str]]:
    """Each case's entry order and status as its audit's replay ends (store/audit.py
    `replay`: an order change gives a group's order, a status event its status)."""
    out: dict[int, tuple[dict[str, list[int]], str]] = {}
    for case_id, trail in trails.items():
        order: dict[str, list[int]] = {}
        status = "draft"
        for _version, changes in trail:
            for change in _decoded(changes):
                if change[0] in ORDER:
                    new = change[-1] if len(change) > 3 else ""
                    order[change[1]] = [int(i) for i in (new or "").split(",") if i]
                elif change[0] in STATUSES and len(change) > 3 and change[-1]:
                    status = change[-1]
        out[case_id] = (order, status)
    return out


def _stored_heads(bind: Any, part: list[int]) -> dict[int, tuple[dict[str, list[int]], str]]:
    out: dict[int, tuple[dict[str, list[int]], str]] = {}
    for case_id, status in bind.execute(
        sa.text("SELECT id, status FROM cases WHERE id IN :ids").bindparams(
            sa.bindparam("ids", expanding=True)
        ),
        {"ids": part},
    ):
        out[case_id] = ({}, status)
    for case_id, group_id, entry_id in bind.execute(
        sa.text(
            "SELECT case_id, group_id, entry_id FROM group_entries WHERE case_id IN :ids "
            "ORDER BY case_id, group_id, position"
        ).bindparams(sa.bindparam("ids", expanding=True)),
        {"ids": part},
    ):
        out[case_id][0].setdefault(group_id, []).append(entry_id)
    return out


def _head_changes(before: tuple[dict[str, list[int]], str],
                  now: tuple[dict[str, list[int]], str]) -> list[list[Any]]:  # fmt: skip
    """The entry and status changes that take the replay's end to what is stored."""
    changes: list[list[Any]] = []
    for group in sorted(before[0].keys() | now[0].keys()):
        old, new = before[0].get(group, []), now[0].get(group, [])
        if old == new:
            continue
        changes += [["e+", group, e] for e in new if e not in old]
        changes += [["e-", group, e] for e in old if e not in new]
        changes.append(["o", group, 0, ",".join(map(str, old)), ",".join(map(str, new))])
    if before[1] != now[1]:
        changes.append(["s", "", 0, before[1], now[1]])
    return changes


def _reconcile(bind: Any, progress: Any) -> int:
    """One event per case whose replay differs from its stored values; `progress` told
    before the first case and after each batch. Returns the number of cases."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    parts = list(_chunks(bind))
    total, done = sum(len(part) for part in parts), 0
    if total:
        progress(CHECKING, 0, total)
    for part in parts:
        trails = _trails(bind, part)
        replayed = {i: current_coded(trail) for i, trail in trails.items()}
        heads, stored_heads = _replayed_heads(trails), _stored_heads(bind, part)
        stored: dict[int, dict[Any, str]] = {i: {} for i in part}
        for case_id, code, entry, value in bind.execute(
            sa.text(
                "SELECT case_id, field_code, entry_id, value_text FROM case_items "
                "WHERE case_id IN :ids"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": part},
        ):
            stored[case_id][(code, entry)] = value
        for case_id in part:
            before, now = replayed[case_id], stored[case_id]
            changes = _head_changes(heads[case_id], stored_heads[case_id])
            if before == now and not changes:
                continue
            for key in sorted(before.keys() | now.keys(), key=lambda k: (str(k[0]), k[1])):
                old, new = before.get(key), now.get(key)
                if old == new:
                    continue
                if old is None:
                    changes.append(["+", key[0], key[1], new])
                else:
                    changes.append(["~" if new is not None else "-", key[0], key[1], old, new])
            version = bind.execute(
                sa.text(
                    "UPDATE cases SET row_version = row_version + 1 WHERE id = :id "
                    "RETURNING row_version"
                ),
                {"id": case_id},
            ).scalar_one()
            plain = json.dumps(changes, ensure_ascii=False, separators=(",", ":")).encode()
            bind.execute(
                sa.text(
                    "INSERT INTO audit_events (case_id, row_version, at_utc, user_name, "
                    "os_user, reason, changes) VALUES (:case_id, :version, :at, :user, '', "
                    ":reason, :changes)"
                ),
                {"case_id": case_id, "version": version, "at": at, "user": USER,
                 "reason": REASON, "changes": zlib.compress(plain, 6)},
            )  # fmt: skip
        done += len(part)
        progress(CHECKING, done, total)
    return total


def downgrade() -> None:
    """The values back in a table clustered by case, the long ones' text from the audit."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("SET LOCAL case_abstractor.app_save = 'on'")  # not an outside change
        op.execute(f"ALTER TABLE case_items DROP CONSTRAINT {_pk_name(bind)}")
        op.execute(
            "ALTER TABLE case_items ADD CONSTRAINT pk_case_items "
            "PRIMARY KEY (case_id, field_code, entry_id)"
        )
        table = "case_items"
    else:
        op.rename_table("case_items", "case_items_0010")
        _table(("case_id", "field_code", "entry_id"))
        op.execute(
            "INSERT INTO case_items (case_id, field_code, entry_id, value_text, value_num) "
            "SELECT case_id, field_code, entry_id, value_text, value_num FROM case_items_0010"
        )
        op.drop_table("case_items_0010")
        table = "case_items"
    for part in _chunks(bind):
        replayed = _replayed(bind, part)
        rows = [
            {"text": value, "case_id": case_id, "code": key[0], "entry": key[1]}
            for case_id, values in replayed.items()
            for key, value in values.items()
            if isinstance(key[0], int) and value is not None and len(value) > SHORT
        ]
        if rows:
            bind.execute(
                sa.text(
                    f"UPDATE {table} SET value_text = :text WHERE case_id = :case_id "
                    "AND field_code = :code AND entry_id = :entry AND value_text = ''"
                ),
                rows,
            )
    op.execute(
        "CREATE INDEX ix_case_items_short ON case_items (field_code, value_text, value_num, "
        f"case_id, entry_id) WHERE length(value_text) <= {SHORT}"
    )
    op.execute(
        "CREATE INDEX ix_case_items_long ON case_items (field_code, case_id, entry_id) "
        f"WHERE length(value_text) > {SHORT}"
    )
