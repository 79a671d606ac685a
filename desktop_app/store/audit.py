"""The audit trail: append-only events written in the transaction of the change they record,
and the replay that rebuilds any earlier version of a case from them.

One `audit_events` row per save (or removal, or restore): who, when, why, the version it
produced, and its changes as a JSON list (UTF-8, compressed with zlib by the app; plain JSON
is read as well, as a database trigger would write it), each change one of

    [action, where, entry]                 nothing before or after (an entry added)
    [action, where, entry, new]            nothing before (a value added, the case created)
    [action, where, entry, old, new]       both (a value changed or removed: new is null)

where `action` is a short code (ACTIONS) and `where` is the field's code (item_fields) for
a value, or the group's id for an entry or the order of a group ("" for the case). A new
case's first version is one event. `audit_trail` reads them back as one row per change with
the keys the history, the exports and `replay` read. On PostgreSQL the server's triggers
write the same events, in plain JSON, for changes made outside the app (store/pg_audit.py).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select

from desktop_app.record import CaseRecord, ItemKey
from desktop_app.store import field_codes
from desktop_app.store import tables as t

ORDER_SEPARATOR = ","
ACTIONS = {
    "value_added": "+", "value_changed": "~", "value_removed": "-",
    "entry_added": "e+", "entry_removed": "e-", "order_changed": "o",
    "status_changed": "s", "case_created": "c", "case_removed": "r", "case_restored": "u",
}  # fmt: skip
ACTION_NAMES = {short: name for name, short in ACTIONS.items()}
UNVERSIONED = ("case_created",)  # read back with version 0: it precedes the first version

Change = tuple[str, str, int, str, str | None, str | None]  # action, group, entry, field, old, new
# The events whose new value is the case's status from then on.
STATUS_EVENTS = ("case_created", "status_changed", "case_removed", "case_restored")


@dataclass
class AuditContext:
    """One save's who/when/why; the changes it records are written as one event (`write`)."""

    connection: Any
    case_id: int
    user: str
    os_user: str
    at_utc: str
    reason: str
    row_version: int = 0
    changes: list[Change] = field(default_factory=list)

    def event(
        self,
        action: str,
        group_id: str = "",
        entry_id: int = 0,
        field_id: str = "",
        old: str | None = None,
        new: str | None = None,
    ) -> None:
        self.changes.append((action, group_id, entry_id, field_id, old, new))

    def write(self) -> None:
        """Write the changes recorded so far as one event (none: nothing is written)."""
        if not self.changes:
            return
        keys = {(g, f) for _a, g, _e, f, _o, _n in self.changes if f}
        codes = field_codes.ensure(self.connection, keys) if keys else {}
        self.connection.execute(
            insert(t.audit_events).values(
                case_id=self.case_id, row_version=self.row_version, at_utc=self.at_utc,
                user_name=self.user, os_user=self.os_user, reason=self.reason,
                changes=encode(self.changes, codes),
            )
        )  # fmt: skip
        self.changes = []


def encode(changes: list[Change], codes: dict[tuple[str, str], int]) -> bytes:
    out: list[list[Any]] = []
    for action, group_id, entry_id, field_id, old, new in changes:
        where: int | str = codes[(group_id, field_id)] if field_id else group_id
        change: list[Any] = [ACTIONS.get(action, action), where, entry_id]
        if old is not None:
            change += [old, new]
        elif new is not None:
            change.append(new)
        out.append(change)
    plain = json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode()
    return zlib.compress(plain, 6)


def _json(changes: bytes | str) -> Any:
    if isinstance(changes, str):
        return json.loads(changes)
    data = bytes(changes)
    return json.loads(data if data[:1] == b"[" else zlib.decompress(data))


def decode(changes: bytes | str, names: dict[int, tuple[str, str]]) -> list[Change]:
    out: list[Change] = []
    for action, where, entry_id, *values in _json(changes):
        if isinstance(where, int):  # a code no field has (written outside the app) is shown
            group_id, field_id = names.get(where, ("", f"#{where}"))  # as such, not a crash
        else:
            group_id, field_id = where, ""
        old, new = None, None
        if len(values) == 1:
            new = values[0]
        elif values:
            old, new = values
        out.append((ACTION_NAMES.get(action, action), group_id, entry_id, field_id, old, new))
    return out


def audit_trail(connection: Any, case_id: int) -> list[dict[str, Any]]:
    """One row per change, oldest first: id (the event's), case_id, at_utc, user_name,
    os_user, action, group_id, entry_id, field_id, old_value, new_value, reason, row_version;
    and server_login where the server recorded the login that wrote the event (PostgreSQL)."""
    a = t.audit_events.c
    events = connection.execute(
        select(a.id, a.case_id, a.row_version, a.at_utc, a.user_name, a.os_user, a.reason,
               a.changes, a.server_login).where(a.case_id == case_id).order_by(a.id)
    ).all()  # fmt: skip
    if not events:
        return []
    names = field_codes.all_names(connection)
    rows: list[dict[str, Any]] = []
    for event_id, case, version, at_utc, user, os_user, reason, changes, login in events:
        seen = {"server_login": login} if login is not None else {}
        for action, group_id, entry_id, field_id, old, new in decode(changes, names):
            rows.append({**seen,
                "id": event_id, "case_id": case, "at_utc": at_utc, "user_name": user,
                "os_user": os_user, "action": action, "group_id": group_id,
                "entry_id": entry_id, "field_id": field_id, "old_value": old,
                "new_value": new, "reason": reason,
                "row_version": 0 if action in UNVERSIONED else version,
            })  # fmt: skip
    return rows


def who(event: dict[str, Any]) -> str:
    """Who saved an event, as the history shows it: the app's user name, and beside it the
    login the server saw when that is another name ("saved as 'ana' by login reg_bob")."""
    user, login = event["user_name"], event.get("server_login")
    if login is None or login == user:
        return str(user)
    return f"saved as '{user}' by login {login}"


def replay(events: list[dict[str, Any]]) -> dict[int, CaseRecord]:
    """Every saved version of a case (row version → record), rebuilt from its audit alone."""
    items: dict[ItemKey, str] = {}
    order: dict[str, list[int]] = {}
    status = "draft"
    versions: dict[int, CaseRecord] = {}
    pending: dict[str, Any] | None = None  # the last change of the version being rebuilt

    def keep(event: dict[str, Any]) -> None:  # once per version, not once per change
        version = event["row_version"]
        versions[version] = CaseRecord.from_items(
            dict(items), {g: list(ids) for g, ids in order.items() if ids},
            case_id=event["case_id"], status=status, row_version=version,
        )  # fmt: skip

    for event in events:
        if pending is not None and event["row_version"] != pending["row_version"]:
            keep(pending)
        action, key = event["action"], (event["group_id"], event["entry_id"], event["field_id"])
        if action in ("value_added", "value_changed"):
            items[key] = event["new_value"]
        elif action == "value_removed":
            items.pop(key, None)
        elif action == "order_changed":
            new = event["new_value"] or ""
            order[event["group_id"]] = [int(i) for i in new.split(ORDER_SEPARATOR) if i]
        elif action in STATUS_EVENTS:
            status = event["new_value"] or status
        if event["row_version"]:
            pending = event
    if pending is not None:
        keep(pending)
    return versions


CodedKey = tuple[int | str, int]  # (field code, or a group id written as `where`; entry)


_SETS = frozenset(("value_added", "value_changed", ACTIONS["value_added"],
                   ACTIONS["value_changed"]))  # fmt: skip
_REMOVES = frozenset(("value_removed", ACTIONS["value_removed"]))
_NO_VERSION = frozenset((*UNVERSIONED, *(ACTIONS[a] for a in UNVERSIONED)))


def current_coded(events: list[tuple[int, bytes | str]]) -> dict[CodedKey, str]:
    """The values of a case's last version from its raw events (row_version, changes), in
    id order, by (field code, entry): what `replay(...)[last]` holds, without a record per
    version. Like `replay`, every change is applied (the last version is the state at the
    end), and a case none of whose changes makes a version (only a creation, or events of
    row version 0) has none: no values."""
    items: dict[CodedKey, str] = {}
    versioned = False
    for version, changes in events:
        decoded = _json(changes)
        if version and not versioned:
            versioned = any(change[0] not in _NO_VERSION for change in decoded)
        for change in decoded:
            action = change[0]
            if action in _SETS:  # the new value is the last: [a, where, entry, (old,) new]
                items[(change[1], change[2])] = change[-1] if len(change) > 3 else None  # type: ignore[assignment]
            elif action in _REMOVES:
                items.pop((change[1], change[2]), None)
    return items if versioned else {}


def named(coded: dict[CodedKey, str], names: dict[int, tuple[str, str]]) -> dict[ItemKey, str]:
    """Coded values under their (group, entry, field) keys, as `decode` names them."""
    out: dict[ItemKey, str] = {}
    for (where, entry_id), value in coded.items():
        if isinstance(where, int):
            group_id, field_id = names.get(where, ("", f"#{where}"))
        else:
            group_id, field_id = where, ""
        out[(group_id, entry_id, field_id)] = value
    return out


def current_values(connection: Any, case_id: int, names: dict[int, tuple[str, str]] | None = None
                   ) -> dict[ItemKey, str]:  # fmt: skip
    """A case's values as its audit has them now (the store reads values from here)."""
    a = t.audit_events.c
    events = connection.execute(
        select(a.row_version, a.changes).where(a.case_id == case_id).order_by(a.id)
    ).all()  # fmt: skip
    if not events:
        return {}
    coded = current_coded([(v, c) for v, c in events])
    if names is None:
        # read each time, in the caller's transaction: a code given in a transaction that
        # is then rolled back may be given again to another field, so none is kept
        names = field_codes.all_names(connection)
    return named(coded, names)
