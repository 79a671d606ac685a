"""One case's save inside the caller's transaction (CaseStore.save_many): the case row moved
to its next version (optimistic locking), its entries and values written where they changed,
the derived values and the search rows made again, and the save's changes as one audit
event. A save based on an older version raises ConflictError; a change to a complete or
locked case without a reason raises ReasonRequired (the caller's transaction then rolls
everything back)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, select, update

from desktop_app.record import CaseRecord, ItemKey
from desktop_app.rules.as_reported import is_token
from desktop_app.rules.as_reported import label as reported_label
from desktop_app.rules.validation import check_record
from desktop_app.spec.model import Spec
from desktop_app.store import field_codes, search_index
from desktop_app.store import tables as t
from desktop_app.store.audit import ORDER_SEPARATOR, AuditContext, current_values
from desktop_app.store.derived_cache import item_number, write_derived
from desktop_app.store.errors import ConflictError, ReasonRequired
from desktop_app.store.save_undo import whole_number

LOCKED_STATUSES = ("complete", "locked")


def stored_items(connection: Any, case_id: int) -> dict[ItemKey, str]:
    """The case's values as stored, by (group, entry, field): its audit's last version (the
    values are kept there; `case_items` is the cohort index of them)."""
    return current_values(connection, case_id)


def write_case(
    connection: Any, spec: Spec, record: CaseRecord, audit: AuditContext, reason: str
) -> None:
    """One case's save (its id and generated number are written into `record`; save_many
    takes them back when the transaction fails). `audit` is the save's event, not written
    yet: who, when and why."""
    number_field = spec.summary_field("case_number")
    problems = check_record(spec, record)
    if record.case_id is None:
        record.case_id = audit.case_id = insert_case(audit, record)
    if number_field is not None and not record.values.get(number_field.id):
        record.values[number_field.id] = f"C{record.case_id:06d}"
    audit.row_version = record.row_version + 1
    old_status = bump_version(spec, connection, record, audit, len(problems))
    old = stored_items(connection, record.case_id)
    changed = write_entries(audit, record)
    changed |= write_items(spec, audit, record, old)
    write_derived(connection, spec, record)
    if old_status != record.status:
        audit.event("status_changed", old=old_status, new=record.status)
    touched = changed or old_status != record.status
    if old_status in LOCKED_STATUSES and touched and not reason.strip():
        raise ReasonRequired()
    audit.write()  # the save's changes, as one audit event
    search_index.write_search(connection, spec, record.case_id)  # from the audit (0010)


def insert_case(audit: AuditContext, record: CaseRecord) -> int:
    inserted = audit.connection.execute(
        insert(t.cases).values(
            case_number=f"new-{uuid.uuid4().hex[:24]}", status="draft",
            form_version="", row_version=0, next_entry_id=record.next_entry_id,
            problem_count=0, created_by=audit.user, created_at=audit.at_utc,
            updated_by=audit.user, updated_at=audit.at_utc,
            title="", sex="", site="", diagnosis="", icdo3="",
        )
    ).inserted_primary_key  # fmt: skip
    assert inserted is not None
    audit.case_id = int(inserted[0])
    audit.event("case_created", new="draft")
    return audit.case_id


def bump_version(
    spec: Spec, connection: Any, record: CaseRecord, audit: AuditContext, problems: int
) -> str:
    """Move the case to its next version; returns the status it had."""
    assert record.case_id is not None
    old_status = connection.execute(
        select(t.cases.c.status).where(t.cases.c.id == record.case_id)
    ).scalar_one_or_none()
    result = connection.execute(
        update(t.cases)
        .where(and_(t.cases.c.id == record.case_id,
                    t.cases.c.row_version == record.row_version))
        .values(row_version=t.cases.c.row_version + 1, updated_by=audit.user,
                updated_at=audit.at_utc, status=record.status,
                next_entry_id=record.next_entry_id, problem_count=problems,
                form_version=spec.version, **summary_values(spec, record))
    )  # fmt: skip
    if result.rowcount != 1:
        found = connection.execute(
            select(t.cases.c.row_version).where(t.cases.c.id == record.case_id)
        ).scalar_one_or_none()
        raise ConflictError(record.case_id, record.row_version, found)
    return str(old_status or "draft")


def summary_values(spec: Spec, record: CaseRecord) -> dict[str, Any]:
    """The case-list columns, from the fields whose `summary` names them; codes are
    stored as their labels (the ICD-O-3 code keeps a column of its own)."""
    out: dict[str, Any] = {}
    for column in ("case_number", "title", "age", "sex", "site", "diagnosis"):
        field = spec.summary_field(column)
        value = record.values.get(field.id, "") if field else ""
        if column == "case_number" and field is None:  # the column is unique
            value = f"C{record.case_id:06d}"
        if column == "age":
            out["age"] = whole_number(value)
            continue
        if column == "diagnosis":
            out["icdo3"] = value
        if is_token(value):  # "not stated" or "unknown" (issue 11) reads as words
            value = reported_label(value)
        elif field is not None and field.vocabulary:
            value = spec.vocabulary(field.vocabulary).label_of(value) if value else ""
        out[column] = value
    return out


def write_entries(audit: AuditContext, record: CaseRecord) -> bool:
    """Store each group's entries and their order; True when anything changed."""
    connection, entry = audit.connection, t.group_entries.c
    stored: dict[str, list[int]] = {}
    for group_id, entry_id in connection.execute(
        select(entry.group_id, entry.entry_id)
        .where(entry.case_id == record.case_id).order_by(entry.group_id, entry.position)
    ):  # fmt: skip
        stored.setdefault(group_id, []).append(entry_id)
    wanted = record.entry_order()
    if stored == wanted:
        return False
    connection.execute(delete(t.group_entries).where(entry.case_id == record.case_id))
    rows = [
        {"case_id": record.case_id, "group_id": g, "entry_id": e, "position": i}
        for g, ids in wanted.items()
        for i, e in enumerate(ids)
    ]
    if rows:
        connection.execute(insert(t.group_entries), rows)
    for group_id in sorted(stored.keys() | wanted.keys()):
        before, after = stored.get(group_id, []), wanted.get(group_id, [])
        for entry_id in after:
            if entry_id not in before:
                audit.event("entry_added", group_id, entry_id)
        for entry_id in before:
            if entry_id not in after:
                audit.event("entry_removed", group_id, entry_id)
        if before != after:
            audit.event("order_changed", group_id, old=_ids(before), new=_ids(after))
    return True


def write_items(
    spec: Spec, audit: AuditContext, record: CaseRecord, old: dict[ItemKey, str]
) -> bool:
    """Record the values that changed, each with its audit event, and write the cohort
    index's difference (`case_items`: a row deleted by its whole key, the old value's, and
    the new one inserted); True when any value changed."""
    connection, item, case_id = audit.connection, t.case_items.c, audit.case_id
    new = record.items()
    codes = field_codes.ensure(connection, {(g, f) for g, _e, f in new.keys() | old.keys()})
    gone: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []

    def row(key: ItemKey, value: str) -> dict[str, Any]:
        return {"case_id": case_id, "field_code": codes[(key[0], key[2])], "entry_id": key[1],
                "value_text": t.indexed_text(value)}  # fmt: skip

    def drop(key: ItemKey, value: str) -> None:
        gone.append(row(key, value))
        if t.indexed_text(value) != value:  # a long text an outside write left whole
            gone.append({**row(key, value), "value_text": value})

    changed = False
    for key in sorted(old.keys() - new.keys()):
        drop(key, old[key])
        audit.event("value_removed", *key, old=old[key])
        changed = True
    for key, value in sorted(new.items()):
        previous = old.get(key)
        if previous == value:
            continue
        changed = True
        if previous is None:
            audit.event("value_added", *key, new=value)
        else:
            audit.event("value_changed", *key, old=previous, new=value)
            drop(key, previous)
        inserts.append({**row(key, value), "value_num": item_number(spec, key, value)})
    if gone:
        connection.execute(
            delete(t.case_items).where(
                item.field_code == bindparam("b_code"), item.value_text == bindparam("b_text"),
                item.case_id == bindparam("b_case"), item.entry_id == bindparam("b_entry"),
            ),
            [{"b_code": r["field_code"], "b_text": r["value_text"], "b_case": r["case_id"],
              "b_entry": r["entry_id"]} for r in gone],
        )  # fmt: skip
    if inserts:
        connection.execute(insert(t.case_items), inserts)
    return changed


def _ids(entry_ids: list[int]) -> str:
    return ORDER_SEPARATOR.join(str(i) for i in entry_ids)
