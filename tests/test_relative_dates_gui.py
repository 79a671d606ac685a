"""A follow-up visit dated only as "2 months after surgery", through the widgets: the visit's
date input shows the derived "~2019-05" and it is never stored as the source's date, even
when the registrar passes through the input and saves; a date typed over it stands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from tests.gui_helpers import show_tab
from tests.relative_visit import add_visit_after_surgery, enter_surgery
from tests.test_as_reported_gui import type_line


def _visit_after_surgery(qtbot: QtBot, window: MainWindow) -> None:
    enter_surgery(qtbot, window, "REL-GUI")
    add_visit_after_surgery(qtbot, window)


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
