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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from desktop_app.logs import log
from desktop_app.store import DamagedDatabase
from desktop_app.store.backup import (
    BackupCancelled,
    Progress,
    backup_due,
    newest_good_backup,
    restore_backup,
    take_backup,
)
from desktop_app.store.engine import allow_writes, refuse_writes
from desktop_app.store.integrity import CheckCancelled, full_problems

if TYPE_CHECKING:
    from desktop_app.ui.window_parts import CaseWindowBase as MainWindow

STOP_WAIT_SECONDS = 5.0  # a stopped step ends within milliseconds; this is a safety net


@dataclass
class Outcome:
    """What the thread found: damage (with the backup to offer), or the backup it wrote."""

    problems: list[str] = field(default_factory=list)
    good_backup: Path | None = None
    written: Path | None = None
    failure: str = ""
    stopped: bool = False


class BackgroundWork(QObject):
    finished = Signal(object)  # an Outcome, delivered in the window's thread

    def __init__(self, window: MainWindow, database: Path, check: bool,
                 progress: Progress | None = None) -> None:  # fmt: skip
        super().__init__(window)
        self.window, self.database, self.check = window, database, check
        self.backup_folder = _folder(window)
        self.keep = window.settings.backups_to_keep
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
        except Exception as exc:  # reported in the window, never lost in the thread
            outcome.failure = str(exc) or type(exc).__name__
        if not self.cancel.is_set():
            with contextlib.suppress(RuntimeError):  # the window is gone
                self.finished.emit(outcome)

    def _work(self, outcome: Outcome) -> None:
        if self.check:
            outcome.problems = full_problems(self.database, cancel=self.cancel)
            if self.cancel.is_set():
                raise CheckCancelled()
            if outcome.problems:
                outcome.good_backup = newest_good_backup(self.database, self.backup_folder)
                if outcome.good_backup is None and self.backup_folder is not None:
                    outcome.good_backup = newest_good_backup(self.database)
                return
        if backup_due(self.database, folder=self.backup_folder):
            outcome.written = take_backup(self.database, keep=self.keep,
                                          folder=self.backup_folder, cancel=self.cancel,
                                          progress=self.progress)  # fmt: skip

    # ----- back in the window's thread -----------------------------------------------

    def _finished(self, outcome: Outcome) -> None:
        window = self.window
        if outcome.problems:
            found_damage(window, self.database, outcome.problems, outcome.good_backup)
        elif outcome.written is not None:
            log.info("backup written: %s", outcome.written)
            window.statusBar().showMessage(f"Backup written and verified: {outcome.written}",
                                           8000)  # fmt: skip
        elif outcome.failure:
            log.error("background check or backup failed: %s", outcome.failure)
            QMessageBox.warning(window, "Backup failed", outcome.failure)


def _folder(window: MainWindow) -> Path | None:
    return Path(window.settings.backup_folder) if window.settings.backup_folder else None


def start(window: MainWindow, database: Path, check: bool = True,
          progress: Progress | None = None) -> BackgroundWork:  # fmt: skip
    """The check (unless already done before opening) and the day's backup, in a thread."""
    work = BackgroundWork(window, database, check, progress)
    window.context.background_work = work
    work.start()
    return work


def stop(window: MainWindow) -> None:
    """At close: stop whatever still runs; the window does not wait for a backup."""
    work = window.context.background_work
    if work is not None and work.running():
        log.info("background check or backup stopped at close; the next start tries again")
        work.stop()


def found_damage(window: MainWindow, path: Path, problems: list[str],
                 backup: Path | None) -> None:  # fmt: skip
    """The database was found damaged while open: no more writes, say so, offer the backup."""
    log.error("damaged database found after opening %s: %s", path, "\n".join(problems))
    lines = [line for p in problems for line in p.splitlines() if not line.startswith("***")]
    damaged = DamagedDatabase(path, lines[:1] or problems[:1], backup)
    refuse_writes(window.store.engine, damaged)
    window.keep_draft()
    window.statusBar().showMessage(
        "The database is damaged: nothing is saved to it (your changes are kept as drafts)", 0
    )
    if backup is None:
        QMessageBox.critical(window, "Damaged database", f"{damaged}\n\nSaving is turned off; "
                             "what you type is kept as a draft. Close the app and ask for "
                             "help to recover the file.")  # fmt: skip
        return
    answer = QMessageBox.question(
        window, "Damaged database",
        f"{damaged}\n\nSaving is turned off; what you type is kept as a draft.\n\n"
        f"Restore the backup {backup}? The damaged file is kept beside it with the ending "
        ".damaged.",
    )  # fmt: skip
    if answer == QMessageBox.StandardButton.Yes:
        restore_in_place(window, backup, path)


def restore_in_place(window: MainWindow, backup: Path, path: Path) -> None:
    """Put the good backup in place of the damaged file and go on with it; unsaved work
    stays in its draft, offered again when its case is opened."""
    window.keep_draft()
    if window.stack.currentWidget() is window.editor:
        window.editor.set_dirty(False)  # its draft is kept; nothing is lost
    window.store.engine.dispose()
    try:
        restore_backup(backup, path)
    except OSError as exc:
        log.error("backup not restored: %s", exc)
        QMessageBox.warning(window, "Not restored", f"{exc}\n\nSaving stays turned off.")
        return
    allow_writes(window.store.engine)
    log.info("backup %s restored in place of the damaged database", backup.name)
    window.close_case()
    window.statusBar().showMessage(
        f"Restored {backup}; unsaved changes are offered again when their case is opened",
        0,
    )
    window.offer_new_case_drafts()
