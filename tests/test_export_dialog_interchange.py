"""File ▸ Export… to REDCap's import CSV and CDISC ODM: the same de-identified-by-default
review, whole-or-nothing writing and Stop as the other formats, chosen and typed in the
real widgets, and the file written read back: no identifier in the de-identified one, the
registrar's name and reason only in the identified ODM."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop_app.exchange.unfinished import unfinished_path
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
    reached = base.held_at_first_case(dialog, monkeypatch)
    dialog.identified.setChecked(True)  # straight to the write
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set)
    assert dialog.stop_button.isVisible() and not dialog.format.isEnabled()
    begun = files_in(out)
    assert begun in ([], [unfinished_path(target).name])  # never the target itself
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "Stopped: nothing written.")
    assert files_in(out) == []


@pytest.mark.parametrize("fmt", ["redcap", "odm"])
def test_de_identified_interchange_from_the_window_holds_no_birth_date_date_or_login(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Planted beside the names: a date of birth, a dated operation, both written again in
    the free text, and an audit as PostgreSQL gives it (the server's login, the account).
    The de-identified file has dates only as distances, and no login or account."""
    store = window.store
    board = store.spec.role_field("board_question")
    assert board is not None
    for case in store.list_cases():
        record = store.load(case.case_id)
        record.values.update(date_of_birth="1961-04-17", index_date="2019-01-10",
                             index_date_kind="diagnosis")  # fmt: skip
        record.add_entry("treatment", {"modality": "surgery", "start_date": "2019-03-12"})
        record.values[board.id] += " Born 17 April 1961; operated on 12/03/2019."
        store.save(record, user=REGISTRAR, reason=REASON)
    real = type(store).audit_trail

    def as_on_postgresql(self: object, case_id: int) -> list[dict[str, object]]:
        return [dict(e, server_login="login_zq_4471", os_user="osacct_zq_5582")
                for e in real(self, case_id)]  # type: ignore[arg-type]  # fmt: skip

    monkeypatch.setattr(type(store), "audit_trail", as_on_postgresql)
    target = out / NAMES[fmt]
    dialog = open_export(qtbot, window, out / "cases")
    _choose(qtbot, dialog, fmt)
    qtbot.mouseClick(review_of(qtbot, dialog).go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "written to" in dialog.message.text())
    text = "\n".join(exported_text(target))
    assert all(number in text for number, *_rest in PLANTED)
    planted = ("1961", "17 April", "2019-03-12", "12/03/2019", "2019-01-10", "login_zq_4471",
               "osacct_zq_5582", REGISTRAR, "reason_zq_9923", *FORBIDDEN)  # fmt: skip
    assert [word for word in planted if word in text] == []
