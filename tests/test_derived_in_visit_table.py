"""The follow-up group's table of visits shows a visit dated only as "2 months after surgery"
(surgery 2019-03-12) at its derived date, "about May 2019 (derived)", italic in the derived
colour, while a visit with a typed date reads plainly; the derived date is never stored,
and a case reopened from the store shows it again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from tests.gui_helpers import show_tab
from tests.relative_visit import add_visit_after_surgery, choose, enter_surgery
from tests.test_as_reported_gui import type_line

DATE_COLUMN = 0  # forms/06_followup.toml: columns = ["visit_date", "status", ...]


def _cell(table: QTableWidget, row: int) -> QTableWidgetItem:
    item = table.item(row, DATE_COLUMN)
    assert item is not None
    return item


def _two_visits(qtbot: QtBot, window: MainWindow) -> QTableWidget:
    """A surgery on 2019-03-12; visit 1 typed as 2019-06-20, visit 2 "2 months after" it."""
    enter_surgery(qtbot, window, "TAB-DER")
    visits = show_tab(window, "followup").groups["followup_visit"]
    qtbot.mouseClick(visits.add_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, visits.fields.editors["visit_date"].input, "2019-06-20")
    choose(visits.fields.editors["status"].input, "ned")
    add_visit_after_surgery(qtbot, window)
    return visits.table


def _assert_cells(qtbot: QtBot, table: QTableWidget) -> None:
    qtbot.waitUntil(lambda: _cell(table, 1).text() == "about May 2019 (derived)")
    derived = _cell(table, 1)
    assert derived.font().italic()
    assert derived.foreground().color().name() == "#1f5f8b"
    assert "the event's date plus the time after it" in derived.toolTip()
    typed = _cell(table, 0)
    assert typed.text() == "20 June 2019"
    assert not typed.font().italic()
    assert typed.toolTip() == ""


def test_the_visit_table_shows_the_derived_date_marked(qtbot: QtBot, window: MainWindow) -> None:
    table = _two_visits(qtbot, window)
    _assert_cells(qtbot, table)


def test_the_derived_date_is_not_stored_and_shows_again_when_reopened(
    qtbot: QtBot, window: MainWindow
) -> None:
    table = _two_visits(qtbot, window)
    _assert_cells(qtbot, table)
    window.save_action.trigger()
    case_id = window.editor.record.case_id
    assert case_id is not None
    first, second = window.store.load(case_id).entries("followup_visit")
    assert first.values["visit_date"] == "2019-06-20"
    assert "visit_date" not in second.values
    assert (second.values["time_after_event"], second.values["time_after_unit"]) == ("2", "mo")
    window.new_action.trigger()  # another case, then this one again from the store
    visits = show_tab(window, "followup").groups["followup_visit"]
    qtbot.waitUntil(lambda: visits.table.rowCount() == 0)
    window.open_case(case_id)
    _assert_cells(qtbot, show_tab(window, "followup").groups["followup_visit"].table)


def test_a_date_typed_over_the_derived_one_reads_plainly(qtbot: QtBot, window: MainWindow) -> None:
    table = _two_visits(qtbot, window)
    _assert_cells(qtbot, table)
    date = show_tab(window, "followup").groups["followup_visit"].fields.editors["visit_date"]
    type_line(qtbot, date.input, "2019-05-20")
    qtbot.waitUntil(lambda: _cell(table, 1).text() == "20 May 2019")
    assert not _cell(table, 1).font().italic()
