"""Headless maintenance over the store: the integrity check and the online backup."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from desktop_app.store import pg_audit
from desktop_app.store.audit_check import login_problems, replay_problems
from desktop_app.store.backup import backup_sqlite, integrity_problems, local_file, not_damaged_but
from desktop_app.store.engine import database_url, sqlite_database
from desktop_app.store.errors import DamagedDatabase
from desktop_app.store.integrity import read_only
from desktop_app.store.migrate import head_revision


def check_database(target: str | Path) -> list[str]:
    """Everything wrong with the database; empty when it is sound. Never writes to it."""
    url = database_url(target)
    if not url.startswith("sqlite"):
        return _check_server(url)
    path = Path(sqlite_database(url))
    if not path.exists():
        return [f"{path} does not exist"]
    problems = integrity_problems(path)
    blocked = not_damaged_but(path, problems) if problems else None
    if blocked is not None:
        return [str(blocked)]
    if problems:
        return [f"integrity check: {p}" for p in problems]
    try:
        with closing(read_only(path)) as connection:
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            problems += [f"row {row[1]} of {row[0]} refers to a missing {row[2]}" for row in broken]
            version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        return [*problems, f"not a Case Abstractor database: {exc}"]
    if not version or version[0] != head_revision():
        found = version[0] if version else "none"
        problems.append(f"schema version {found}, expected {head_revision()}")
    return problems


def _check_server(url: str) -> list[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            audited = pg_audit.installed(connection)
        if version != head_revision():
            return [f"schema version {version}, expected head"]
        missing = [] if audited else [pg_audit.MISSING]
        return missing + login_problems(engine) + replay_problems(engine)  # audit accounts
    except SQLAlchemyError as exc:
        return [f"cannot read the database: {exc}"]
    finally:
        engine.dispose()


def backup_database(target: str | Path, destination: Path) -> Path:
    url = database_url(target)
    if not url.startswith("sqlite"):
        raise OSError("backups of a server database are made on the server (pg_dump)")
    source = Path(sqlite_database(url))
    if not source.exists():
        raise OSError(f"{source} does not exist")
    if destination.exists():
        raise OSError(f"{destination} already exists; choose a new file name")
    return backup_sqlite(source, destination)


def has_cases(path: Path) -> bool:
    """Whether an SQLite file holds cases of its own (read-only; nothing is created)."""
    if not path.exists():
        return False
    try:
        with closing(read_only(path)) as connection:
            return bool(connection.execute("SELECT count(*) FROM cases").fetchone()[0])
    except sqlite3.Error:
        return True  # a database we cannot read is still the user's own: let the app say why


def refuse_unless_sound(target: str | Path) -> None:
    """Before a command writes outside the GUI (import, demo): the full integrity check of an
    SQLite file; a damaged one raises DamagedDatabase (a locked or read-only one says so) and
    nothing is written. A new file, or a server database, passes."""
    path = local_file(target)
    if path is None:
        return
    problems = integrity_problems(path)
    if problems:
        raise not_damaged_but(path, problems) or DamagedDatabase(path, problems, None)


def upgrade_pending(target: str | Path) -> bool:
    """Whether opening an SQLite file would migrate it (a write), read without writing."""
    path = local_file(target)
    if path is None:
        return False
    try:
        with closing(read_only(path)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return False  # no version yet (a new file), or unreadable: opening says why
    return row is not None and row[0] != head_revision()


@dataclass(frozen=True)
class DatabaseSummary:
    """What a registrar needs to choose between two files: how many cases each holds and
    when a case was last saved in it (read without writing)."""

    path: Path
    cases: int | None
    latest_save: str
    problem: str = ""

    def line(self) -> str:
        if self.cases is None:
            return f"{self.path.name}: cannot be read ({self.problem})"
        latest = self.latest_save.replace("T", " ")[:19] or "never"
        return f"{self.path.name}: {self.cases} case(s), last saved {latest} (UTC)"


def describe_database(path: Path) -> DatabaseSummary:
    """The number of cases and the latest save of an SQLite file, on a read-only connection."""
    try:
        with closing(read_only(path)) as connection:
            count, latest = connection.execute(
                "SELECT count(*), max(updated_at) FROM cases"
            ).fetchone()
    except sqlite3.Error as exc:
        return DatabaseSummary(path, None, "", str(exc))
    return DatabaseSummary(path, int(count), str(latest or ""))
