"""Drafts: unsaved edits kept on disk, beside (not in) the database, so that they survive a
crash, a full disk for the database, a read-only database file or a lock held elsewhere.

One JSON file per open case, written atomically (temporary file, fsync, rename). A draft
names the case (or "new-…" for a case never saved) and the version it started from.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.record import CaseRecord


@dataclass(frozen=True)
class Draft:
    key: str
    record: CaseRecord
    saved_at: str


def draft_key(record: CaseRecord) -> str:
    return f"case-{record.case_id}" if record.case_id is not None else f"new-{uuid.uuid4().hex}"


class DraftStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_database(cls, data_dir: Path, database: str | Path) -> DraftStore:
        """Drafts of one database live in their own folder, never mixed with another's."""
        tag = hashlib.sha256(str(database).encode()).hexdigest()[:12]
        return cls(data_dir / "drafts" / tag)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def save(self, key: str, record: CaseRecord) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "key": key,
            "case_id": record.case_id,
            "row_version": record.row_version,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "record": json.loads(record.to_json()),
        }
        target = self._path(key)
        partial = target.with_suffix(".partial")
        try:
            with partial.open("w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            partial.replace(target)
        except OSError:
            partial.unlink(missing_ok=True)  # half a draft on a full disk is no draft
            raise

    def load(self, key: str) -> Draft | None:
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        record = CaseRecord.from_json(json.dumps(data["record"]))
        record.case_id = data.get("case_id")
        record.row_version = int(data.get("row_version", 0))
        return Draft(key, record, str(data.get("saved_at", "")))

    def discard(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def pending(self) -> list[Draft]:
        """Every draft left behind, oldest first."""
        if not self.folder.is_dir():
            return []
        drafts = [self.load(p.stem) for p in sorted(self.folder.glob("*.json"))]
        return sorted((d for d in drafts if d), key=lambda d: d.saved_at)


def keep_after_failed_save(drafts: DraftStore | None, key: str, record: CaseRecord) -> str:
    """After a save that failed: write the draft now, and the sentence that says truly where
    the edits are (a message must never promise a draft that a full disk did not let us
    write)."""
    if drafts is None:
        return "No draft is kept: keep this window open until the case is saved."
    try:
        drafts.save(key, record)
    except OSError as exc:
        why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        return (
            f"No draft could be written either ({why}): keep this window open, free some "
            "space, then save again."
        )
    return f"They are also kept in a draft ({drafts.folder}), offered back if the app closes."
