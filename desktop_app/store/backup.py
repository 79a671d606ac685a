"""Online SQLite backups through SQLite's backup API (never a file copy of a live file),
rotated, each verified, and stoppable at any step; the cheap check on opening; restoring a
backup."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.store.errors import DamagedDatabase, DatabaseLocked, DatabaseReadOnly, StoreError
from desktop_app.store.integrity import (
    CheckCancelled,
    filesystem_read_only,
    full_problems,
    is_lock_message,
    quick_problems,
    read_only,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

BACKUP_SUFFIX = ".backup.sqlite"
DAY_SECONDS = 24 * 3600
PAGES_PER_STEP = 2048  # 8 MB of 4 KB pages between two looks at a cancel request

Progress = Callable[[int, int], None]  # (pages copied, pages in all)


class BackupCancelled(Exception):
    """The backup was stopped before it was whole; nothing was kept of it."""


def sqlite_path(engine: Engine) -> Path | None:
    """The file behind an SQLite engine; None for other databases or in-memory ones."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    if engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def integrity_problems(path: Path, quick: bool = False) -> list[str]:
    """What SQLite's integrity check finds wrong; empty when the file is sound."""
    return full_problems(path, quick=quick)


def backups_dir(database: Path) -> Path:
    """Where a database's backups go unless another folder is chosen (the settings)."""
    return database.parent / "backups"


def backup_sqlite(source: Path, destination: Path, cancel: threading.Event | None = None,
                  progress: Progress | None = None) -> Path:  # fmt: skip
    """Copy a live database page by page with SQLite's backup API, then verify the copy.
    Setting `cancel` (from another thread) stops it at the next step with BackupCancelled;
    the copy is written as `<name>.partial` and only renamed once whole and verified, so a
    stopped or failed backup is never taken for a good one. A failure (a full disk, a lock)
    is an OSError in words, never an sqlite3 traceback."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    _discard(partial)  # what a stopped process may have left

    def step(_status: int, remaining: int, total: int) -> None:
        if cancel is not None and cancel.is_set():
            raise BackupCancelled()
        if progress is not None:
            progress(total - remaining, total)

    try:
        with closing(read_only(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm
        problems = full_problems(partial, quick=False, cancel=cancel)
    except (BackupCancelled, CheckCancelled) as exc:
        _discard(partial)
        raise BackupCancelled() from exc
    except sqlite3.Error as exc:
        _discard(partial)
        raise OSError(f"the backup {destination} could not be written: {_why(exc)}") from exc
    except OSError:
        _discard(partial)
        raise
    if problems:
        _discard(partial)
        raise OSError(f"the backup {destination} failed its integrity check: {problems[0]}")
    partial.replace(destination)  # a backup is either whole and verified or not there
    return destination


def _why(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "full" in text.lower():
        return "the disk is full"
    if is_lock_message(text):
        return "the database is locked by another program"
    return text


def _discard(partial: Path) -> None:
    for side in ("", "-wal", "-shm", "-journal"):
        Path(str(partial) + side).unlink(missing_ok=True)


def list_backups(database: Path, folder: Path | None = None) -> list[Path]:
    """This database's backups in `folder` (default: backups_dir), newest first."""
    folder = folder or backups_dir(database)
    found = folder.glob(f"{database.stem}-*{BACKUP_SUFFIX}") if folder.is_dir() else []
    return sorted(found, key=lambda p: p.name, reverse=True)


def take_backup(database: Path, keep: int = 10, folder: Path | None = None,
                cancel: threading.Event | None = None, progress: Progress | None = None
                ) -> Path:  # fmt: skip
    """A new verified backup in `folder` (default: backups_dir); only the newest `keep` of
    this database's backups there are kept. A cancelled one (BackupCancelled) leaves none
    and rotates nothing away."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = (folder or backups_dir(database)) / f"{database.stem}-{stamp}{BACKUP_SUFFIX}"
    backup_sqlite(database, target, cancel=cancel, progress=progress)
    for old in list_backups(database, folder)[max(keep, 1) :]:
        old.unlink(missing_ok=True)
    return target


def backup_due(database: Path, every_seconds: int = DAY_SECONDS, folder: Path | None = None
               ) -> bool:  # fmt: skip
    """At most one automatic backup a day."""
    newest = list_backups(database, folder)
    return not newest or time.time() - newest[0].stat().st_mtime >= every_seconds


def newest_good_backup(database: Path, folder: Path | None = None) -> Path | None:
    for candidate in list_backups(database, folder):
        if not integrity_problems(candidate):
            return candidate
    return None


def local_file(target: str | Path) -> Path | None:
    """The SQLite file a path or URL names, when it exists and is not empty."""
    text = str(target)
    if "://" in text and not text.startswith("sqlite"):
        return None
    if text.startswith("sqlite"):
        from sqlalchemy.engine import make_url

        text = make_url(text).database or ""
        if not text or text == ":memory:":
            return None
    path = Path(text).expanduser()
    if not path.exists() or path.stat().st_size == 0:
        return None
    return path


ACCESS_WORDS = ("unable to open", "readonly", "read-only", "attempt to write")


def not_damaged_but(path: Path, problems: list[str]) -> StoreError | None:
    """Why a file that a check could not read is not damaged: another program holds it
    (locked), or it cannot be written (read-only). None when damage is the only reading."""
    if any(is_lock_message(p) for p in problems):
        return DatabaseLocked(path)
    access = [p for p in problems if any(w in p.lower() for w in ACCESS_WORDS)]
    if access and filesystem_read_only(path):
        return DatabaseReadOnly(path, access[0])
    return None


def check_before_opening(target: str | Path, full: bool = False) -> None:
    """Refuse a damaged SQLite file before anything writes to it. By default only the
    cheap check (header, schema, the ends of every table: milliseconds); the full check of
    every page runs once the window is up (ui/background.py), or here with full=True.
    A file held by another program raises DatabaseLocked and one on a read-only file
    system DatabaseReadOnly: neither is damaged, and neither is offered a restore. A file
    of a newer release's schema is refused before anything (even the journal mode) changes."""
    path = local_file(target)
    if path is None:
        return
    problems = full_problems(path) if full else quick_problems(path)
    if problems:
        raise not_damaged_but(path, problems) or DamagedDatabase(
            path, problems, newest_good_backup(path)
        )
    refuse_newer_schema(path)


def refuse_newer_schema(path: Path) -> None:
    """A database upgraded by a newer release is refused on a read-only connection, so that
    opening it changes nothing (not even its journal mode)."""
    from desktop_app.store.migrate import NewerSchema, head_revision, revisions

    try:
        with closing(read_only(path)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return  # no version table yet: a new or foreign file, which opening handles
    if row and row[0] != head_revision() and str(row[0]) not in revisions():
        raise StoreError(str(NewerSchema(str(row[0]))))


def restore_backup(backup: Path, database: Path, keep: int = 10, folder: Path | None = None
                   ) -> Path | None:  # fmt: skip
    """Put `backup` in place of `database`. The backup is verified first (a damaged one is
    refused and nothing changes); the current file is never overwritten nor deleted: it is
    moved aside whole, with its -wal and -shm, as `<stem>-replaced-<time>.sqlite` beside it
    (which opens as it was). Returns that kept file (None when there was no current file).
    A database locked by another program or on a read-only file system is refused.
    `keep` and `folder` are accepted for callers of the former signature."""
    del keep, folder
    problems = integrity_problems(backup)
    if problems:
        raise OSError(f"the backup {backup} is damaged: {problems[0]}")
    if filesystem_read_only(database):
        raise DatabaseReadOnly(database)
    if database.exists():
        blocked = not_damaged_but(database, _read_problems(database))
        if isinstance(blocked, DatabaseLocked):
            raise blocked
    kept = set_aside(database)
    try:
        backup_sqlite(backup, database)
    except BaseException:
        if kept is not None:  # put the registrar's file back as it was
            for side in ("", "-wal", "-shm", "-journal"):
                aside = Path(str(kept) + side)
                if aside.exists():
                    aside.replace(Path(str(database) + side))
        raise
    return kept


def _read_problems(path: Path) -> list[str]:
    try:
        with closing(read_only(path)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        return [str(exc)]
    return []


def set_aside(database: Path) -> Path | None:
    """Move the file, with its -wal, -shm and -journal, to `<stem>-replaced-<time>.sqlite`
    beside it, whole: renamed, not copied, so nothing of it is lost or changed."""
    if not database.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    kept = database.with_name(f"{database.stem}-replaced-{stamp}{database.suffix or '.sqlite'}")
    for side in ("-wal", "-shm", "-journal", ""):  # the main file last: it names the set
        current = Path(str(database) + side)
        if current.exists():
            current.replace(Path(str(kept) + side))
    return kept
