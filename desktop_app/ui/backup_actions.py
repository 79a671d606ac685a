"""The Tools menu's "Back up now" and "Restore backup…". Both go through the maintenance
service (desktop_app/maintenance_service.py), as the start and the background work do:
"Back up now" runs in the background thread (the window stays usable, no wait cursor) and
any failure, sqlite3's included, is one message; a restore stops background work first,
shows both files' case counts and latest saves, and keeps the replaced file whole."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.logs import log
from desktop_app.store import StoreError
from desktop_app.store.backup import list_backups
from desktop_app.store.backup import sqlite_path as database_file
from desktop_app.ui import background
from desktop_app.ui.restore_dialog import confirm_restore

if TYPE_CHECKING:
    from desktop_app.ui.window_parts import CaseWindowBase as MainWindow


def backup_now(window: MainWindow) -> background.BackgroundWork | None:
    """Start a verified backup in the background; its result shows when it ends."""
    path = database_file(window.store.engine)
    if path is None:
        QMessageBox.information(window, "Back up now", "A server database is backed up on "
                                "the server (pg_dump).")  # fmt: skip
        return None
    if background.running(window):
        window.statusBar().showMessage(
            "A check or backup is already running; its result shows here when it ends", 8000
        )
        return None
    window.statusBar().showMessage("Backing up… (you can go on working)", 0)
    return background.start(window, path, check=False, backup_now=True)


def restore_from_backup(window: MainWindow) -> None:
    path = database_file(window.store.engine)
    if path is None or not window.settle_unsaved():
        return
    service = background.service_for(window, path)
    backups = list_backups(path, service.folder)
    start = str(backups[0]) if backups else str(path.parent)
    chosen, _filter = QFileDialog.getOpenFileName(
        window, "Restore backup", start, "Backups (*.sqlite)"
    )
    if not chosen:
        return
    backup = Path(chosen)
    if not confirm_restore(window, "Replace the database now in use with a backup.",
                           service.compare(backup)):  # fmt: skip
        return
    window.store.engine.dispose()
    try:
        kept = service.restore(backup)  # stops a running background backup first
    except (OSError, StoreError) as exc:
        log.error("backup not restored: %s", exc)
        QMessageBox.warning(window, "Not restored", str(exc))
        return
    log.info("backup restored: %s; the file it replaced is kept as %s", backup.name, kept)
    window.close_case()
    window.refresh_list()
    window.statusBar().showMessage(f"Restored {chosen}; the file it replaced is kept as {kept}",
                                   0)  # fmt: skip
