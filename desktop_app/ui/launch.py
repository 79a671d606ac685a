"""Start the GUI: the Qt application, the specification, the database, the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.cli import database_target
from desktop_app.spec import SpecError, default_spec
from desktop_app.store import CaseStore, StoreError


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
        store = CaseStore.open(target, spec)
        if is_demo:
            from desktop_app.demo import write_demo

            write_demo(store)
    except (StoreError, OSError) as exc:
        message = f"The database {target} cannot be opened:\n\n{exc}"
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "Case Abstractor", message)
        return 1
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(store)
    window.show()
    code = app.exec()
    store.close()
    return int(code)
