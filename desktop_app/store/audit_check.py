"""Does every case's audit trail still account for what is stored? Each case's events are
replayed (store/audit.py) and the last version they give is compared with the case as it is
stored: a change that escaped the audit (a write with the server's triggers disabled, a
login that marked its transaction as the app's, an audit row removed) leaves a case whose
replay differs, and `check` names it. On PostgreSQL the login the server recorded on each
event (0009) is checked too (`login_problems`). Read-only; a few hundred cases per query."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Engine, select, text

from desktop_app.record import CaseRecord
from desktop_app.store import bulk_load, field_codes
from desktop_app.store import tables as t
from desktop_app.store.audit import UNVERSIONED, decode, replay

# The events whose login could not have written them (PostgreSQL; 0009's server_login):
# one claiming to be the server's own record of an outside change under a name that is not
# the login the server saw (the triggers write the login as the user); one with no login
# recorded after the first that has one (written while the trigger was off); one whose
# login is not a member of the app's roles (the owner of the tables and the roles granted
# writes to the case data), written under another name, i.e. with the app's mark set.
_LOGINS = """
WITH first AS (SELECT min(id) AS id FROM audit_events WHERE server_login IS NOT NULL),
     app_roles AS (
         SELECT c.relowner AS role FROM pg_class c WHERE c.oid = to_regclass('case_items')
         UNION SELECT a.grantee FROM pg_class c, aclexplode(c.relacl) a
          WHERE c.oid = to_regclass('case_items') AND a.grantee <> 0
            AND a.privilege_type IN ('INSERT', 'UPDATE')),
     named AS (SELECT DISTINCT server_login AS login FROM audit_events
                WHERE server_login IS NOT NULL AND server_login <> user_name),
     outsiders AS (SELECT login FROM named
                    WHERE to_regrole(quote_ident(login)) IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM app_roles r WHERE pg_has_role(
                          to_regrole(quote_ident(login)), r.role, 'MEMBER')))
SELECT c.case_number, e.id, e.user_name, e.server_login,
       CASE WHEN e.server_login IS NULL THEN 'off'
            WHEN e.reason LIKE 'changed outside Case Abstractor (%' THEN 'imitated'
            ELSE 'outsider' END
  FROM audit_events e JOIN cases c ON c.id = e.case_id, first
 WHERE (e.server_login IS NULL AND e.id > first.id)
    OR (e.server_login <> e.user_name AND (
            e.reason LIKE 'changed outside Case Abstractor (%'
         OR e.server_login IN (SELECT login FROM outsiders)))
 ORDER BY c.case_number, e.id"""
_SAID = {
    "off": "audit event {id} has no login recorded by the server (written while the "
    "trigger that records it was off)",
    "imitated": "audit event {id} reads as the server's record of a change outside the app, "
    "under the name '{user}', but login {login} wrote it",
    "outsider": "audit event {id} was saved as '{user}' by login {login}, which is not a "
    "member of the app's roles",
}

CHUNK = 400
SHOWN = 3  # differing places named per case (never the values: they may identify)


def replay_problems(engine: Engine, chunk: int = CHUNK) -> list[str]:
    """One line per case whose audit replay differs from what is stored beside it: its
    status and entries (`cases`, `group_entries`), and the cohort index of its values
    (`case_items`, 0010: every short value with its text and number, every long one as its
    key row, no row without a value); empty when every case is accounted for."""
    with engine.connect() as connection:
        cases = connection.execute(
            select(t.cases.c.id, t.cases.c.case_number).order_by(t.cases.c.id)
        ).all()
        names = field_codes.all_names(connection)
    codes = {key: code for code, key in names.items()}
    problems: list[str] = []
    for start in range(0, len(cases), chunk):
        part = cases[start : start + chunk]
        numbers = dict(part)
        trails = _trails(engine, list(numbers), names)
        index = _index(engine, list(numbers))
        for stored in bulk_load.load_many(engine, list(numbers)):
            case_id = stored.case_id or 0
            difference = _difference(stored, trails.get(case_id, []), index.get(case_id, {}),
                                     codes)  # fmt: skip
            if difference:
                problems.append(f"case {numbers[case_id]}: the audit trail does not account "
                                f"for what is stored ({difference})")  # fmt: skip
    return problems


IndexRows = dict[tuple[int, int], list[tuple[str, float | None]]]


def _index(engine: Engine, case_ids: list[int]) -> dict[int, IndexRows]:
    """The cohort index's rows of the cases: (code, entry) → [(text, number)]."""
    item = t.case_items.c
    out: dict[int, IndexRows] = {}
    with engine.connect() as connection:
        for case_id, code, entry, text_, number in connection.execute(
            select(item.case_id, item.field_code, item.entry_id, item.value_text, item.value_num)
            .where(item.case_id.in_(case_ids))
        ):  # fmt: skip
            out.setdefault(case_id, {}).setdefault((code, entry), []).append((text_, number))
    return out


def login_problems(engine: Engine) -> list[str]:
    """One line per audit event that the login the server recorded could not have written
    as the app (PostgreSQL; SQLite records no logins: nothing)."""
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as connection:
        rows = connection.execute(text(_LOGINS)).all()
    return [f"case {number}: " + _SAID[kind].format(id=event, user=user, login=login)
            for number, event, user, login, kind in rows]  # fmt: skip


def _trails(engine: Engine, case_ids: list[int], names: dict[int, tuple[str, str]]
            ) -> dict[int, list[dict[str, Any]]]:  # fmt: skip
    """The audit rows of the cases, as audit_trail gives them (the keys replay reads)."""
    a = t.audit_events.c
    trails: dict[int, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        events = connection.execute(
            select(a.case_id, a.row_version, a.changes)
            .where(a.case_id.in_(case_ids)).order_by(a.case_id, a.id)
        )  # fmt: skip
        for case_id, version, changes in events:
            rows = trails.setdefault(case_id, [])
            for action, group_id, entry_id, field_id, old, new in decode(changes, names):
                rows.append({
                    "case_id": case_id, "action": action, "group_id": group_id,
                    "entry_id": entry_id, "field_id": field_id, "old_value": old,
                    "new_value": new, "row_version": 0 if action in UNVERSIONED else version,
                })  # fmt: skip
    return trails


def _difference(stored: CaseRecord, events: list[dict[str, Any]], index: IndexRows,
                codes: dict[tuple[str, str], int]) -> str:  # fmt: skip
    """What differs between the case as stored and the last version its audit rebuilds."""
    if not events:
        return "it has no audit events"
    versions = replay(events)
    replayed = versions[max(versions)] if versions else CaseRecord()
    found = list(_places(stored, replayed)) + list(_index_places(replayed, index, codes))
    if not found:
        return ""
    more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    return "differs at " + ", ".join(found[:SHOWN]) + more


def _code(key: tuple[str, str], codes: dict[tuple[str, str], int]) -> int | None:
    if key in codes:
        return codes[key]
    group, field = key  # a code no field has, as `decode` names it
    return int(field[1:]) if not group and field[1:].isdigit() else None


def _index_places(replayed: CaseRecord, index: IndexRows, codes: dict[tuple[str, str], int]
                  ) -> Iterator[str]:  # fmt: skip
    """The values whose cohort-index row is missing, of another text or number, or more
    than one; and the rows of no value."""
    seen: set[tuple[int, int]] = set()
    for (group, entry, field), value in sorted(replayed.items().items()):
        code = _code((group, field), codes)
        rows = index.get((code, entry), []) if code is not None else []
        seen.add((code or 0, entry))
        if len(rows) != 1 or not _row_holds(value, *rows[0]):
            yield f"{group} entry {entry} {field}" if group else field
    names = {code: key for key, code in codes.items()}
    for code, entry in sorted(index.keys() - seen):
        group, field = names.get(code, ("", f"#{code}"))
        yield f"{group} entry {entry} {field}" if group else field


def _row_holds(value: str, text_: str, number: float | None) -> bool:
    """Whether an index row is the value's: its text (a long value's key row '', or, as an
    outside write leaves it, its whole text), and a number that is the value's own."""
    if text_ != t.indexed_text(value) and text_ != value:
        return False
    if number is None:
        return True
    try:
        return Decimal(value) == Decimal(repr(number)) or not Decimal(value).is_finite()
    except (InvalidOperation, ValueError):
        return True  # a qualified number ("<5"): its representative, not checked here


def _places(stored: CaseRecord, replayed: CaseRecord) -> Iterator[str]:
    if stored.status != replayed.status:
        yield "its status"
    mine, theirs = stored.items(), replayed.items()
    for key in sorted(mine.keys() ^ theirs.keys() | {k for k in mine if mine[k] != theirs.get(k)}):
        group, entry, field = key
        yield f"{group} entry {entry} {field}" if group else field
    for group in sorted(set(stored.entry_order()) | set(replayed.entry_order())):
        if stored.entry_order().get(group) != replayed.entry_order().get(group):
            yield f"the entries of {group}"
