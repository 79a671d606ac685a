"""The app makes no network connection. Every way Python code opens an internet socket is
blocked (and recorded) while the GUI starts as `case-abstractor --demo` does, a change is
typed and saved, the PDF is rendered and the cases are exported to JSON, CSV and XLSX.

Qt's own C++ code is beyond a Python-level block; that no Qt network module is even
imported (PySide6.QtNetwork) covers it as far as this app's code reaches."""

from __future__ import annotations

import io
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.app import start_logging
from desktop_app.cli import parse
from desktop_app.exchange import export_records
from desktop_app.locations import logs_dir
from desktop_app.logs import LOG_FILE, log
from desktop_app.ui.error_dialog import ErrorDialog
from desktop_app.ui.launch import open_main_window
from desktop_app.ui.main_window import MainWindow
from tests.conftest import forbid_dialogs

INTERNET = (socket.AF_INET, socket.AF_INET6)


class NetworkBlocked(OSError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Any attempt at an internet socket raises, and is recorded."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def blocked(*args: object, **kwargs: object) -> Any:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise NetworkBlocked(f"no network in this test: {what}")

        return blocked

    original_init = socket.socket.__init__

    def guarded_init(self: socket.socket, family: int = -1, *args: Any, **kwargs: Any) -> None:
        if family in INTERNET or (family == -1 and kwargs.get("fileno") is None):
            attempts.append(f"socket.socket(family={family})")
            raise NetworkBlocked("no internet sockets in this test")
        original_init(self, family, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "__init__", guarded_init)
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield attempts


def test_the_block_itself_works(no_network: list[str]) -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with pytest.raises(NetworkBlocked):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("localhost", 80)
    assert len(no_network) == 3


def test_start_save_print_and_export_without_a_network(
    qtbot: QtBot, tmp_path: Path, no_network: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    forbid_dialogs(monkeypatch, "warning", "critical")
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: errors.append(self.report) or 0)
    data = tmp_path / "data"
    args = parse(["--demo", "--data-dir", str(data)])
    start_logging(args)

    # Start-up, as `case-abstractor --demo` does it (only app.exec() is left out).
    window = open_main_window(args)
    assert isinstance(window, MainWindow), window
    qtbot.addWidget(window)
    try:
        cases = window.store.list_cases()
        assert len(cases) >= 5

        # Type a change and save it.
        window.open_case(cases[0].case_id)
        field = window.store.spec.role_field("institution")
        assert field is not None
        for index, tab in enumerate(window.editor.form_tabs):
            if tab.case_fields is not None and field.id in tab.case_fields.editors:
                window.editor.tabs.setCurrentIndex(index)
                box = tab.case_fields.editors[field.id].input
        assert isinstance(box, QLineEdit)
        box.selectAll()
        qtbot.keyClicks(box, "Offline General Hospital")
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert window.save()
        stored = window.store.load(cases[0].case_id)
        assert stored.values[field.id] == "Offline General Hospital"

        # The PDF, through the preview the registrar uses.
        preview = window.report_actions.preview_case()  # type: ignore[attr-defined]
        assert preview is not None
        qtbot.addWidget(preview)
        text = PdfReader(io.BytesIO(preview.pdf)).pages[0].extract_text()
        assert "Offline General Hospital" in text

        # Every export format.
        for fmt, name in (("json", "cases.json"), ("csv-long", "cases.csv"),
                          ("csv-wide", "wide"), ("xlsx", "cases.xlsx")):  # fmt: skip
            out = tmp_path / name
            assert export_records(window.store, out, fmt) == len(cases)
            assert out.exists()
        assert "Offline General Hospital" in (tmp_path / "cases.json").read_text("utf-8")
    finally:
        window.context.error_handler.uninstall()  # type: ignore[union-attr]
        window.close()
        window.store.close()
        for handler in list(log.handlers):  # the log goes back to no file
            log.removeHandler(handler)
            handler.close()

    assert errors == []
    assert no_network == [], f"network attempted: {no_network}"
    assert "PySide6.QtNetwork" not in sys.modules
    assert "PySide6.QtWebEngineCore" not in sys.modules
    logged = (logs_dir(data) / LOG_FILE).read_text(encoding="utf-8")
    assert "started" in logged and "database opened" in logged and "case saved" in logged
