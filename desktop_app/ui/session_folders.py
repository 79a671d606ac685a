"""Where this session's things are: the database in use, the data, backups, logs and settings
folders. Help → About lists them (ui/about_dialog.py) and Tools → Settings… starts from them
(ui/settings_dialog.py); kept here, without either dialog, so that the window can name them
at start and load the dialogs when first opened (issue 13)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from desktop_app.locations import Folders, folders
from desktop_app.logs import log_file
from desktop_app.settings import Settings
from desktop_app.store.backup import backups_dir, sqlite_path

Rows = list[tuple[str, str, Path | None]]


def session_folders(data_dir: Path | None, settings: Settings) -> Folders:
    """The folders of this session: under --data-dir when it was given (see launch)."""
    return folders(data_dir, settings.backup_folder)


def default_backups(engine: Engine, found: Folders) -> Path:
    """Where backups go when no folder is chosen: beside the SQLite database."""
    path = sqlite_path(engine)
    return backups_dir(path) if path is not None else found.backups


def database_location(engine: Engine) -> str:
    """The SQLite file, or the server's URL with its password hidden."""
    path = sqlite_path(engine)
    if path is not None:
        return str(path)
    return engine.url.render_as_string(hide_password=True)


def about_rows(engine: Engine, settings: Settings, data_dir: Path | None) -> Rows:
    """(caption, text, folder to open) for each line of the About dialog: the database in
    use, and the folders of this session (under --data-dir when it was given)."""
    found = session_folders(data_dir, settings)
    backups = found.backups if settings.backup_folder else default_backups(engine, found)
    database = sqlite_path(engine)
    logs = log_file()
    return [
        ("Database", database_location(engine), database.parent if database else None),
        ("Data folder", str(found.data), found.data),
        ("Backups folder", str(backups), backups),
        ("Logs folder", str(logs.parent if logs else found.logs), logs.parent if logs
         else found.logs),
        ("Settings folder", str(found.settings), found.settings),
    ]  # fmt: skip
