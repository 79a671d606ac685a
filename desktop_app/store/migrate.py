"""Bring a database to the newest schema with Alembic, backing it up first."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from desktop_app.store.backup import sqlite_path, take_backup

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


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
    backup = None
    path = sqlite_path(engine)
    if current is not None and path is not None:
        backup = take_backup(path, keep=10_000)  # never rotated away by this backup
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup
