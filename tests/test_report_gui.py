"""The tumour-board PDF in the GUI: preview, save, print, and a board packet of the cases
selected in the list; and the `report` command's packet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar
from pytestqt.qtbot import QtBot

from desktop_app.demo import demo_records
from desktop_app.report import CONFIDENTIAL
from desktop_app.settings import Settings
from desktop_app.spec import Spec
from desktop_app.ui.case_list_model import CASE_ID_ROLE
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pdf_preview import PdfPreview, page_images, print_pdf
from desktop_app.ui.report_actions import ReportActions
from tests.conftest import OpenWindow, forbid_dialogs


@pytest.fixture
def window(main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    forbid_dialogs(monkeypatch, "question", "warning")
    main = main_window(demo=True, settings=Settings(registrar_name="Dr Ana Müller"))
    assert main.report_actions is not None  # the window installs them itself
    return main


def actions(window: MainWindow) -> ReportActions:
    found = window.report_actions  # type: ignore[attr-defined]
    assert isinstance(found, ReportActions)
    return found


def numbers() -> list[str]:
    return sorted(r.values["case_number"] for r in demo_records())


def select_rows(window: MainWindow, rows: list[int]) -> None:
    selection = window.case_table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.clearSelection()
    for row in rows:
        selection.select(window.case_table.model().index(row, 0), flags)


def test_actions_are_in_the_file_menu_and_toolbar(window: MainWindow) -> None:
    report = actions(window)
    menu_texts = [a.text() for m in window.menuBar().actions() if m.menu()
                  for a in m.menu().actions()]  # fmt: skip
    assert report.preview_action.text() in menu_texts
    assert report.packet_action.text() in menu_texts
    toolbar = window.findChild(QToolBar, "case_toolbar")
    assert toolbar is not None
    assert report.preview_action in toolbar.actions() and report.packet_action in toolbar.actions()


def test_preview_of_the_open_case_then_save_and_print(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    select_rows(window, [0])
    window.open_case(window.case_table.model().index(0, 0).data(CASE_ID_ROLE))
    preview = actions(window).preview_case()
    assert isinstance(preview, PdfPreview) and preview.isVisible()
    assert preview.page_count >= 1
    text = "\n".join(p.extract_text() for p in PdfReader(_bytes(preview.pdf)).pages)
    assert numbers()[0] in text and "de-identified" in text and CONFIDENTIAL not in text
    assert "Dr Ana Müller" in text
    # Asking for identifiers renders again, marked on every page.
    preview.identified.setChecked(True)
    pages = [p.extract_text() for p in PdfReader(_bytes(preview.pdf)).pages]
    assert all(CONFIDENTIAL in page for page in pages)
    preview.paper.setCurrentText("Letter")
    box = PdfReader(_bytes(preview.pdf)).pages[0].mediabox
    assert round(float(box.width)) == 612
    target = tmp_path / "saved"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF files (*.pdf)"))  # fmt: skip
    with qtbot.waitSignal(preview.saved):
        qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "saved.pdf").read_bytes() == preview.pdf
    # Printing draws each page on the printer; a PDF printer stands in for a real one.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(72)
    count = len(PdfReader(_bytes(preview.pdf)).pages)
    assert print_pdf(preview.pdf, printer) == count == preview.page_count
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == count
    preview.close()


def test_board_packet_of_the_selected_cases(qtbot: QtBot, window: MainWindow) -> None:
    select_rows(window, [0, 2, 3])
    preview = actions(window).preview_packet()
    assert preview is not None
    pages = [p.extract_text() for p in PdfReader(_bytes(preview.pdf)).pages]
    chosen = [numbers()[i] for i in (0, 2, 3)]
    assert "Agenda" in pages[0] and all(number in pages[0] for number in chosen)
    assert numbers()[1] not in "\n".join(pages)
    preview.close()


def test_nothing_selected_says_so(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(str(a[1])))
    window.case_table.selectionModel().clearSelection()
    assert actions(window).preview_packet() is None
    assert actions(window).preview_case() is None
    assert told == ["No case selected", "No case open"]


def test_pages_rasterise_offline(tmp_path: Path, spec: Spec) -> None:
    from desktop_app.report import render_case_summary

    path = tmp_path / "c.pdf"
    render_case_summary(spec, [demo_records()[0]], path)
    images = page_images(path.read_bytes(), 50)
    assert images and all(not image.isNull() for image in images)
    assert abs(images[0].width() - 595 * 50 / 72) < 2


def test_report_command_writes_a_packet(tmp_path: Path) -> None:
    env = dict(os.environ, CASE_ABSTRACTOR_DATA_DIR=str(tmp_path))
    db = tmp_path / "demo.sqlite"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True,
                              text=True, env=env, timeout=120, check=False)  # fmt: skip

    assert run("demo", str(db)).returncode == 0
    out = tmp_path / "packet.pdf"
    done = run("report", *numbers()[:3], "-o", str(out), "--db", str(db), "--paper", "Letter",
               "--board-date", "4 December 2026", "--identified")  # fmt: skip
    assert done.returncode == 0, done.stderr
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert "Agenda" in pages[0] and "4 December 2026" in pages[0]
    assert all(CONFIDENTIAL in page for page in pages)
    assert round(float(PdfReader(out).pages[0].mediabox.width)) == 612


def _bytes(data: bytes) -> object:
    import io

    return io.BytesIO(data)
