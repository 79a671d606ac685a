"""REDCap's import CSV and CDISC ODM from a store, for `case-abstractor export` and
File ▸ Export… alike (exchange/export.py's `export_records` sends them here): the same
cases, de-identification, progress and whole-or-nothing writing as every other format.

ODM carries the audit: of each event the writer is handed only what it writes (which item
the event set, how, when, who and why). The other keys of an audit event are never passed:
the login the server saw (`server_login`, PostgreSQL), the workstation account (`os_user`)
name people, and the old and new values hold identifiers as they were. In a de-identified
file the who and the why are blanked too (odm.py's writer also refuses to write them there);
the when stays: it is the save's, not the patient's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from desktop_app.exchange.odm import AuditTrail, write_odm
from desktop_app.exchange.redcap import write_data
from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore

INTERCHANGE_FORMATS = ("redcap", "odm")
# What odm.py reads of an audit event: which item it set and how (last_changes), when
# (DateTimeStamp), who (UserRef) and why (ReasonForChange).
AUDIT_KEYS = ("action", "group_id", "entry_id", "field_id", "at_utc", "user_name", "reason")
PERSONAL_AUDIT_KEYS = ("user_name", "reason")  # blanked in a de-identified file


def audit_for_odm(trail: Iterable[dict[str, Any]], deidentified: bool) -> AuditTrail:
    """The events as the ODM writer is to see them: its keys only, without the who and the
    why when de-identified."""
    kept: AuditTrail = []
    for event in trail:
        narrowed = {key: event.get(key) for key in AUDIT_KEYS}
        if deidentified:
            narrowed.update(dict.fromkeys(PERSONAL_AUDIT_KEYS, ""))
        kept.append(narrowed)
    return kept


def write_interchange(store: CaseStore, records: Iterable[CaseRecord], path: Path, fmt: str,
                      deidentified: bool) -> int:  # fmt: skip
    """Write `records` (already de-identified when `deidentified`) as REDCap's import CSV
    or ODM with each case's audit; returns the number of cases."""
    if fmt == "redcap":
        return write_data(store.spec, records, path, deidentified)

    def audited() -> Iterator[tuple[CaseRecord, AuditTrail]]:
        for record in records:
            trail = store.audit_trail(record.case_id) if record.case_id is not None else []
            yield record, audit_for_odm(trail, deidentified)

    return write_odm(store.spec, audited(), path, deidentified)
