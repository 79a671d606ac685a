"""Start the GUI: the Qt application, the specification, the database, the main window, and
the handler that turns an unexpected error into a message instead of a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import cycle_collector
from desktop_app.cli import database_target
from desktop_app.logs import log, mask_passwords
from desktop_app.maintenance_service import MaintenanceService
from desktop_app.paths import resource_path
from desktop_app.settings import Settings
from desktop_app.spec import Spec, SpecError, default_spec
from desktop_app.store import CaseStore, DamagedDatabase, StoreError
from desktop_app.store.backup import local_file
from desktop_app.store.integrity import SessionMarker
from desktop_app.store.meta import Progress
from desktop_app.ui.upgrade_progress import UpgradeProgress

if TYPE_CHECKING:  # the window is imported once the application exists
    from desktop_app.ui.main_window import MainWindow


def open_or_offer_backup(target: str | Path, spec: Spec, backup_folder: str = "",
                         full_check: bool = False,
                         progress: Progress | None = None) -> CaseStore | None:  # fmt: skip
    """Open the database; a damaged one is never written to, and its newest good backup (in
    the backups folder chosen in the settings, else the one beside it) is offered in its
    place, with both files' case counts and latest saves. A locked or read-only file is
    said to be so (StoreError) and no restore is offered. Opening checks the file cheaply
    (header, schema, the ends of every table); the whole file is checked first only with
    `full_check` (the previous session did not close cleanly), otherwise in the background
    once the window is up (ui/background.py)."""
    path = local_file(target)
    service = (
        MaintenanceService(path, Path(backup_folder) if backup_folder else None)
        if path is not None
        else None
    )
    try:
        if service is not None and full_check:
            service.check_before_opening(full=True)
        return CaseStore.open(target, spec, progress)  # the cheap check, once
    except DamagedDatabase as exc:
        log.error("damaged database %s: %s", exc.path, exc.problems[0])
        if service is None:
            raise
        backup = exc.backup if service.folder is None else service.good_backup()
        if backup is None:
            raise
        from desktop_app.ui.restore_dialog import confirm_restore  # only for a damaged file

        if not confirm_restore(None, str(exc), service.compare(backup)):
            return None
        kept = service.restore(backup)
        log.info("backup %s restored in place of the damaged database; the damaged file is "
                 "kept as %s", backup.name, kept)  # fmt: skip
        return CaseStore.open(target, spec, progress)


def warn_if_on_network_share(window: MainWindow, target: str | Path) -> str | None:
    """SQLite on a network file system: a warning pointing to the shared-server mode. The
    database still opens."""
    from desktop_app.netfs import network_warning

    warning = network_warning(target)
    if warning:
        log.warning("%s", warning)
        window.statusBar().showMessage("Warning: the database is on a network share", 0)
        QMessageBox.warning(window, "Database on a network share", warning)
    return warning


def apply_identity(app: QApplication) -> None:
    """The name and icon every window and the desktop show."""
    app.setApplicationName("Case Abstractor")
    app.setDesktopFileName("case-abstractor")  # the menu entry's name: its icon on Wayland
    app.setWindowIcon(QIcon(str(resource_path("icons", "case-abstractor.png"))))


def open_main_window(args: argparse.Namespace) -> MainWindow | int:
    """Everything up to a shown main window; an exit code when the app cannot start."""
    app = QApplication.instance() or QApplication(sys.argv)
    apply_identity(app)
    try:
        spec = default_spec()
    except SpecError as exc:
        message = f"The form specification is broken and the app cannot start:\n\n{exc}"
        log.error("%s", message)
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "Case Abstractor", message)
        return 2
    from desktop_app.locations import data_dir, settings_file

    settings_path = settings_file(args.data_dir)
    settings = Settings.load(settings_path)
    target, is_demo = database_target(args)
    folder = data_dir(args.data_dir)
    database = local_file(target)
    marker = SessionMarker(folder, database) if database is not None else None
    checked = marker is not None and marker.left_open()
    if checked:
        log.warning("the previous session did not close cleanly: checking the whole database")
    upgrading = UpgradeProgress()  # shown only if this release remakes stored rows
    try:
        try:
            store = open_or_offer_backup(
                target, spec, settings.backup_folder, full_check=checked, progress=upgrading
            )
        finally:
            upgrading.close()
        if store is None:
            return 1
        if is_demo:
            from desktop_app.demo import write_demo

            write_demo(store)
    except (StoreError, OSError) as exc:
        message = mask_passwords(f"The database {target} cannot be opened:\n\n{exc}")
        log.error("%s", message)
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "Case Abstractor", message)
        return 1
    log.info("database opened: %s", store.engine.url.render_as_string(hide_password=True))
    from desktop_app.drafts import DraftStore
    from desktop_app.ui.error_dialog import install_error_handler
    from desktop_app.ui.main_window import MainWindow

    drafts = DraftStore.for_database(folder, str(store.engine.url))
    from desktop_app.ui.window_parts import StartupContext

    context = StartupContext(data_dir=args.data_dir)
    window = MainWindow(store, settings, settings_path, drafts, context)
    context.error_handler = install_error_handler(
        window, spec, lambda: window.editor.record, window.keep_typed_work
    )
    window.show()
    warn_if_on_network_share(window, target)
    window.offer_new_case_drafts()
    path = local_file(target)  # a restored backup or the demo may have just created it
    if path is not None:
        context.session_marker = SessionMarker(folder, path)
        context.session_marker.begin()
        window.maintenance.start(path, check=not checked)
    return window


def run_gui(args: argparse.Namespace) -> int:
    try:
        opened = open_main_window(args)
    finally:
        cycle_collector.resume()  # paused by app.main while the app started
    if isinstance(opened, int):
        return opened
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    code = app.exec()
    context = opened.context
    if context.error_handler is not None:
        context.error_handler.uninstall()
    opened.store.close()
    marker = context.session_marker
    if marker is not None:
        marker.end()  # a clean close: the next start checks in the background only
    log.info("closed")
    return int(code)
