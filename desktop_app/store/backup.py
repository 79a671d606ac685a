"""Online SQLite backups through SQLite's backup API (never a file copy of a live file),
rotated, each verified, and stoppable at any step; the cheap check on opening; restoring a
backup."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.store.errors import DamagedDatabase
from desktop_app.store.integrity import CheckCancelled, full_problems, quick_problems

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
    stopped or failed backup is never taken for a good one."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    _discard(partial)  # what a stopped process may have left

    def step(_status: int, remaining: int, total: int) -> None:
        if cancel is not None and cancel.is_set():
            raise BackupCancelled()
        if progress is not None:
            progress(total - remaining, total)

    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=PAGES_PER_STEP, progress=step)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm
        dst.close()
        problems = full_problems(partial, quick=False, cancel=cancel)
    except (BackupCancelled, CheckCancelled) as exc:
        dst.close()
        _discard(partial)
        raise BackupCancelled() from exc
    finally:
        dst.close()
        src.close()
    if problems:
        _discard(partial)
        raise OSError(f"the backup {destination} failed its integrity check: {problems[0]}")
    partial.replace(destination)  # a backup is either whole and verified or not there
    return destination


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
    path = Path(text.removeprefix("sqlite:///")).expanduser()
    if not path.exists() or path.stat().st_size == 0:
        return None
    return path


def check_before_opening(target: str | Path, full: bool = False) -> None:
    """Refuse a damaged SQLite file before anything writes to it. By default only the
    cheap check (header, schema, the ends of every table: milliseconds); the full check of
    every page runs once the window is up (ui/background.py), or here with full=True."""
    path = local_file(target)
    if path is None:
        return
    problems = full_problems(path) if full else quick_problems(path)
    if problems:
        raise DamagedDatabase(path, problems, newest_good_backup(path))


def restore_backup(backup: Path, database: Path, keep: int = 10, folder: Path | None = None
                   ) -> Path | None:  # fmt: skip
    """Put `backup` in place of `database`, first backing up the current file if it can be
    read at all. Returns the safety backup taken (None when the current file was unreadable).
    """
    problems = integrity_problems(backup)
    if problems:
        raise OSError(f"the backup {backup} is damaged: {problems[0]}")
    safety = None
    if database.exists() and not integrity_problems(database, quick=True):
        safety = take_backup(database, keep=keep + 1, folder=folder)
    elif database.exists():
        database.replace(database.with_name(database.name + ".damaged"))
    for side in ("-wal", "-shm"):
        Path(str(database) + side).unlink(missing_ok=True)
    backup_sqlite(backup, database)
    return safety
