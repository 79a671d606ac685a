"""Start the GUI: the Qt application, the specification, the database, the main window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.cli import database_target
from desktop_app.spec import Spec, SpecError, default_spec
from desktop_app.store import CaseStore, DamagedDatabase, StoreError
from desktop_app.store.backup import restore_backup


def open_or_offer_backup(target: str | Path, spec: Spec) -> CaseStore | None:
    """Open the database; a damaged one is never written to, and its newest good backup is
    offered in its place."""
    try:
        return CaseStore.open(target, spec)
    except DamagedDatabase as exc:
        if exc.backup is None:
            raise
        answer = QMessageBox.question(
            None, "Damaged database",
            f"{exc}\n\nRestore the backup {exc.backup.name}? The damaged file is kept "
            "beside it with the ending .damaged.",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return None
        restore_backup(exc.backup, exc.path)
        return CaseStore.open(target, spec)


def run_gui(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Case Abstractor")
    try:
        spec = default_spec()
    except SpecError as exc:
        message = f"The form specification is broken and the app cannot start:\n\n{exc}"
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "Case Abstractor", message)
        return 2
    target, is_demo = database_target(args)
    try:
        store = open_or_offer_backup(target, spec)
        if store is None:
            return 1
        if is_demo:
            from desktop_app.demo import write_demo

            write_demo(store)
    except (StoreError, OSError) as exc:
        message = f"The database {target} cannot be opened:\n\n{exc}"
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "Case Abstractor", message)
        return 1
    from desktop_app.drafts import DraftStore
    from desktop_app.locations import data_dir
    from desktop_app.settings import Settings
    from desktop_app.ui.main_window import MainWindow

    folder = data_dir(args.data_dir)
    settings_path = folder / "settings.json"
    drafts = DraftStore.for_database(folder, str(store.engine.url))
    window = MainWindow(store, Settings.load(settings_path), settings_path, drafts)
    window.show()
    window.offer_new_case_drafts()
    code = app.exec()
    store.close()
    return int(code)
