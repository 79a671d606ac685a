"""The case list fetches a page at a time and shows a cohort's result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store import tables as t
from desktop_app.store.queries import Condition
from desktop_app.ui.case_list_model import PAGE, CaseListModel
from desktop_app.ui.case_list_panel import CaseListPanel


def _many(store: CaseStore, count: int) -> None:
    rows = [dict(case_number=f"M{n:05d}", status="draft", form_version="", row_version=1,
                 next_entry_id=1, problem_count=0, created_by="", created_at="", updated_by="",
                 updated_at="", title=f"case {n}", age=n % 90, sex="", site="", diagnosis="",
                 icdo3="") for n in range(count)]  # fmt: skip
    with store.engine.begin() as connection:
        connection.execute(insert(t.cases), rows)


def test_rows_are_fetched_a_page_at_a_time_and_sorted_in_sql(sqlite_store: CaseStore) -> None:
    _many(sqlite_store, PAGE * 2 + 50)
    model = CaseListModel(sqlite_store)
    model.refresh()
    assert model.total == PAGE * 2 + 50 and model.rowCount() == PAGE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE * 2
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == PAGE and model.data(model.index(0, 2)) == "89"
    assert model.row_of(model.rows[0].case_id) == 0


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
    assert panel.model.rows[0].case_number == "B-2"
    panel.search.clear()
    panel.set_conditions((Condition("", "age_at_presentation", ">=", "50"),))
    assert [r.case_number for r in panel.model.rows] == ["A-1"]
    assert panel.count.text() == "1 case"
    store.save_query("older", panel.conditions)
    assert store.saved_queries() == {"older": panel.conditions}
    store.close()
