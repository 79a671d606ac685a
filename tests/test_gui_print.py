"""GUI tests of printing from the window: Ctrl+P writes the open case's summary PDF, and
what the PDF then says (read back with pypdf) of what was typed or removed in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import OpenWindow, forbid_dialogs
from tests.test_gui import field_set, type_line

Button = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may leave a modal dialog waiting: an unexpected question or warning fails."""
    forbid_dialogs(monkeypatch, "question", "warning")


def test_ctrl_p_prints_the_open_case_to_pdf(
    qtbot: QtBot,
    main_window: OpenWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    window = main_window()
    window.new_action.trigger()
    case = field_set(window, "case")
    type_line(qtbot, case, "case_number", "PDF-7")
    type_line(qtbot, case, "title", "Scalp leiomyosarcoma")
    type_line(qtbot, field_set(window, "history"), "age_at_presentation", "39")
    target = tmp_path / "out.pdf"
    offered: list[str] = []

    def choose(*args: object, **kwargs: object) -> tuple[str, str]:
        offered.append(str(args[2]))
        return str(target), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    window.print_action.trigger()
    assert offered == ["PDF-7.pdf"]
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert "PDF-7" in text and "Scalp leiomyosarcoma" in text and "39 years" in text
    assert "Patient name" not in text  # an empty field prints nothing


def test_the_diagnostic_course_is_not_told_inside_the_physical_examination(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    from desktop_app.record import CaseRecord

    window = main_window()
    values = {"case_number": "DX-2", "exam_skin": "true", "diagnostic_delay": "true"}
    saved = window.store.save(CaseRecord(values=values))
    window.refresh_list()
    window.open_case(saved.case_id or 0)
    type_line(qtbot, field_set(window, "history"), "exam_mass_size_mm", "30")
    target = tmp_path / "dx.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.print_action.trigger()
    lines = "\n".join(p.extract_text() for p in PdfReader(target).pages).splitlines()
    delay = [line for line in lines if "Misdiagnosis or delay" in line]
    exam = [line for line in lines if "Mass size" in line]
    assert delay and exam, lines
    assert delay[0].startswith("Misdiagnosis or delay: Yes.")  # a paragraph of its own
    assert "Misdiagnosis" not in exam[0] and "Skin changes" in exam[0]


def _answer_question(qtbot: QtBot, button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next question box as the registrar would: read it, click a button."""
    from PySide6.QtCore import QTimer

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        seen.append(box.text())
        clicked = box.button(button)
        assert clicked is not None
        clicked.click()

    QTimer.singleShot(0, answer)


def test_removing_a_specimen_that_ihc_results_point_to_asks_and_no_internal_number_prints(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import re

    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    window = main_window(demo=True, active=True)
    window.open_case(window.store.find("DEMO-003") or 0)
    field_set(window, "pathology", "specimen")
    specimens = window.editor.tabs.currentWidget().groups["specimen"]
    first = specimens.entries[0].entry_id
    specimens.select_entry(first)
    seen: list[str] = []
    _answer_question(qtbot, Button.No, seen)
    qtbot.mouseClick(specimens.remove_button, Qt.MouseButton.LeftButton)
    assert specimens.entries[0].entry_id == first  # No: still there
    assert "Specimen 1 is referred to by:" in seen[0]
    assert "Marker 1 › Specimen" in seen[0] and "Marker 3 › Specimen" in seen[0]
    _answer_question(qtbot, Button.Yes, seen)
    qtbot.mouseClick(specimens.remove_button, Qt.MouseButton.LeftButton)
    assert first not in [e.entry_id for e in specimens.entries]
    record = window.editor.record
    assert all("specimen" not in e.values for e in record.entries("ihc_result"))
    # The lesion the remaining specimen is given has no label: it prints by its place.
    kept = record.entries("specimen")[0]
    kept.values["lesion"] = str(record.entries("lesion")[1].entry_id)
    record.entries("lesion")[1].values.pop("lesion_label")
    window.editor.load(record, base=window.session.base)  # shown as if typed
    window.editor.set_dirty(True)
    assert window.save()
    target = tmp_path / "removed.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.print_action.trigger()
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Cervical smear" in text and "Lesion 2" in text, text
    assert not re.search(r"#\s*\d", text), re.findall(r".{30}#\s*\d.{10}", text)
