"""The Tools menu's "Back up now" and "Restore backup…". Both go through the maintenance
service (desktop_app/maintenance_service.py), as the start and the background work do:
"Back up now" runs in the background thread (the window stays usable, no wait cursor) and
any failure, sqlite3's included, is one message; a restore stops background work first,
shows both files' case counts and latest saves, and keeps the replaced file whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.logs import log
from desktop_app.store import StoreError
from desktop_app.store.backup import list_backups
from desktop_app.store.backup import sqlite_path as database_file
from desktop_app.ui.background import BackgroundWork, Maintenance


def backup_now(maintenance: Maintenance) -> BackgroundWork | None:
    """Start a verified backup in the background; its result shows when it ends."""
    path = database_file(maintenance.store.engine)
    if path is None:
        QMessageBox.information(maintenance.parent_widget, "Back up now", "A server database "
                                "is backed up on the server (pg_dump).")  # fmt: skip
        return None
    if maintenance.running():
        maintenance.say("A check or backup is already running; its result shows here when "
                        "it ends", 8000)  # fmt: skip
        return None
    maintenance.say("Backing up… (you can go on working)", 0)
    return maintenance.start(path, check=False, backup_now=True)


def restore_from_backup(maintenance: Maintenance, settle_unsaved: Callable[[], bool],
                        restored: Callable[[], None]) -> None:  # fmt: skip
    """Choose a backup and put it in place of the database in use, once the open case's
    changes are settled (`settle_unsaved`); `restored` then closes the case and refreshes
    the list."""
    parent = maintenance.parent_widget
    path = database_file(maintenance.store.engine)
    if path is None or not settle_unsaved():
        return
    service = maintenance.service(path)
    backups = list_backups(path, service.folder)
    start = str(backups[0]) if backups else str(path.parent)
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, "Restore backup", start, "Backups (*.sqlite)"
    )
    if not chosen:
        return
    backup = Path(chosen)
    from desktop_app.ui.restore_dialog import confirm_restore  # loaded when first needed

    if not confirm_restore(parent, "Replace the database now in use with a backup.",
                           service.compare(backup)):  # fmt: skip
        return
    maintenance.store.engine.dispose()
    try:
        kept = service.restore(backup)  # stops a running background backup first
    except (OSError, StoreError) as exc:
        log.error("backup not restored: %s", exc)
        QMessageBox.warning(parent, "Not restored", str(exc))
        return
    log.info("backup restored: %s; the file it replaced is kept as %s", backup.name, kept)
    restored()
    maintenance.say(f"Restored {chosen}; the file it replaced is kept as {kept}", 0)
