"""Entering, through the widgets, a case with a surgery on 2019-03-12 and a follow-up visit
dated only as "2 months after" that surgery; shared by the GUI tests of derived visit dates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from tests.gui_helpers import show_tab
from tests.test_as_reported_gui import type_line


def choose(combo: object, code: str) -> None:
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(code))
    assert combo.currentData() == code


def enter_surgery(qtbot: QtBot, window: MainWindow, case_number: str) -> None:
    """The case number typed, then one treatment: a surgery started on 2019-03-12."""
    case = show_tab(window, "case").case_fields
    assert case is not None
    type_line(qtbot, case.editors["case_number"].input, case_number)
    treatments = show_tab(window, "treatment").groups["treatment"]
    qtbot.mouseClick(treatments.add_button, Qt.MouseButton.LeftButton)
    choose(treatments.fields.editors["modality"].input, "surgery")
    type_line(qtbot, treatments.fields.editors["start_date"].input, "2019-03-12")


def add_visit_after_surgery(qtbot: QtBot, window: MainWindow) -> None:
    """A new visit, no evidence of disease, dated only as 2 months after the surgery."""
    visits = show_tab(window, "followup").groups["followup_visit"]
    qtbot.mouseClick(visits.add_button, Qt.MouseButton.LeftButton)
    fields = visits.fields
    choose(fields.editors["status"].input, "ned")
    type_line(qtbot, fields.editors["time_after_event"].input, "2")
    choose(fields.editors["time_after_unit"].input, "mo")
    ref = fields.editors["after_treatment"].input
    assert isinstance(ref, QComboBox)
    ref.setCurrentIndex(1)  # the surgery, the only treatment
