"""The case list fetches a page at a time and shows a cohort's result."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store import tables as t
from desktop_app.store.queries import Condition
from desktop_app.ui.case_list_model import PAGE, PAGES_HELD, CaseListModel
from desktop_app.ui.case_list_panel import CaseListPanel
from tests.conftest import OpenWindow, forbid_dialogs


def _many(store: CaseStore, count: int) -> None:
    rows = [dict(case_number=f"M{n:05d}", status="draft", form_version="", row_version=1,
                 next_entry_id=1, problem_count=0, created_by="", created_at="", updated_by="",
                 updated_at="", title=f"case {n}", age=n % 90, sex="", site="", diagnosis="",
                 icdo3="") for n in range(count)]  # fmt: skip
    with store.engine.begin() as connection:
        connection.execute(insert(t.cases), rows)


def test_rows_are_fetched_a_page_at_a_time_and_sorted_in_sql(sqlite_store: CaseStore) -> None:
    count = PAGE * (PAGES_HELD + 4) + 50
    _many(sqlite_store, count)
    model = CaseListModel(sqlite_store)
    model.refresh()
    assert model.total == model.rowCount() == count and not model.pages  # nothing fetched yet
    assert model.data(model.index(PAGE + 3, 0)) == f"M{PAGE + 3:05d}"
    assert list(model.pages) == [1]  # only the page of that row
    for row in range(0, count, PAGE):  # scrolling through every case ...
        model.data(model.index(row, 0))
    assert len(model.pages) == PAGES_HELD  # ... holds no more than a few pages
    assert model.data(model.index(count - 1, 0)) == f"M{count - 1:05d}"
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 2)) == "89"
    first = model.case_at(0)
    assert first is not None and model.row_of(first.case_id) == 0


def test_the_row_of_a_case_far_down_comes_from_sql_without_fetching_pages(
    store: CaseStore,
) -> None:
    for number, age in (("C-3", ""), ("A-1", "40"), ("B-2", "40"), ("D-4", "7")):
        store.save(CaseRecord(values={"case_number": number, "age_at_presentation": age}))
    model = CaseListModel(store)
    model.refresh()
    last = store.find("D-4")
    assert last is not None and model.row_of(last) == 3 and not model.pages
    for column, descending in ((0, False), (0, True), (2, False), (2, True)):
        order_kind = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        model.sort(column, order_kind)
        order = [c.case_id for c in store.find_cases(model.filter, model.sort_column, descending)]
        model.pages.clear()
        assert [model.row_of(i) for i in order] == [0, 1, 2, 3], (column, descending)
    model.set_filter(replace(model.filter, text="B-"))
    assert model.row_of(last) is None and model.total == 1


def test_search_and_cohort_narrow_the_list(qtbot: QtBot, db_path: Path, spec: Spec) -> None:
    store = CaseStore.open(db_path, spec)
    for number, age in (("A-1", "57"), ("B-2", "45")):
        store.save(CaseRecord(values={"case_number": number, "age_at_presentation": age}))
    panel = CaseListPanel(store)
    qtbot.addWidget(panel)
    panel.apply_filter()
    assert panel.model.total == 2
    qtbot.keyClicks(panel.search, "B-")
    qtbot.waitUntil(lambda: panel.model.total == 1)
    assert [r.case_number for r in panel.model.shown_cases()] == ["B-2"]
    panel.search.clear()
    panel.set_conditions((Condition("", "age_at_presentation", ">=", "50"),))
    assert [r.case_number for r in panel.model.shown_cases()] == ["A-1"]
    assert panel.count.text() == "1 case"
    store.save_query("older", panel.conditions)
    assert store.saved_queries() == {"older": panel.conditions}
    store.close()


def test_ctrl_click_keeps_both_cases_selected_for_a_board_packet(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from pypdf import PdfReader

    from desktop_app.ui.case_list_model import CASE_ID_ROLE

    forbid_dialogs(monkeypatch, "question", "warning", "information")
    window = main_window(demo=True, active=True)
    table = window.case_table

    def click(row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        rect = table.visualRect(table.model().index(row, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    click(0)
    first = table.model().index(0, 0).data(CASE_ID_ROLE)
    qtbot.waitUntil(lambda: window.current_case_id() == first)
    click(2, Qt.KeyboardModifier.ControlModifier)
    chosen = [table.model().index(r, 0).data() for r in (0, 2)]
    assert window.case_list.selected_case_ids() == [
        table.model().index(r, 0).data(CASE_ID_ROLE) for r in (0, 2)
    ]
    assert window.current_case_id() == first  # Ctrl+click selects; it does not open
    report = window.report_actions
    assert report is not None
    preview = report.preview_packet()
    assert preview is not None
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages)
    left_out = table.model().index(1, 0).data()
    assert all(number in text for number in chosen) and left_out not in text
    preview.close()


def test_a_new_list_is_counted_once_when_filled_and_again_when_sorted(
    qtbot: QtBot, sqlite_store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(sqlite_store, 30)
    counted: list[object] = []
    count_cases = sqlite_store.count_cases
    monkeypatch.setattr(sqlite_store, "count_cases",
                        lambda *a, **k: counted.append(a) or count_cases(*a, **k))  # fmt: skip
    panel = CaseListPanel(sqlite_store)
    qtbot.addWidget(panel)
    assert counted == []  # building the view sorts it, but nothing is shown to sort yet
    panel.apply_filter()  # what the main window does once it is built
    assert len(counted) == 1  # a count of a large database is a few ms each (issue 13)
    header = panel.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0, Qt.SortOrder.AscendingOrder)  # fmt: skip
    assert [c.case_number for c in panel.model.shown_cases(3)] == ["M00000", "M00001", "M00002"]
    assert panel.count.text() == "30 cases"
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # a click on the header
    assert len(counted) > 1  # once filled, every sort starts again
    assert [c.case_number for c in panel.model.shown_cases(2)] == ["M00029", "M00028"]
