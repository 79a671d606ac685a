"""Unexpected errors and the log: an exception raised in a slot keeps what the registrar
typed as a draft, is logged, and shows a plain message whose report (copied to the
clipboard) names the error but no patient identifier; the log file rotates."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.drafts import DraftStore
from desktop_app.logs import (
    LOG_FILE,
    REMOVED,
    case_reference,
    identifying_values,
    log,
    redact,
    setup_logging,
)
from desktop_app.spec import FieldSpec, Spec
from desktop_app.ui.error_dialog import ErrorDialog, install_error_handler
from desktop_app.ui.main_window import MainWindow
from tests.conftest import OpenWindow


class SlotFailure(RuntimeError):
    """An error no code expects, raised from a slot."""


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    setup_logging(folder)
    yield folder
    for handler in list(log.handlers):
        if isinstance(handler, RotatingFileHandler):
            log.removeHandler(handler)
            handler.close()


@pytest.fixture
def window(main_window: OpenWindow, tmp_path: Path) -> MainWindow:
    main = main_window(
        demo=True, settings_path=tmp_path / "settings.json", drafts=DraftStore(tmp_path / "d")
    )
    main.open_case(main.store.list_cases()[0].case_id)
    return main


def line_edit(window: MainWindow, field: FieldSpec) -> QLineEdit:
    """The box of a case-level field, its tab made current."""
    for index, tab in enumerate(window.editor.form_tabs):
        if tab.case_fields is not None and field.id in tab.case_fields.editors:
            window.editor.tabs.setCurrentIndex(index)
            widget = tab.case_fields.editors[field.id].input
            assert isinstance(widget, QLineEdit)
            return widget
    raise LookupError(field.id)


def phi_text_field(spec: Spec) -> FieldSpec:
    found = next((f for f in spec.case_fields if f.phi and f.type == "text"), None)
    if found is None:
        pytest.fail("the specification has no identifying text field")
    return found


def type_identifier(qtbot: QtBot, window: MainWindow, spec: Spec, text: str) -> None:
    """Type into the first identifying text field of the open case, then Return."""
    box = line_edit(window, phi_text_field(spec))
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def caught_error_dialog(
    qtbot: QtBot, window: MainWindow, raise_error: Callable[[], None]
) -> ErrorDialog:
    """Call `raise_error` with the handler installed and wait for the dialog it shows (its
    exec patched so that it does not block)."""
    shown: list[ErrorDialog] = []
    original = ErrorDialog.exec
    ErrorDialog.exec = lambda self: shown.append(self) or 0  # type: ignore[method-assign]
    handler = install_error_handler(
        window, window.store.spec, lambda: window.editor.record, window.keep_typed_work
    )
    try:
        raise_error()
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        handler.uninstall()
        ErrorDialog.exec = original  # type: ignore[method-assign]
    qtbot.addWidget(shown[0])
    return shown[0]


def raise_from_a_slot(
    qtbot: QtBot, window: MainWindow, error: BaseException
) -> tuple[ErrorDialog, str]:
    """Raise `error` from a timer's slot; the dialog it shows and the text "Copy report"
    puts on the clipboard."""

    def fail() -> None:
        raise error

    dialog = caught_error_dialog(qtbot, window, lambda: QTimer.singleShot(0, fail))
    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    return dialog, QApplication.clipboard().text()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_keeps_the_typed_work_and_explains_plainly(
    qtbot: QtBot, window: MainWindow, spec: Spec, log_folder: Path
) -> None:
    institution = spec.role_field("institution")
    assert institution is not None
    box = line_edit(window, institution)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "Typed but never saved")  # still in its box: not applied, not saved
    case_id = window.editor.record.case_id
    assert case_id is not None
    dialog, report = raise_from_a_slot(qtbot, window, SlotFailure("the unexpected"))
    draft = window.drafts.load(window.editor.draft_key)
    assert draft is not None and draft.record.values[institution.id] == "Typed but never saved"
    assert window.store.load(case_id).values.get(institution.id) != "Typed but never saved"
    message = dialog.findChild(QLabel, "error_message")
    assert message is not None
    text = message.text()
    assert "draft" in text and "Traceback" not in text and "SlotFailure" not in text
    assert dialog.details.isHidden()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert not dialog.details.isHidden() and "SlotFailure" in dialog.details.toPlainText()
    assert "SlotFailure: the unexpected" in report and "Traceback" in report
    assert "Case Abstractor" in report and "Python" in report
    logged = (log_folder / LOG_FILE).read_text(encoding="utf-8")
    assert "SlotFailure: the unexpected" in logged
    assert window.isVisible()  # the app goes on: the case can still be saved
    assert window.save() and window.store.load(case_id).values[institution.id] == (
        "Typed but never saved"
    )


@pytest.mark.qt_no_exception_capture
def test_the_report_and_the_log_carry_no_identifier(
    qtbot: QtBot, window: MainWindow, spec: Spec, log_folder: Path
) -> None:
    type_identifier(qtbot, window, spec, "Henrietta Oddname")
    _dialog, report = raise_from_a_slot(
        qtbot, window, SlotFailure("cannot file 'Henrietta Oddname' under Oddname")
    )
    assert "SlotFailure" in report and REMOVED in report
    assert "Henrietta" not in report and "Oddname" not in report
    logged = (log_folder / LOG_FILE).read_text(encoding="utf-8")
    assert "SlotFailure" in logged and "Oddname" not in logged


@pytest.mark.qt_no_exception_capture
def test_an_error_in_another_thread_reaches_the_dialog(
    qtbot: QtBot, window: MainWindow, log_folder: Path
) -> None:
    def work() -> None:
        raise SlotFailure("from a worker thread")

    def in_a_thread() -> None:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()

    dialog = caught_error_dialog(qtbot, window, in_a_thread)
    assert "from a worker thread" in dialog.report
    assert "from a worker thread" in (log_folder / LOG_FILE).read_text(encoding="utf-8")


# ----- the log ----------------------------------------------------------------------------


def test_a_save_is_logged_by_case_number_only(
    qtbot: QtBot, window: MainWindow, spec: Spec, log_folder: Path
) -> None:
    type_identifier(qtbot, window, spec, "Henrietta Oddname")
    assert window.save()
    logged = (log_folder / LOG_FILE).read_text(encoding="utf-8")
    number = case_reference(spec, window.editor.record)
    assert f"case saved: {number}" in logged
    assert "Oddname" not in logged


def test_the_log_rotates(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    path = setup_logging(folder, max_bytes=2000, backup_count=3)
    try:
        for n in range(200):
            log.info("line %d %s", n, "x" * 40)
        for handler in log.handlers:
            handler.flush()
        kept = sorted(p.name for p in folder.iterdir())
        assert kept == [LOG_FILE, f"{LOG_FILE}.1", f"{LOG_FILE}.2", f"{LOG_FILE}.3"]
        assert all(p.stat().st_size <= 2000 for p in folder.iterdir())
        assert "line 199" in path.read_text(encoding="utf-8")
        assert setup_logging(folder) == path  # set up twice: still one handler
        assert len([h for h in log.handlers if isinstance(h, logging.FileHandler)]) == 1
    finally:
        for handler in list(log.handlers):
            log.removeHandler(handler)
            handler.close()


def test_redact_removes_values_and_their_words(spec: Spec) -> None:
    assert redact("Smith, Anna-Maria born 1960-05-12", ["Anna-Maria Smith", "1960-05-12"]) == (
        f"{REMOVED}, {REMOVED} born {REMOVED}"
    )
    assert redact("nothing here", []) == "nothing here"
    assert identifying_values(spec, None) == []
