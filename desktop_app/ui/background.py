"""Work that follows the start in a thread of its own, once the window is up: the full
integrity check of the database file (on a read-only connection) and then, when one is
due, the day's backup. The window stays usable meanwhile; closing it stops the work at its
next step (a stopped backup leaves nothing that counts as a backup; the next start tries
again). Damage found later is handled as at start-up: the registrar is told, nothing more
is written to the file (saves are refused, drafts are kept), and the newest good backup is
offered."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from desktop_app.logs import log
from desktop_app.maintenance_service import MaintenanceService
from desktop_app.store import DamagedDatabase, StoreError
from desktop_app.store.backup import BackupCancelled, Progress
from desktop_app.store.backup import sqlite_path as database_file
from desktop_app.store.engine import allow_writes, refuse_writes
from desktop_app.store.integrity import CheckCancelled
from desktop_app.ui.restore_dialog import confirm_restore

if TYPE_CHECKING:
    from desktop_app.ui.window_parts import CaseWindowBase as MainWindow

STOP_WAIT_SECONDS = 5.0  # a stopped step ends within milliseconds; this is a safety net


@dataclass
class Outcome:
    """What the thread found: damage or a lock (with the backup to offer for damage), or
    the backup it wrote."""

    found: StoreError | None = None
    written: Path | None = None
    failure: str = ""
    stopped: bool = False


class BackgroundWork(QObject):
    finished = Signal(object)  # an Outcome, delivered in the window's thread

    def __init__(self, window: MainWindow, database: Path, check: bool,
                 progress: Progress | None = None, backup_now: bool = False) -> None:  # fmt: skip
        super().__init__(window)
        self.window, self.database, self.check = window, database, check
        self.backup_now = backup_now  # "Back up now": whether or not one is due
        self.service = service_for(window, database)
        self.progress = progress
        self.cancel = threading.Event()
        self.thread = threading.Thread(target=self._run, name="background-check", daemon=True)
        self.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self.thread.start()

    def running(self) -> bool:
        return self.thread.is_alive()

    def stop(self) -> None:
        """Stop the work at its next step and wait for it (milliseconds)."""
        self.cancel.set()
        if self.thread.is_alive():
            self.thread.join(STOP_WAIT_SECONDS)

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

    # ----- back in the window's thread -----------------------------------------------

    def _finished(self, outcome: Outcome) -> None:
        window = self.window
        if isinstance(outcome.found, DamagedDatabase):
            found_damage(window, outcome.found)
        elif outcome.found is not None:  # locked or read-only: said so; nothing restored
            log.warning("background check not done: %s", outcome.found)
            window.statusBar().showMessage(f"Not checked: {outcome.found}", 0)
        elif outcome.written is not None:
            log.info("backup written: %s", outcome.written)
            window.statusBar().showMessage(f"Backup written and verified: {outcome.written}",
                                           8000)  # fmt: skip
        elif outcome.failure:
            log.error("background check or backup failed: %s", outcome.failure)
            window.statusBar().showMessage("Backup failed", 8000)
            QMessageBox.warning(window, "Backup failed", outcome.failure)


def _folder(window: MainWindow) -> Path | None:
    return Path(window.settings.backup_folder) if window.settings.backup_folder else None


def service_for(window: MainWindow, database: Path | None = None) -> MaintenanceService:
    """The maintenance service of the window's database, with the settings' backups folder
    and count, which stops the window's background work before it replaces the file."""
    path = database or database_file(window.store.engine)
    if path is None:
        raise StoreError("Backups and restores are for a database file on this workstation.")
    return MaintenanceService(path, _folder(window), window.settings.backups_to_keep,
                              before_replacing=lambda: stop(window))  # fmt: skip


def start(window: MainWindow, database: Path, check: bool = True,
          progress: Progress | None = None, backup_now: bool = False
          ) -> BackgroundWork:  # fmt: skip
    """The check (unless already done before opening) and the day's backup, in a thread."""
    work = BackgroundWork(window, database, check, progress, backup_now)
    window.context.background_work = work
    work.start()
    return work


def running(window: MainWindow) -> bool:
    work: BackgroundWork | None = getattr(window, "background_work", None)
    return work is not None and work.running()


def stop(window: MainWindow) -> None:
    """At close, and before a restore: stop whatever still runs (the window does not wait
    for a backup; a stopped one leaves nothing that counts as a backup)."""
    work = window.context.background_work
    if work is not None and work.running():
        log.info("background check or backup stopped; the next start tries again")
        work.stop()


def found_damage(window: MainWindow, damaged: DamagedDatabase) -> None:
    """The database was found damaged while open: no more writes, say so, offer the backup."""
    log.error("damaged database found after opening %s: %s", damaged.path, damaged.problems[0])
    refuse_writes(window.store.engine, damaged)
    window.keep_draft()
    window.statusBar().showMessage(
        "The database is damaged: nothing is saved to it (your changes are kept as drafts)", 0
    )
    if damaged.backup is None:
        QMessageBox.critical(window, "Damaged database", f"{damaged}\n\nSaving is turned off; "
                             "what you type is kept as a draft. Close the app and ask for "
                             "help to recover the file.")  # fmt: skip
        return
    service = service_for(window, damaged.path)
    why = f"{damaged}\n\nSaving is turned off; what you type is kept as a draft."
    if confirm_restore(window, why, service.compare(damaged.backup)):
        restore_in_place(window, damaged.backup, damaged.path)


def restore_in_place(window: MainWindow, backup: Path, path: Path) -> None:
    """Put the good backup in place of the damaged file and go on with it; unsaved work
    stays in its draft, offered again when its case is opened."""
    window.keep_draft()
    if window.stack.currentWidget() is window.editor:
        window.editor.set_dirty(False)  # its draft is kept; nothing is lost
    window.store.engine.dispose()
    try:
        kept = service_for(window, path).restore(backup)
    except (OSError, StoreError) as exc:
        log.error("backup not restored: %s", exc)
        QMessageBox.warning(window, "Not restored", f"{exc}\n\nSaving stays turned off.")
        return
    allow_writes(window.store.engine)
    log.info("backup %s restored in place of the damaged database (kept as %s)", backup.name,
             kept)  # fmt: skip
    window.close_case()
    window.statusBar().showMessage(
        f"Restored {backup}; the damaged file is kept as {kept}. Unsaved changes are offered "
        "again when their case is opened",
        0,
    )
    window.offer_new_case_drafts()
