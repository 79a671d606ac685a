"""The audit trail: append-only events written in the transaction of the change they record,
and the replay that rebuilds any earlier version of a case from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from desktop_app.record import CaseRecord, ItemKey
from desktop_app.store import tables as t

ORDER_SEPARATOR = ","
# The events whose new value is the case's status from then on.
STATUS_EVENTS = ("case_created", "status_changed", "case_removed", "case_restored")


@dataclass
class AuditContext:
    """One save's who/when/why; every event it writes carries them."""

    connection: Any
    case_id: int
    user: str
    os_user: str
    at_utc: str
    reason: str
    row_version: int = 0

    def event(
        self,
        action: str,
        group_id: str = "",
        entry_id: int = 0,
        field_id: str = "",
        old: str | None = None,
        new: str | None = None,
    ) -> None:
        self.connection.execute(
            insert(t.audit_events).values(
                case_id=self.case_id, at_utc=self.at_utc, user_name=self.user,
                os_user=self.os_user, action=action, group_id=group_id, entry_id=entry_id,
                field_id=field_id, old_value=old, new_value=new, reason=self.reason,
                row_version=self.row_version,
            )
        )  # fmt: skip


def audit_trail(connection: Any, case_id: int) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(t.audit_events).where(t.audit_events.c.case_id == case_id)
        .order_by(t.audit_events.c.id)
    ).mappings().all()  # fmt: skip
    return [dict(r) for r in rows]


def replay(events: list[dict[str, Any]]) -> dict[int, CaseRecord]:
    """Every saved version of a case (row version → record), rebuilt from its audit alone."""
    items: dict[ItemKey, str] = {}
    order: dict[str, list[int]] = {}
    status = "draft"
    versions: dict[int, CaseRecord] = {}
    for event in events:
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
        version = event["row_version"]
        if version:
            order = {g: ids for g, ids in order.items() if ids}
            versions[version] = CaseRecord.from_items(
                dict(items), {g: list(ids) for g, ids in order.items()},
                case_id=event["case_id"], status=status, row_version=version,
            )  # fmt: skip
    return versions
