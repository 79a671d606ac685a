"""Online SQLite backups through SQLite's backup API (never a file copy of a live file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine


def sqlite_path(engine: Engine) -> Path | None:
    """The file behind an SQLite engine; None for other databases or in-memory ones."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    if engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def integrity_problems(path: Path) -> list[str]:
    """What PRAGMA integrity_check finds wrong; empty when the file is sound."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [str(r[0]) for r in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        connection.close()
    return [] if rows == ["ok"] else rows


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy a live database page by page with SQLite's backup API, then verify the copy."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    problems = integrity_problems(destination)
    if problems:
        raise OSError(f"the backup {destination} failed its integrity check: {problems[0]}")
    return destination
