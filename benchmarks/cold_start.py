"""Start the real GUI and say when its main window is up and the event loop idle.

    python -m benchmarks.cold_start [app arguments]      (run by benchmarks/run.py)

The app starts exactly as `case-abstractor` does; the only difference is that, once the
main window is shown and the event loop has handled everything pending, this prints
"ready" with the peak memory and leaves at once. The parent process times from before it started
this process to the line, so the figure includes the interpreter and every import.
With --bare, a bare PySide6 main window does the same, for comparison.

PySide6 is imported only once the app's own modules are: as `case-abstractor` does
(desktop_app.app imports the store and SQLAlchemy before Qt). Importing Qt first would send
every later import through shiboken's import hook, which reads each module's source.
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
    """QApplication.exec prints "ready" once the pending events are handled."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    exec_ = QApplication.exec

    def exec_then_report(app: QApplication) -> int:
        QTimer.singleShot(0, _ready)
        return int(exec_())  # a static method in PySide6

    QApplication.exec = exec_then_report  # type: ignore[method-assign,assignment]


def the_app(argv: list[str]) -> int:
    from desktop_app.app import main as app_main  # before Qt, as `case-abstractor` does

    report_when_idle()
    return app_main(argv)


def main(argv: list[str]) -> int:
    return bare() if argv[:1] == ["--bare"] else the_app(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
