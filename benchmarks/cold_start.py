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
wrapped from an audit hook, at the first import after the app has imported QtWidgets.
"""

from __future__ import annotations

import os
import sys

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


def report_when_idle() -> None:
    """QApplication.exec prints "ready" once the pending events are handled: wrapped as
    soon as the app has imported QtWidgets (the app imports more before it runs exec)."""
    wrapped = False

    def wrap_exec() -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        exec_ = QApplication.exec

        def exec_then_report(app: QApplication) -> int:
            QTimer.singleShot(0, _ready)
            return int(exec_())  # a static method in PySide6

        QApplication.exec = exec_then_report  # type: ignore[method-assign,assignment]

    def on_import(event: str, _args: tuple[object, ...]) -> None:
        nonlocal wrapped
        if wrapped or event != "import":
            return
        widgets = sys.modules.get("PySide6.QtWidgets")
        if widgets is not None and hasattr(widgets, "QApplication"):
            wrapped = True
            wrap_exec()

    sys.addaudithook(on_import)


def the_app(argv: list[str]) -> int:
    report_when_idle()
    from desktop_app.app import main as app_main  # imports nothing heavy: main does

    return app_main(argv)


def main(argv: list[str]) -> int:
    return bare() if argv[:1] == ["--bare"] else the_app(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
