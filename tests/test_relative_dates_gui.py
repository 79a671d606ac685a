"""A follow-up visit dated only as "2 months after surgery", through the widgets: the visit's
date input shows the derived "~2019-05" and it is never stored as the source's date, even
when the registrar passes through the input and saves; a date typed over it stands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from tests.gui_helpers import show_tab
from tests.test_as_reported_gui import type_line


def _choose(combo: object, code: str) -> None:
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(code))
    assert combo.currentData() == code


def _visit_after_surgery(qtbot: QtBot, window: MainWindow) -> None:
    case = show_tab(window, "case").case_fields
    assert case is not None
    type_line(qtbot, case.editors["case_number"].input, "REL-GUI")
    treatments = show_tab(window, "treatment").groups["treatment"]
    qtbot.mouseClick(treatments.add_button, Qt.MouseButton.LeftButton)
    _choose(treatments.fields.editors["modality"].input, "surgery")
    type_line(qtbot, treatments.fields.editors["start_date"].input, "2019-03-12")
    visits = show_tab(window, "followup").groups["followup_visit"]
    qtbot.mouseClick(visits.add_button, Qt.MouseButton.LeftButton)
    fields = visits.fields
    _choose(fields.editors["status"].input, "ned")
    type_line(qtbot, fields.editors["time_after_event"].input, "2")
    _choose(fields.editors["time_after_unit"].input, "mo")
    ref = fields.editors["after_treatment"].input
    assert isinstance(ref, QComboBox)
    ref.setCurrentIndex(1)  # the surgery, the only treatment


def test_the_derived_visit_date_is_shown_and_not_stored(qtbot: QtBot, window: MainWindow) -> None:
    _visit_after_surgery(qtbot, window)
    date = show_tab(window, "followup").groups["followup_visit"].fields.editors["visit_date"]
    qtbot.waitUntil(lambda: date.derived_shown)
    assert date.raw() == "~2019-05"
    date.input.setFocus()  # passed through without typing
    qtbot.keyClick(date.input, Qt.Key.Key_Tab)
    window.save_action.trigger()
    case_id = window.editor.record.case_id
    assert case_id is not None
    visit = window.store.load(case_id).entries("followup_visit")[0].values
    assert "visit_date" not in visit
    assert (visit["time_after_event"], visit["time_after_unit"]) == ("2", "mo")


def test_a_date_typed_over_the_derived_one_is_stored(qtbot: QtBot, window: MainWindow) -> None:
    _visit_after_surgery(qtbot, window)
    date = show_tab(window, "followup").groups["followup_visit"].fields.editors["visit_date"]
    qtbot.waitUntil(lambda: date.derived_shown)
    assert isinstance(date.input, QLineEdit)
    type_line(qtbot, date.input, "2019-05-20")
    window.save_action.trigger()
    case_id = window.editor.record.case_id
    assert case_id is not None
    visit = window.store.load(case_id).entries("followup_visit")[0].values
    assert visit["visit_date"] == "2019-05-20"
