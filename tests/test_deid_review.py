"""Issue 12: before a de-identified PDF is written, the registrar can see each replacement in
context, then save; what is saved holds none of what was typed as an identifier."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop_app.spec import Spec
from desktop_app.ui.deid_review import DeidReviewDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.report_actions import ReportActions
from tests.conftest import OpenWindow, forbid_dialogs

QUESTION = "Should Mrs Okafor-Ng (MRN 7788123) have surgery?"


def case_fields(window: MainWindow):  # type: ignore[no-untyped-def]
    tab = next(t for t in window.editor.form_tabs if t.form.id == "case")
    window.editor.tabs.setCurrentWidget(tab)
    assert tab.case_fields is not None
    return tab.case_fields


def type_into(qtbot: QtBot, widget: object, text: str) -> None:
    assert isinstance(widget, QLineEdit | QPlainTextEdit)
    qtbot.keyClicks(widget, text)
    if isinstance(widget, QLineEdit):
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def window(main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    forbid_dialogs(monkeypatch, "question", "warning")
    main = main_window()
    assert main.report_actions is not None  # the window installs them itself
    return main


def test_review_shows_each_replacement_in_context_then_saves(
    qtbot: QtBot, window: MainWindow, spec: Spec, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.new_action.trigger()
    fields = case_fields(window)
    name = next(f for f in spec.case_fields if f.phi and f.type == "text" and not f.role)
    record_number = spec.role_field("record_number")
    question = spec.role_field("board_question")
    assert record_number is not None and question is not None
    type_into(qtbot, fields.editors[name.id].input, "Harriet Okafor-Ng")
    type_into(qtbot, fields.editors[record_number.id].input, "7788-123")
    type_into(qtbot, fields.editors[question.id].input, QUESTION)
    actions = window.report_actions  # type: ignore[attr-defined]
    assert isinstance(actions, ReportActions)
    preview = actions.preview_case()
    assert preview is not None
    shown = pdf_text(preview.pdf)
    assert "Should Mrs [patient name] (MRN [medical record number]) have surgery?" in shown
    assert "Okafor" not in shown and "7788" not in shown

    review = preview.findChild(type(preview.save_button), "preview_review")
    assert review is not None and review.isEnabled()
    qtbot.mouseClick(review, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(preview.review, DeidReviewDialog)
                    and preview.review.isVisible())  # fmt: skip
    dialog = preview.review
    assert isinstance(dialog, DeidReviewDialog)
    rows = dialog.row_texts()
    assert any(
        "Okafor-Ng → [patient name]" in r
        and "Should Mrs [patient name] (MRN [medical record number])" in r
        for r in rows
    ), rows
    assert any("7788123 → [medical record number]" in r for r in rows), rows

    target = tmp_path / "reviewed.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF files (*.pdf)"))  # fmt: skip
    with qtbot.waitSignal(preview.saved):
        qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    saved = pdf_text(target.read_bytes())
    assert "[patient name]" in saved and "Okafor" not in saved

    preview.identified.setChecked(True)  # nothing is removed from the identified version
    assert not review.isEnabled()
    assert QUESTION in pdf_text(preview.pdf)
    preview.close()
