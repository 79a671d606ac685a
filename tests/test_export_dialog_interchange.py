"""File ▸ Export… to REDCap's import CSV and CDISC ODM: the same de-identified-by-default
review, whole-or-nothing writing and Stop as the other formats, chosen and typed in the
real widgets, and the file written read back: no identifier in the de-identified one, the
registrar's name and reason only in the identified ODM."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import xmlschema
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop_app.exchange import export_records
from desktop_app.exchange.unfinished import unfinished_path
from desktop_app.ui import export_dialog
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.main_window import MainWindow
from tests import test_export_dialog as base
from tests.test_exchange_deidentify import exported_text
from tests.test_interchange import ODM_SCHEMA

window, out = base.window, base.out  # its fixtures: the planted cases, selected
FORBIDDEN, PLANTED = base.FORBIDDEN, base.PLANTED
files_in, open_export, review_of = base.files_in, base.open_export, base.review_of
REGISTRAR = "registrar_zq_8812"
REASON = "reason_zq_9923 after the board"
# What the format list says of each, as the registrar types to choose it.
TYPED = {"redcap": "REDCap", "odm": "CDISC"}
NAMES = {"redcap": "cases.csv", "odm": "cases.xml"}


def _saved_by_a_registrar(window: MainWindow) -> None:
    """Each planted case's question changed by a named registrar with a reason, so that its
    audit names a person."""
    store = window.store
    board = store.spec.role_field("board_question")
    assert board is not None
    for case in store.list_cases():
        record = store.load(case.case_id)
        record.values[board.id] += " Reviewed."
        store.save(record, user=REGISTRAR, reason=REASON)


def _choose(qtbot: QtBot, dialog: ExportDialog, fmt: str) -> None:
    dialog.format.setCurrentIndex(0)
    dialog.format.setFocus()
    qtbot.keyClicks(dialog.format, TYPED[fmt])
    assert dialog.format.currentData() == fmt


@pytest.mark.parametrize("fmt", ["redcap", "odm"])
def test_deidentified_interchange_export_is_reviewed_then_holds_no_identifier(
    qtbot: QtBot, window: MainWindow, out: Path, fmt: str
) -> None:
    _saved_by_a_registrar(window)
    target = out / NAMES[fmt]
    dialog = open_export(qtbot, window, out / "cases")  # the suffix comes from the format
    _choose(qtbot, dialog, fmt)
    review = review_of(qtbot, dialog)
    assert review.row_texts() and not target.exists()  # nothing before the review is accepted
    qtbot.mouseClick(review.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "written to" in dialog.message.text())
    assert "2 case(s) written" in dialog.message.text() and "de-identified" in dialog.message.text()
    assert files_in(out) == [NAMES[fmt]]  # and nothing unfinished beside it
    text = "\n".join(exported_text(target))
    assert all(number in text for number, *_rest in PLANTED)
    assert "[patient name]" in text
    leaks = [w for w in (*FORBIDDEN, REGISTRAR, "reason_zq_9923") if w in text]
    assert leaks == []
    if fmt == "odm":
        xmlschema.XMLSchema(str(ODM_SCHEMA)).validate(str(target))
        assert "<DateTimeStamp>" in text and "LoginName" not in text


def test_identified_odm_says_who_saved_and_why(qtbot: QtBot, window: MainWindow, out: Path) -> None:
    _saved_by_a_registrar(window)
    dialog = open_export(qtbot, window, out / "cases")
    _choose(qtbot, dialog, "odm")
    indicator = QPoint(8, dialog.identified.height() // 2)  # where the round button is
    qtbot.mouseClick(dialog.identified, Qt.MouseButton.LeftButton, pos=indicator)
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)  # no review: identified
    qtbot.waitUntil(lambda: "written to" in dialog.message.text())
    text = (out / "cases.xml").read_text(encoding="utf-8")
    assert f"<LoginName>{REGISTRAR}</LoginName>" in text and "reason_zq_9923" in text
    assert PLANTED[0][1] in text  # the patient's name: the file is identified


@pytest.mark.parametrize("fmt", ["redcap", "odm"])
def test_stop_while_writing_an_interchange_file_leaves_nothing(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    target = out / NAMES[fmt]
    dialog = open_export(qtbot, window, out / "cases")
    _choose(qtbot, dialog, fmt)
    reached = threading.Event()

    def held(*args: object, progress: export_dialog.Tick, **kwargs: object) -> int:
        def tick(done: int) -> None:  # the first case is read: wait for Stop
            reached.set()
            job = dialog.job
            assert job is not None
            job.cancel.wait(30)
            progress(done)

        return export_records(*args, progress=tick, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(export_dialog, "export_records", held)
    dialog.identified.setChecked(True)  # straight to the write
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set)
    assert dialog.stop_button.isVisible() and not dialog.format.isEnabled()
    begun = files_in(out)
    assert begun in ([], [unfinished_path(target).name])  # never the target itself
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "Stopped: nothing written.")
    assert files_in(out) == []
