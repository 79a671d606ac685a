"""CaseStore: create, list, load and save cases; every value change is audited.

A case is stored as one `cases` row (with the case-list summary), one `group_entries` row
per repeating-group entry (its stable id and position), its values in its audit events
(read back as their last version: store/audit.py) and one row per value in the cohort
index `case_items` (a long value's row without its text: 0010).
A save writes only what changed, and the audit rows for it, in one transaction, guarded
by the row version (optimistic locking): a save based on an older version is refused
(store/save_path.py writes one case).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from desktop_app.record import CaseRecord, ItemKey
from desktop_app.spec.model import Spec
from desktop_app.store import (
    bulk_load,
    field_codes,
    long_pages,
    save_path,
    search_index,
    search_plan,
)
from desktop_app.store import tables as t
from desktop_app.store.audit import AuditContext, audit_trail, replay
from desktop_app.store.backup import check_before_opening
from desktop_app.store.derived_cache import refresh_if_stale
from desktop_app.store.engine import make_engine
from desktop_app.store.errors import (
    ReasonRequired,
    StoreError,
    explain_write_error,
)
from desktop_app.store.long_values import long_matches, needs_any
from desktop_app.store.meta import Progress
from desktop_app.store.migrate import NewerSchema, upgrade
from desktop_app.store.pg_audit import mark_app_save
from desktop_app.store.queries import (
    CaseFilter,
    Condition,
    common_cohort,
    conditions_from_json,
    conditions_to_json,
    count_query,
    filter_clause,
    list_query,
    position_query,
    search_words,
)
from desktop_app.store.save_undo import Kept
from desktop_app.user_name import os_user_name

LOCKED_STATUSES = ("complete", "locked")


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
    return os_user_name()


class CaseStore:
    def __init__(self, engine: Engine, spec: Spec) -> None:
        self.engine = engine
        self.spec = spec
        self._common: dict[tuple[Any, ...], Any] = {}  # search words, a cohort: probed; long

    @classmethod
    def open(cls, target: str | Path, spec: Spec, progress: Progress | None = None) -> CaseStore:
        """Open (creating and migrating as needed) the database at a path or URL. A damaged
        SQLite file raises DamagedDatabase before anything is written to it. When this
        release stores derived values or search rows differently, every case's are made
        again here, and `progress(what, done, total)` follows it (see store.meta.Progress)."""
        check_before_opening(target)
        engine = make_engine(target)
        try:
            upgrade(engine, progress)
        except NewerSchema as exc:
            engine.dispose()
            raise StoreError(str(exc)) from exc
        except OperationalError as exc:
            engine.dispose()
            raise StoreError(f"The database {target} cannot be opened: {exc.orig}") from exc
        except ProgrammingError as exc:  # a registrar's role on a server may not migrate
            engine.dispose()
            raise StoreError(
                f"The database {target} needs its tables upgraded for this release, and this "
                "login may not change them. Whoever owns the database on the server runs "
                "`case-abstractor list --db …` once as the owner (see the README's "
                f"shared-server section). ({exc.orig})"
            ) from exc
        store = cls(engine, spec)
        field_codes.give_spec_codes(engine, spec)
        refresh_if_stale(engine, spec, store._load, progress)
        search_index.refresh_if_stale(engine, spec, progress)
        return store

    def close(self) -> None:
        self.engine.dispose()

    # ----- reading -------------------------------------------------------------------

    def list_cases(self, search: str = "", removed: bool = False) -> list[CaseSummary]:
        """The cases in the list (or, with removed=True, only the removed ones)."""
        return self.find_cases(CaseFilter(text=search, removed=removed))

    def find_cases(
        self,
        chosen: CaseFilter,
        sort: str = "case_number",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[CaseSummary]:
        """One page of the cases that meet a filter (and cohort conditions), sorted."""
        with self.engine.connect() as connection:
            probe = self._probe(connection, chosen)
            if limit is not None and needs_any(self.spec, chosen.conditions):
                page = long_pages.page(connection, self.spec, chosen, sort, descending,
                                       offset, limit, probe)  # fmt: skip
                return [self._summary(row) for row in page]
            found = self._long_matches(connection, chosen)
            query = list_query(self.spec, chosen, sort, descending, probe,
                               self._probe_cohort(connection, chosen, found),
                               found).offset(offset)  # fmt: skip
            if limit is not None:
                query = query.limit(limit)
            rows = connection.execute(query).mappings().all()
        return [self._summary(row) for row in rows]

    def position(
        self, chosen: CaseFilter, case_id: int, sort: str = "case_number", descending: bool = False
    ) -> int | None:
        """Where a case stands in find_cases' order (None when the filter leaves it out)."""
        with self.engine.connect() as connection:
            found = self._long_matches(connection, chosen)
            query = position_query(self.spec, chosen, case_id, sort, descending, found)
            place = connection.execute(query).scalar_one_or_none()
        return None if place is None else int(place)

    def count_cases(self, chosen: CaseFilter, cap: int | None = None) -> int:
        """How many cases meet the filter; with a cap, at most cap + 1 (then: "cap+")."""
        with self.engine.connect() as connection:
            words = search_words(chosen)
            if cap is not None and needs_any(self.spec, chosen.conditions):  # to the cap
                probe = self._probe(connection, chosen)
                return long_pages.count(connection, self.spec, chosen, cap, probe)
            found = self._long_matches(connection, chosen)
            if (
                cap is not None
                and words
                and not chosen.include_identifiers
                and (connection.dialect.name == "sqlite")
            ):  # the index's matches, one by one, until the cap
                others = filter_clause(self.spec, replace(chosen, text=""), probe_cohort=True,
                                       found=found)  # fmt: skip
                query = search_plan.streamed_count(words, others, cap)
            else:
                # an exact count reads every case of the cohort: gathered, not probed
                probed = cap is not None and self._probe_cohort(connection, chosen, found)
                query = count_query(self.spec, chosen, self._probe(connection, chosen), cap,
                                    probed, found)  # fmt: skip
            return int(connection.execute(query).scalar() or 0)

    def _long_matches(self, connection: Any, chosen: CaseFilter) -> dict[Any, Any]:
        """The long values meeting the cohort's conditions (store/long_values.py), kept
        until the audit has a new event (any save): a count and its page, and the pages
        after, read them once. (On a shared server an event committed after a later one
        leaves the newest id as it was: kept until the next save then.)"""
        if not needs_any(self.spec, chosen.conditions):
            return {}
        mark = connection.execute(select(func.max(t.audit_events.c.id))).scalar()
        key = ("long", chosen.conditions, mark)
        if key not in self._common:
            if len(self._common) > 256:
                self._common.clear()
            self._common[key] = long_matches(connection, self.spec, chosen.conditions)
        found: dict[Any, Any] = self._common[key]
        return found

    def _probe(self, connection: Any, chosen: CaseFilter) -> bool:
        """Whether the search words are common enough to read the list in its order, each
        case tested through the index (remembered per words: it only chooses the plan)."""
        words = tuple(search_words(chosen))
        if not words:
            return False
        if words not in self._common:
            if len(self._common) > 256:
                self._common.clear()
            self._common[words] = search_plan.common(connection, list(words))
        return self._common[words]

    def _probe_cohort(self, connection: Any, chosen: CaseFilter,
                      found: dict[Any, Any] | None = None) -> bool:  # fmt: skip
        """Whether the cohort's conditions are tested case by case: with search words (a
        few cases, or a page read in order), or a cohort common enough (remembered)."""
        if not chosen.conditions:
            return False
        if search_words(chosen):
            return True
        key = ("cohort", chosen.conditions)
        if key not in self._common:
            if len(self._common) > 256:
                self._common.clear()
            self._common[key] = common_cohort(connection, self.spec, chosen.conditions, found)
        return self._common[key]

    def match_places(self, case_id: int, chosen: CaseFilter) -> list[str]:
        """Where a case holds the search words ("IHC result CD34"), for the list to say."""
        with self.engine.connect() as connection:
            return search_index.places(connection, self.spec, case_id, search_words(chosen),
                                       chosen.include_identifiers)  # fmt: skip

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
            return self._load(case_id, connection)

    def _load(self, case_id: int, connection: Any) -> CaseRecord:
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

    def load_many(self, case_ids: Sequence[int]) -> Iterator[CaseRecord]:
        """The cases of `case_ids` in that order, read a few hundred per query (exports)."""
        return bulk_load.load_many(self.engine, case_ids)

    @staticmethod
    def _items(connection: Any, case_id: int) -> dict[ItemKey, str]:
        return save_path.stored_items(connection, case_id)

    # ----- writing -------------------------------------------------------------------

    def save(self, record: CaseRecord, user: str = "", reason: str = "") -> CaseRecord:
        """Store `record`; returns it with its id and new row version. Raises ConflictError
        when the case changed since `record.row_version`, ReasonRequired for a change to a
        complete case without a reason, StoreError for a taken number or a write failure.
        A save that fails leaves `record` as it was given."""
        return self.save_many([record], user, reason)[0]

    def save_many(
        self, records: Sequence[CaseRecord], user: str = "", reason: str = ""
    ) -> list[CaseRecord]:
        """Store several cases in one transaction: all of them, or (on any failure, a kill or
        a full disk) none, with every record left as it was given. Raises as `save`."""
        records = list(records)
        number_field = self.spec.summary_field("case_number")
        kept = [Kept.of(record, number_field) for record in records]
        current: CaseRecord | None = None
        stored = False
        try:
            with self.engine.begin() as connection:
                mark_app_save(connection)  # audited here: not again by the server's triggers
                for record in records:
                    current = record
                    self._write_case(connection, record, user, reason)
            stored = True
        except IntegrityError as exc:
            number = current.values.get(number_field.id, "") if current and number_field else ""
            raise StoreError(
                f"The case number '{number}' is already used by another case."
            ) from exc
        except OperationalError as exc:
            raise StoreError(explain_write_error(exc)) from exc
        finally:
            if not stored:
                for record, before in zip(records, kept, strict=True):
                    before.put_back(record)
        for record in records:
            record.row_version += 1
        return records

    def _write_case(self, connection: Any, record: CaseRecord, user: str, reason: str) -> None:
        """One case's save inside the caller's transaction (store/save_path.py)."""
        audit = self._context(connection, record.case_id or 0, user, reason)
        save_path.write_case(connection, self.spec, record, audit, reason)

    def _context(self, connection: Any, case_id: int, user: str, reason: str) -> AuditContext:
        os_user = _os_user()
        return AuditContext(connection, case_id, user or os_user, os_user, _now(), reason)

    def _summary_values(self, record: CaseRecord) -> dict[str, Any]:
        """The case-list columns (the benchmark's bulk writer writes them as a save does)."""
        return save_path.summary_values(self.spec, record)

    def set_removed(self, case_id: int, removed: bool, reason: str, user: str = "") -> None:
        """Soft removal (hidden from the list, kept with its history) or its undoing."""
        if removed and not reason.strip():
            raise ReasonRequired()
        with self.engine.begin() as connection:
            mark_app_save(connection)
            status = connection.execute(
                select(t.cases.c.status).where(t.cases.c.id == case_id)
            ).scalar_one_or_none()
            if status is None:
                raise StoreError(f"There is no case {case_id} in this database.")
            if (status == "removed") == removed:
                return
            previous = self._status_before_removal(connection, case_id) if not removed else ""
            new_status = "removed" if removed else previous or "draft"
            audit = self._context(connection, case_id, user, reason)
            version = connection.execute(
                update(t.cases).where(t.cases.c.id == case_id)
                .values(status=new_status, row_version=t.cases.c.row_version + 1,
                        updated_by=audit.user, updated_at=audit.at_utc)
                .returning(t.cases.c.row_version)
            ).scalar_one()  # fmt: skip
            audit.row_version = version
            audit.event("case_removed" if removed else "case_restored", old=status, new=new_status)
            audit.write()

    @staticmethod
    def _status_before_removal(connection: Any, case_id: int) -> str:
        events = audit_trail(connection, case_id)
        removals = [e for e in events if e["action"] == "case_removed"]
        return str(removals[-1]["old_value"]) if removals else "draft"

    def save_query(self, name: str, conditions: tuple[Condition, ...], user: str = "") -> None:
        """Keep a cohort query under a name (replacing one of the same name)."""
        with self.engine.begin() as connection:
            connection.execute(delete(t.saved_queries).where(t.saved_queries.c.name == name))
            connection.execute(insert(t.saved_queries).values(
                name=name, conditions=conditions_to_json(conditions),
                created_by=user or _os_user(), created_at=_now()))  # fmt: skip

    def saved_queries(self) -> dict[str, tuple[Condition, ...]]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(t.saved_queries.c.name, t.saved_queries.c.conditions)
                .order_by(t.saved_queries.c.name)
            ).all()  # fmt: skip
        return {name: conditions_from_json(text) for name, text in rows}

    def audit_trail(self, case_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return audit_trail(connection, case_id)

    def versions(self, case_id: int) -> dict[int, CaseRecord]:
        """Every saved version of the case, rebuilt from the audit trail."""
        return replay(self.audit_trail(case_id))
