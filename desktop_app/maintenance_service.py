"""One Qt-free service for the open SQLite database's safety work: the check before opening,
the full check, the backup and the restore. The start (ui/launch.py), the background work
(ui/background.py) and the menu (ui/backup_actions.py) all go through it, so that they say
the same things and keep the same promises:

- a file held by another program is "locked" and one that cannot be written "read-only",
  never "damaged", and neither is ever offered a restore;
- a restore never replaces a file without keeping it whole beside (with its -wal and -shm),
  stops any background backup or check first, and is chosen with both files' case counts
  and latest saves in front of the registrar."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.store.backup import (
    Progress,
    backup_due,
    check_before_opening,
    newest_good_backup,
    not_damaged_but,
    restore_backup,
    take_backup,
)
from desktop_app.store.errors import DamagedDatabase, StoreError
from desktop_app.store.integrity import full_problems
from desktop_app.store.maintenance import DatabaseSummary, describe_database


@dataclass(frozen=True)
class RestoreChoice:
    """The two files a registrar chooses between, described without writing to either."""

    current: DatabaseSummary
    backup: DatabaseSummary

    def text(self) -> str:
        return (
            f"Now in use:  {self.current.line()}\n"
            f"The backup:  {self.backup.line()}\n\n"
            f"If you restore, the file now in use is not deleted: it is kept whole (with its "
            f"-wal and -shm) beside it as {self.current.path.stem}-replaced-<date>"
            f"{self.current.path.suffix or '.sqlite'}."
        )


class MaintenanceService:
    def __init__(self, database: Path, folder: Path | None = None, keep: int = 10,
                 before_replacing: Callable[[], None] | None = None) -> None:  # fmt: skip
        self.database, self.folder, self.keep = database, folder, keep
        # Stops whatever still reads or copies the file (a background backup or check).
        self.before_replacing = before_replacing or (lambda: None)

    # ----- checks --------------------------------------------------------------------

    def check_before_opening(self, full: bool = False) -> None:
        """Raise DamagedDatabase (with the newest good backup, the chosen folder's first),
        DatabaseLocked or DatabaseReadOnly; nothing when the file can be opened."""
        try:
            check_before_opening(self.database, full=full)
        except DamagedDatabase as exc:
            raise DamagedDatabase(exc.path, exc.problems, self.good_backup()) from exc

    def full_check(self, cancel: threading.Event | None = None) -> StoreError | None:
        """The check of every page: None when sound, else what it found (damage with the
        backup to offer, or a lock or read-only file system that stopped it)."""
        problems = full_problems(self.database, cancel=cancel)
        if not problems:
            return None
        return self.explain(problems)

    def explain(self, problems: list[str]) -> StoreError:
        lines = [line for p in problems for line in p.splitlines() if not line.startswith("***")]
        found = lines[:1] or problems[:1]
        blocked = not_damaged_but(self.database, problems)
        return blocked or DamagedDatabase(self.database, found, self.good_backup())

    def good_backup(self) -> Path | None:
        """The newest backup that passes the full check: in the chosen folder, else beside
        the database."""
        found = newest_good_backup(self.database, self.folder) if self.folder else None
        return found or newest_good_backup(self.database)

    # ----- backup and restore ----------------------------------------------------------

    def backup_due(self) -> bool:
        return backup_due(self.database, folder=self.folder)

    def back_up(self, cancel: threading.Event | None = None, progress: Progress | None = None
                ) -> Path:  # fmt: skip
        """A verified backup (OSError in words when it cannot be written)."""
        return take_backup(self.database, keep=self.keep, folder=self.folder, cancel=cancel,
                           progress=progress)  # fmt: skip

    def compare(self, backup: Path) -> RestoreChoice:
        return RestoreChoice(describe_database(self.database), describe_database(backup))

    def restore(self, backup: Path) -> Path | None:
        """Stop background work, then put the verified backup in place; the replaced file is
        kept whole beside it, and returned."""
        self.before_replacing()
        return restore_backup(backup, self.database)
