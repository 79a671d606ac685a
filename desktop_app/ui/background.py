"""Work that follows the start in a thread of its own, once the window is up: the full
integrity check of the database file (on a read-only connection) and then, when one is
due, the day's backup. The window stays usable meanwhile; closing it stops the work at its
next step (a stopped backup leaves nothing that counts as a backup; the next start tries
again). Damage found later is handled as at start-up: the registrar is told, nothing more
is written to the file (saves are refused, drafts are kept), and the newest good backup is
offered."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.logs import log
from desktop_app.maintenance_service import MaintenanceService
from desktop_app.settings import Settings
from desktop_app.store import CaseStore, DamagedDatabase, StoreError
from desktop_app.store.backup import BackupCancelled, Progress
from desktop_app.store.backup import sqlite_path as database_file
from desktop_app.store.engine import allow_writes, refuse_writes
from desktop_app.store.integrity import CheckCancelled
from desktop_app.ui.thread_work import ThreadWork

Say = Callable[[str, int], None]  # a message for the status bar, and for how long (ms; 0: kept)


class OpenCaseKeeper(Protocol):
    """What the safety work asks of the open case (the main window does it)."""

    def keep_draft(self) -> None:
        """Write its unsaved state where a crash cannot take it."""

    def set_aside_as_draft(self) -> None:
        """Keep its unsaved state as a draft, which no longer counts as unsaved."""

    def close_case(self) -> None: ...

    def offer_new_case_drafts(self) -> None: ...


@dataclass
class Outcome:
    """What the thread found: damage or a lock (with the backup to offer for damage), or
    the backup it wrote."""

    found: StoreError | None = None
    written: Path | None = None
    failure: str = ""
    stopped: bool = False


class BackgroundWork(ThreadWork):
    finished = Signal(object)  # an Outcome, delivered in the GUI thread

    def __init__(self, parent: QObject, service: MaintenanceService, check: bool,
                 progress: Progress | None = None, backup_now: bool = False) -> None:  # fmt: skip
        super().__init__(parent, "background-check")
        self.service, self.check = service, check
        self.backup_now = backup_now  # "Back up now": whether or not one is due
        self.progress = progress

    # ----- in the thread -------------------------------------------------------------

    def _run(self) -> None:
        outcome = Outcome()
        try:
            self._work(outcome)
        except (CheckCancelled, BackupCancelled):
            outcome.stopped = True
        except Exception as exc:  # sqlite3 errors too: reported in the window, never lost
            outcome.failure = str(exc) or type(exc).__name__
        if not self.cancel.is_set():
            with contextlib.suppress(RuntimeError):  # the window is gone
                self.finished.emit(outcome)

    def _work(self, outcome: Outcome) -> None:
        if self.check:
            outcome.found = self.service.full_check(cancel=self.cancel)
            if self.cancel.is_set():
                raise CheckCancelled()
            if outcome.found is not None:
                return
        if self.backup_now or self.service.backup_due():
            outcome.written = self.service.back_up(cancel=self.cancel, progress=self.progress)


class Maintenance(QObject):
    """The open database's safety work as the window sees it: the check and the day's
    backup in a thread, what damage found later does, and the maintenance service with the
    settings' backups folder and count. It is given what it uses, not the window: the store,
    the settings (read when needed: they may change), the open case (`OpenCaseKeeper`), a
    status line and the widget its dialogs belong to."""

    def __init__(self, store: CaseStore, settings: Callable[[], Settings], case: OpenCaseKeeper,
                 say: Say, parent: QWidget) -> None:  # fmt: skip
        super().__init__(parent)
        self.store, self.settings, self.case, self.say = store, settings, case, say
        self.parent_widget = parent
        self.work: BackgroundWork | None = None

    def service(self, database: Path | None = None) -> MaintenanceService:
        """The maintenance service of the database, with the settings' backups folder and
        count, which stops the background work before it replaces the file."""
        path = database or database_file(self.store.engine)
        if path is None:
            raise StoreError("Backups and restores are for a database file on this workstation.")
        settings = self.settings()
        folder = Path(settings.backup_folder) if settings.backup_folder else None
        return MaintenanceService(path, folder, settings.backups_to_keep,
                                  before_replacing=self.stop)  # fmt: skip

    def start(self, database: Path, check: bool = True, progress: Progress | None = None,
              backup_now: bool = False) -> BackgroundWork:  # fmt: skip
        """The check (unless already done before opening) and the day's backup, in a thread."""
        work = BackgroundWork(self, self.service(database), check, progress, backup_now)
        work.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.work = work
        work.start()
        return work

    def running(self) -> bool:
        return self.work is not None and self.work.running()

    def stop(self) -> None:
        """At close, and before a restore: stop whatever still runs (the window does not wait
        for a backup; a stopped one leaves nothing that counts as a backup)."""
        if self.work is not None and self.work.running():
            log.info("background check or backup stopped; the next start tries again")
            self.work.stop()

    def _finished(self, outcome: Outcome) -> None:
        if isinstance(outcome.found, DamagedDatabase):
            self.found_damage(outcome.found)
        elif outcome.found is not None:  # locked or read-only: said so; nothing restored
            log.warning("background check not done: %s", outcome.found)
            self.say(f"Not checked: {outcome.found}", 0)
        elif outcome.written is not None:
            log.info("backup written: %s", outcome.written)
            self.say(f"Backup written and verified: {outcome.written}", 8000)
        elif outcome.failure:
            log.error("background check or backup failed: %s", outcome.failure)
            self.say("Backup failed", 8000)
            QMessageBox.warning(self.parent_widget, "Backup failed", outcome.failure)

    def found_damage(self, damaged: DamagedDatabase) -> None:
        """The database was found damaged while open: no more writes, say so, offer the
        backup."""
        log.error("damaged database found after opening %s: %s", damaged.path,
                  damaged.problems[0])  # fmt: skip
        refuse_writes(self.store.engine, damaged)
        self.case.keep_draft()
        self.say("The database is damaged: nothing is saved to it (your changes are kept as "
                 "drafts)", 0)  # fmt: skip
        if damaged.backup is None:
            QMessageBox.critical(self.parent_widget, "Damaged database",
                                 f"{damaged}\n\nSaving is turned off; what you type is kept as "
                                 "a draft. Close the app and ask for help to recover the file.",
                                 )  # fmt: skip
            return
        service = self.service(damaged.path)
        why = f"{damaged}\n\nSaving is turned off; what you type is kept as a draft."
        from desktop_app.ui.restore_dialog import confirm_restore  # only once damaged

        if confirm_restore(self.parent_widget, why, service.compare(damaged.backup)):
            self.restore_in_place(damaged.backup, damaged.path)

    def restore_in_place(self, backup: Path, path: Path) -> None:
        """Put the good backup in place of the damaged file and go on with it; unsaved work
        stays in its draft, offered again when its case is opened."""
        self.case.set_aside_as_draft()
        self.store.engine.dispose()
        try:
            kept = self.service(path).restore(backup)
        except (OSError, StoreError) as exc:
            log.error("backup not restored: %s", exc)
            QMessageBox.warning(self.parent_widget, "Not restored",
                                f"{exc}\n\nSaving stays turned off.")  # fmt: skip
            return
        allow_writes(self.store.engine)
        log.info("backup %s restored in place of the damaged database (kept as %s)",
                 backup.name, kept)  # fmt: skip
        self.case.close_case()
        self.say(f"Restored {backup}; the damaged file is kept as {kept}. Unsaved changes are "
                 "offered again when their case is opened", 0)  # fmt: skip
        self.case.offer_new_case_drafts()
