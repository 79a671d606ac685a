"""Online SQLite backups through SQLite's backup API (never a file copy of a live file),
rotated, each verified; the integrity check on opening; restoring a backup."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from desktop_app.store.errors import DamagedDatabase

BACKUP_SUFFIX = ".backup.sqlite"
DAY_SECONDS = 24 * 3600


def sqlite_path(engine: Engine) -> Path | None:
    """The file behind an SQLite engine; None for other databases or in-memory ones."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    if engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def integrity_problems(path: Path, quick: bool = False) -> list[str]:
    """What SQLite's integrity check finds wrong; empty when the file is sound."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [str(r[0]) for r in connection.execute(f"PRAGMA {pragma}")]
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        connection.close()
    return [] if rows == ["ok"] else rows


def backups_dir(database: Path) -> Path:
    """Where a database's backups go unless another folder is chosen (the settings)."""
    return database.parent / "backups"


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy a live database page by page with SQLite's backup API, then verify the copy."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    problems = integrity_problems(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise OSError(f"the backup {destination} failed its integrity check: {problems[0]}")
    partial.replace(destination)  # a backup is either whole and verified or not there
    return destination


def list_backups(database: Path, folder: Path | None = None) -> list[Path]:
    """This database's backups in `folder` (default: backups_dir), newest first."""
    folder = folder or backups_dir(database)
    found = folder.glob(f"{database.stem}-*{BACKUP_SUFFIX}") if folder.is_dir() else []
    return sorted(found, key=lambda p: p.name, reverse=True)


def take_backup(database: Path, keep: int = 10, folder: Path | None = None) -> Path:
    """A new verified backup in `folder` (default: backups_dir); only the newest `keep` of
    this database's backups there are kept."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = (folder or backups_dir(database)) / f"{database.stem}-{stamp}{BACKUP_SUFFIX}"
    backup_sqlite(database, target)
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


def check_before_opening(target: str | Path) -> None:
    """Refuse a damaged SQLite file before anything writes to it."""
    text = str(target)
    if "://" in text and not text.startswith("sqlite"):
        return
    path = Path(text.removeprefix("sqlite:///")).expanduser()
    if not path.exists() or path.stat().st_size == 0:
        return
    problems = integrity_problems(path, quick=True)
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
