"""Bring a database to the newest schema with Alembic, backing it up first."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from desktop_app.store.backup import sqlite_path, take_backup

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SCHEMA_LOCK = 0x43415345  # "CASE": the advisory lock key of schema changes on PostgreSQL


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> Path | None:
    """Migrate to head. Returns the backup taken before migrating an existing database."""
    current = current_revision(engine)
    if current == head_revision():
        return None
    if current is not None and not _known(current):
        raise NewerSchema(current)
    backup = None
    path = sqlite_path(engine)
    if current is not None and path is not None:
        backup = take_backup(path, keep=10_000)  # never rotated away by this backup
    config = _config()
    with engine.begin() as connection:
        hold_schema_lock(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup


class NewerSchema(Exception):
    """The database was upgraded by a newer release than this one."""

    def __init__(self, revision: str) -> None:
        self.revision = revision
        super().__init__(
            f"This database was upgraded by a newer release of Case Abstractor (its schema "
            f"is {revision}; this release knows up to {head_revision()}). Install that "
            "release on this workstation; nothing was changed."
        )


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except Exception:  # alembic raises its own errors for an unknown revision
        return False


def hold_schema_lock(connection: Connection) -> None:
    """On a shared server, let one workstation at a time change the schema (or recompute
    what depends on it), until its transaction ends: two registrars starting a new release
    at the same moment must not both create the tables. An SQLite file has a single writer
    already."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
