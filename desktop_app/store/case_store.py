"""CaseStore: create, list, load and save cases; every value change is audited.

A case is stored as one `cases` row (with the case-list summary), one `group_entries` row
per repeating-group entry (its stable id and position) and one `case_items` row per value.
A save writes only what changed, and the audit rows for it, in one transaction, guarded
by the row version (optimistic locking): a save based on an older version is refused.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from desktop_app.record import CaseRecord, ItemKey
from desktop_app.rules.validation import check_record
from desktop_app.rules.values import number_of
from desktop_app.spec.model import Spec
from desktop_app.store import tables as t
from desktop_app.store.engine import make_engine
from desktop_app.store.migrate import upgrade


class StoreError(Exception):
    """A save or load that could not be done; the message is for the registrar."""


class ConflictError(StoreError):
    """Someone else saved the case since it was loaded."""

    def __init__(self, case_id: int, expected: int, found: int | None) -> None:
        self.case_id, self.expected, self.found = case_id, expected, found
        super().__init__(
            f"Case {case_id} was changed by someone else since you opened it "
            f"(version {expected}, now {found}). Reload it and apply your changes again."
        )


@dataclass(frozen=True)
class CaseSummary:
    case_id: int
    case_number: str
    title: str
    age: int | None
    sex: str
    site: str
    diagnosis: str
    icdo3: str
    status: str
    problem_count: int
    updated_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except OSError:
        return ""


class CaseStore:
    def __init__(self, engine: Engine, spec: Spec) -> None:
        self.engine = engine
        self.spec = spec

    @classmethod
    def open(cls, target: str | Path, spec: Spec) -> CaseStore:
        """Open (creating and migrating as needed) the database at a path or URL."""
        engine = make_engine(target)
        upgrade(engine)
        return cls(engine, spec)

    def close(self) -> None:
        self.engine.dispose()

    # ----- reading -------------------------------------------------------------------

    def list_cases(self, search: str = "") -> list[CaseSummary]:
        query = select(t.cases).where(t.cases.c.status != "removed")
        if search.strip():
            like = f"%{search.strip().lower()}%"
            columns = (t.cases.c.case_number, t.cases.c.title, t.cases.c.site,
                       t.cases.c.diagnosis, t.cases.c.icdo3)  # fmt: skip
            query = query.where(or_(*(func.lower(c).like(like) for c in columns)))
        query = query.order_by(t.cases.c.case_number)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [self._summary(row) for row in rows]

    @staticmethod
    def _summary(row: Any) -> CaseSummary:
        return CaseSummary(
            case_id=row["id"], case_number=row["case_number"], title=row["title"],
            age=row["age"], sex=row["sex"], site=row["site"], diagnosis=row["diagnosis"],
            icdo3=row["icdo3"], status=row["status"], problem_count=row["problem_count"],
            updated_at=row["updated_at"],
        )  # fmt: skip

    def find(self, case_number: str) -> int | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(t.cases.c.id).where(t.cases.c.case_number == case_number)
            ).scalar_one_or_none()

    def load(self, case_id: int) -> CaseRecord:
        with self.engine.connect() as connection:
            head = connection.execute(
                select(t.cases).where(t.cases.c.id == case_id)
            ).mappings().one_or_none()  # fmt: skip
            if head is None:
                raise StoreError(f"There is no case {case_id} in this database.")
            entries = connection.execute(
                select(t.group_entries.c.group_id, t.group_entries.c.entry_id)
                .where(t.group_entries.c.case_id == case_id)
                .order_by(t.group_entries.c.group_id, t.group_entries.c.position)
            ).all()
            items = self._items(connection, case_id)
        order: dict[str, list[int]] = {}
        for group_id, entry_id in entries:
            order.setdefault(group_id, []).append(entry_id)
        return CaseRecord.from_items(
            items, order, case_id=case_id, status=head["status"],
            row_version=head["row_version"], next_entry_id=head["next_entry_id"],
        )  # fmt: skip

    @staticmethod
    def _items(connection: Any, case_id: int) -> dict[ItemKey, str]:
        rows = connection.execute(
            select(t.case_items.c.group_id, t.case_items.c.entry_id,
                   t.case_items.c.field_id, t.case_items.c.value_text)
            .where(t.case_items.c.case_id == case_id)
        ).all()  # fmt: skip
        return {(g, e, f): v for g, e, f, v in rows}

    # ----- writing -------------------------------------------------------------------

    def save(self, record: CaseRecord, user: str = "", reason: str = "") -> CaseRecord:
        """Store `record`; returns it with its id and new row version. Raises ConflictError
        when the case changed since `record.row_version`, StoreError for a taken number."""
        number_field = self.spec.summary_field("case_number")
        problems = check_record(self.spec, record)
        now, os_user = _now(), _os_user()
        who = user or os_user
        try:
            with self.engine.begin() as connection:
                if record.case_id is None:
                    inserted = connection.execute(
                        insert(t.cases).values(
                            case_number=f"new-{now}-{id(record)}", status=record.status,
                            form_version=self.spec.version, row_version=0,
                            next_entry_id=record.next_entry_id, problem_count=0,
                            created_by=who, created_at=now, updated_by=who, updated_at=now,
                            title="", sex="", site="", diagnosis="", icdo3="",
                        )
                    ).inserted_primary_key  # fmt: skip
                    assert inserted is not None
                    case_id = int(inserted[0])
                    self._audit(connection, case_id, who, os_user, now, "case_created",
                                "", 0, "", None, None, reason)  # fmt: skip
                    record.case_id = case_id
                if number_field is not None and not record.values.get(number_field.id):
                    record.values[number_field.id] = f"C{record.case_id:06d}"
                self._bump_version(connection, record, who, now, len(problems))
                old = self._items(connection, record.case_id)
                self._write_entries(connection, record, who, os_user, now, reason)
                self._write_items(connection, record, old, who, os_user, now, reason)
        except IntegrityError as exc:
            if record.row_version == 0:
                record.case_id = None
            number = record.values.get(number_field.id, "") if number_field else ""
            raise StoreError(
                f"The case number '{number}' is already used by another case."
            ) from exc
        record.row_version += 1
        return record

    def _bump_version(
        self, connection: Any, record: CaseRecord, who: str, now: str, problems: int
    ) -> None:
        assert record.case_id is not None
        summary = self._summary_values(record)
        result = connection.execute(
            update(t.cases)
            .where(and_(t.cases.c.id == record.case_id,
                        t.cases.c.row_version == record.row_version))
            .values(row_version=t.cases.c.row_version + 1, updated_by=who, updated_at=now,
                    status=record.status, next_entry_id=record.next_entry_id,
                    problem_count=problems, form_version=self.spec.version, **summary)
        )  # fmt: skip
        if result.rowcount != 1:
            found = connection.execute(
                select(t.cases.c.row_version).where(t.cases.c.id == record.case_id)
            ).scalar_one_or_none()
            raise ConflictError(record.case_id, record.row_version, found)

    def _summary_values(self, record: CaseRecord) -> dict[str, Any]:
        """The case-list columns, from the fields whose `summary` names them; codes are
        stored as their labels (the ICD-O-3 code keeps a column of its own)."""
        out: dict[str, Any] = {}
        for column in ("case_number", "title", "age", "sex", "site", "diagnosis"):
            field = self.spec.summary_field(column)
            value = record.values.get(field.id, "") if field else ""
            if column == "age":
                out["age"] = int(value) if value.lstrip("-").isdigit() else None
                continue
            if column == "diagnosis":
                out["icdo3"] = value
            if field is not None and field.vocabulary:
                value = self.spec.vocabulary(field.vocabulary).label_of(value) if value else ""
            out[column] = value
        return out

    def _write_entries(
        self, connection: Any, record: CaseRecord, who: str, os_user: str, now: str, reason: str
    ) -> None:
        old = {
            (g, e)
            for g, e in connection.execute(
                select(t.group_entries.c.group_id, t.group_entries.c.entry_id).where(
                    t.group_entries.c.case_id == record.case_id
                )
            )
        }
        connection.execute(
            delete(t.group_entries).where(t.group_entries.c.case_id == record.case_id)
        )
        rows: list[dict[str, Any]] = [
            {"case_id": record.case_id, "group_id": g, "entry_id": e, "position": i}
            for g, ids in record.entry_order().items()
            for i, e in enumerate(ids)
        ]
        if rows:
            connection.execute(insert(t.group_entries), rows)
        new = {(r["group_id"], r["entry_id"]) for r in rows}
        assert record.case_id is not None
        for g, e in sorted(new - old):
            self._audit(connection, record.case_id, who, os_user, now, "entry_added",
                        g, e, "", None, None, reason)  # fmt: skip
        for g, e in sorted(old - new):
            self._audit(connection, record.case_id, who, os_user, now, "entry_removed",
                        g, e, "", None, None, reason)  # fmt: skip

    def _write_items(
        self,
        connection: Any,
        record: CaseRecord,
        old: dict[ItemKey, str],
        who: str,
        os_user: str,
        now: str,
        reason: str,
    ) -> None:
        assert record.case_id is not None
        case_id = record.case_id
        new = record.items()
        item = t.case_items.c
        for key in sorted(old.keys() - new.keys()):
            connection.execute(
                delete(t.case_items).where(and_(item.case_id == case_id, item.group_id == key[0],
                                                item.entry_id == key[1], item.field_id == key[2]))
            )  # fmt: skip
            self._audit(connection, case_id, who, os_user, now, "value_removed", *key,
                        old[key], None, reason)  # fmt: skip
        inserts = []
        for key, value in sorted(new.items()):
            previous = old.get(key)
            if previous == value:
                continue
            number = self._number(key, value)
            if previous is None:
                inserts.append(
                    {
                        "case_id": case_id,
                        "group_id": key[0],
                        "entry_id": key[1],
                        "field_id": key[2],
                        "value_text": value,
                        "value_num": number,
                    }
                )
                action = "value_added"
            else:
                connection.execute(
                    update(t.case_items)
                    .where(
                        and_(
                            item.case_id == case_id,
                            item.group_id == key[0],
                            item.entry_id == key[1],
                            item.field_id == key[2],
                        )
                    )
                    .values(value_text=value, value_num=number)
                )
                action = "value_changed"
            self._audit(connection, case_id, who, os_user, now, action, *key, previous, value,
                        reason)  # fmt: skip
        if inserts:
            connection.execute(insert(t.case_items), inserts)

    def _number(self, key: ItemKey, value: str) -> float | None:
        try:
            field = self.spec.field(key[0], key[2])
        except KeyError:
            return None  # a value of a field no longer in the specification is kept as text
        try:
            return number_of(field, value)
        except ArithmeticError:
            return None

    @staticmethod
    def _audit(
        connection: Any, case_id: int, who: str, os_user: str, now: str, action: str,
        group_id: str, entry_id: int, field_id: str, old: str | None, new: str | None,
        reason: str,
    ) -> None:  # fmt: skip
        connection.execute(
            insert(t.audit_events).values(
                case_id=case_id, at_utc=now, user_name=who, os_user=os_user, action=action,
                group_id=group_id, entry_id=entry_id, field_id=field_id, old_value=old,
                new_value=new, reason=reason,
            )
        )  # fmt: skip

    def audit_trail(self, case_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(t.audit_events).where(t.audit_events.c.case_id == case_id)
                .order_by(t.audit_events.c.id)
            ).mappings().all()  # fmt: skip
        return [dict(r) for r in rows]
