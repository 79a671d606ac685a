"""What an unexpected error does: the open case's unsaved work is kept as a draft first, the
error is written to the log, and the registrar sees a plain message with "Copy report" (the
version, the platform and the traceback, with the open case's identifiers removed) and the
details behind "Show details". Never a bare traceback; the app keeps running.

    handler = install_error_handler(window, spec, open_record, keep_work)
    handler.uninstall()   # sys.excepthook and threading.excepthook as they were
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.logs import describe_system, identifying_values, log, log_file, redact
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec

MESSAGE = (
    "Something went wrong in Case Abstractor.\n\n"
    "Your unsaved work is kept as a draft: it is still in the form, and if the app has to "
    "close it will be offered back when you open the case again. You can go on working; "
    "saving now is a good idea.\n\n"
    "If this happens again, use \u201cCopy report\u201d and send the report to whoever "
    "looks after this workstation (it holds no patient identifiers)."
)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class ErrorDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error_dialog")
        self.setWindowTitle("Something went wrong")
        self.report = report
        layout = QVBoxLayout(self)
        message = QLabel(MESSAGE)
        message.setObjectName("error_message")
        message.setWordWrap(True)
        layout.addWidget(message)
        where = log_file()
        if where is not None:
            logged = QLabel(f"The details are in the log: {where}")
            logged.setWordWrap(True)
            layout.addWidget(logged)
        self.details = QPlainTextEdit(report)
        self.details.setObjectName("error_details")
        self.details.setReadOnly(True)
        self.details.hide()
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy report")
        self.copy_button.setObjectName("error_copy")
        self.copy_button.clicked.connect(self.copy_report)
        self.details_button = QPushButton("Show &details")
        self.details_button.setObjectName("error_show_details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self.show_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def copy_report(self) -> None:
        QApplication.clipboard().setText(self.report)
        self.copy_button.setText("Copied")

    def show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText("Hide &details" if shown else "Show &details")
        self.adjustSize()


class ErrorHandler(QObject):
    """Catches what nothing else caught, in the GUI thread and in other threads (those are
    brought to the GUI thread through a queued signal). It is given what it uses: the
    window its dialog belongs to, the specification and the open record (whose identifiers
    leave the report), and `keep_work`, which keeps what is typed as a draft."""

    from_thread = Signal(object, object, object)

    def __init__(self, parent: QWidget, spec: Spec, open_record: Callable[[], CaseRecord | None],
                 keep_work: Callable[[], None]) -> None:  # fmt: skip
        super().__init__(parent)
        self.parent_widget, self.spec = parent, spec
        self.open_record, self.keep_work = open_record, keep_work
        self.showing = False
        self.dialog: ErrorDialog | None = None
        self._previous: ExceptHook = sys.excepthook
        self._previous_thread = threading.excepthook
        self.from_thread.connect(self.handle)

    def install(self) -> ErrorHandler:
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self.from_thread.emit(args.exc_type, args.exc_value, args.exc_traceback)

    def report(self, kind: type[BaseException], value: BaseException | None,
               tb: TracebackType | None) -> str:  # fmt: skip
        """Version, platform and traceback, without the open case's identifiers."""
        text = "".join(traceback.format_exception(kind, value, tb))
        secrets = identifying_values(self.spec, self.open_record())
        return f"{describe_system()}\n\n{redact(text, secrets)}"

    def handle(self, kind: type[BaseException], value: BaseException | None,
               tb: TracebackType | None) -> None:  # fmt: skip
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, value or kind(), tb)
            return
        try:  # first of all: nothing typed is lost, even what is still in its box
            self.keep_work()
        except Exception as exc:  # the draft is best effort here: go on to the dialog
            log.error("the draft could not be kept after an error: %r", exc)
        report = self.report(kind, value, tb)
        log.error("unexpected error\n%s", report)
        if self.showing:  # an error while the dialog is up: logged, not stacked
            return
        self.showing = True
        try:
            self.dialog = ErrorDialog(report, self.parent_widget)
            self.dialog.exec()
        finally:
            self.showing = False


def install_error_handler(parent: QWidget, spec: Spec, open_record: Callable[[], CaseRecord | None],
                          keep_work: Callable[[], None]) -> ErrorHandler:  # fmt: skip
    """Route every uncaught exception (GUI thread or not) to the dialog and the log."""
    return ErrorHandler(parent, spec, open_record, keep_work).install()
