"""Start the real GUI and say when its main window is up and the event loop idle.

    python -m benchmarks.cold_start [app arguments]      (run by benchmarks/run.py)

The app starts exactly as `case-abstractor` does; the only difference is that, once the
main window is shown and the event loop has handled everything pending, this prints
"ready" with the peak memory and leaves at once. The parent process times from before it started
this process to the line, so the figure includes the interpreter and every import.
With --bare, a bare PySide6 main window does the same, for comparison.

Nothing is imported here before the app's own `main` runs (only what the bare window also
imports): the app imports the store and SQLAlchemy, then PySide6, in its own order.
Importing Qt first would send every later import through shiboken's import hook, which reads
each module's source; importing the app's modules here would import them before its `main`
pauses the cycle collector (desktop_app/cycle_collector.py). So QApplication.exec is
wrapped by an import finder, as soon as the app has imported QtWidgets; the finder then
leaves the import system, and nothing of this script runs until "ready".
"""

from __future__ import annotations

import importlib.util
import os
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

from benchmarks.peak import peak_mb


def _ready() -> None:
    peak = peak_mb()
    print(f"ready {peak:.0f}", flush=True)
    # Not app.quit(): in Qt 6 that closes the main window, which takes the day's backup
    # (minutes for a database of 100,000 cases). What is measured ends here.
    os._exit(0)


def bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.show()
    QTimer.singleShot(0, _ready)
    return int(app.exec())


def wrap_exec() -> None:
    """QApplication.exec prints "ready" once the pending events are handled."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    exec_ = QApplication.exec

    def exec_then_report(app: QApplication) -> int:
        QTimer.singleShot(0, _ready)
        return int(exec_())  # a static method in PySide6

    QApplication.exec = exec_then_report  # type: ignore[method-assign,assignment]


class WrapExecAfterQtWidgets:
    """An import finder that finds nothing itself: when the app imports PySide6.QtWidgets,
    its loader is made to call wrap_exec once the module is loaded, and this finder leaves
    sys.meta_path. (Not an importlib.abc.MetaPathFinder: the bare window does not import
    importlib.abc, and nothing is imported here that it does not.)"""

    def find_spec(self, name: str, path: object, target: object = None) -> ModuleSpec | None:
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)  # as it would have been found
        if spec is None or spec.loader is None:
            return spec
        loader: Any = spec.loader
        exec_module = loader.exec_module

        def exec_then_wrap(module: ModuleType) -> None:
            exec_module(module)
            wrap_exec()

        loader.exec_module = exec_then_wrap
        return spec


def report_when_idle() -> None:
    sys.meta_path.insert(0, WrapExecAfterQtWidgets())


def the_app(argv: list[str]) -> int:
    report_when_idle()
    from desktop_app.app import main as app_main  # imports nothing heavy: main does

    return app_main(argv)


def main(argv: list[str]) -> int:
    return bare() if argv[:1] == ["--bare"] else the_app(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
