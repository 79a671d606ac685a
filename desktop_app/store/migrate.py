"""Bring a database to the newest schema with Alembic, backing it up first. Alembic is
imported only to migrate: a database already at the newest revision is recognised by one
SELECT and the revision numbers written in the migration scripts (read as text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from desktop_app.store import pg_audit
from desktop_app.store.backup import sqlite_path, take_backup

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SCHEMA_LOCK = 0x43415345  # "CASE": the advisory lock key of schema changes on PostgreSQL
_ASSIGNMENT = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)
_NAME = re.compile(r"[\"']([^\"']+)[\"']")
BACKING_UP = "backing up the database before updating it"  # told to `progress`, no count
CHECKING_BACKUP = "checking the backup"  # its full integrity check: one step, no count

Progress = Callable[[str, int, int], None]
"""store.meta.Progress: `(what, done, total)`; total 0 is a step without a count of cases.
A migration reads it as `op.get_context().config.attributes.get("progress")` (None when
migrating without one: the command line's Alembic, tests)."""


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def revisions() -> dict[str, tuple[str, ...]]:
    """Every revision of the migration scripts with the ones it revises, read as text
    (`revision = "0004"`, `down_revision = "0003"`; a tuple for a merge)."""
    found: dict[str, tuple[str, ...]] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        values = dict(_ASSIGNMENT.findall(script.read_text(encoding="utf-8")))
        names = _NAME.findall(values.get("revision", ""))
        if names:
            found[names[0]] = tuple(_NAME.findall(values.get("down_revision", "")))
    return found


def head_revision() -> str | None:
    """The newest revision: the one no other revises (None without scripts)."""
    known = revisions()
    revised = {down for downs in known.values() for down in downs}
    heads = sorted(set(known) - revised)
    if len(heads) > 1:  # two branches: let Alembic say what is wrong
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(_config()).get_current_head()
    return heads[0] if heads else None


def current_revision(engine: Engine) -> str | None:
    """The database's revision (alembic_version), None for a database without one."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def upgrade(engine: Engine, progress: Progress | None = None) -> Path | None:
    """Migrate to head. Returns the backup taken before migrating an existing database.
    `progress` is told of a backup longer than one step and of what the migrations report
    (0010: each batch of cases checked); nothing when the database is at head."""
    current = current_revision(engine)
    if current == head_revision():
        pg_audit.ensure(engine, hold_schema_lock)  # PostgreSQL: the server-side audit
        return None
    from alembic import command

    if current is not None and not _known(current):
        raise NewerSchema(current)
    backup = None
    path = sqlite_path(engine)
    if current is not None and path is not None:
        # keep=10_000: never rotated away by this backup
        backup = take_backup(path, keep=10_000, progress=_backing_up(progress))
    config = _config()
    config.attributes["progress"] = progress
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # the driver begins a transaction only before INSERT, UPDATE or DELETE: without
            # this, a migration's first DDL (a rename, a new table) is committed at once and
            # a kill half-way leaves a file neither release can read
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        hold_schema_lock(connection)
        pg_audit.mark_app_save(connection)  # the migration's writes are the app's own
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        if connection.dialect.name == "postgresql":
            pg_audit.install(connection)  # the triggers of the tables as they are now
    return backup


def _backing_up(progress: Progress | None) -> Callable[[int, int], None] | None:
    """The backup's page count as a step without a count: said only once a first step of
    the copy is done and more remain (a small file is copied in one, unannounced). The last
    step (all copied) comes just before the backup's full integrity check (backup.py
    `backup_sqlite`: one PRAGMA, no loop to report from): said then, if the copy was."""
    if progress is None:
        return None
    told = progress
    said = [False]

    def pages(copied: int, total: int) -> None:
        if copied < total:
            told(BACKING_UP, 0, 0)
            said[0] = True
        elif said[0]:
            told(CHECKING_BACKUP, 0, 0)

    return pages


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
    return revision in revisions()


def hold_schema_lock(connection: Connection) -> None:
    """On a shared server, let one workstation at a time change the schema (or recompute
    what depends on it), until its transaction ends: two registrars starting a new release
    at the same moment must not both create the tables. An SQLite file has a single writer
    already."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
