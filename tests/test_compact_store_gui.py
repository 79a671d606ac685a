"""The case list while searching (issue 13): a marker typed in the search box finds the case
whose IHC entry holds it, and the row says where it matched; a search's count stops at a
cap ("3+ cases" here) and goes on when the list is scrolled to its end."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.ui import case_list_model
from desktop_app.ui.case_list_panel import CaseListPanel


def test_a_marker_typed_in_the_search_finds_its_case_and_says_where(
    qtbot: QtBot, db_path: Path, spec: Spec
) -> None:
    store = CaseStore.open(db_path, spec)
    one = CaseRecord(values={"case_number": "IHC-1", "title": "Solitary fibrous tumour"})
    one.add_entry("ihc_result", {"marker": "CD34", "result": "positive"})
    store.save(one)
    other = CaseRecord(values={"case_number": "IHC-2", "title": "Leiomyoma"})
    other.add_entry("ihc_result", {"marker": "SMA", "result": "positive"})
    store.save(other)
    panel = CaseListPanel(store)
    qtbot.addWidget(panel)
    panel.apply_filter()
    qtbot.keyClicks(panel.search, "CD34")
    qtbot.waitUntil(lambda: panel.count.text() == "1 case")
    assert [c.case_number for c in panel.model.shown_cases()] == ["IHC-1"]
    tip = panel.model.data(panel.model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip == "matched in: Immunohistochemistry, Marker: CD34"
    panel.search.clear()
    panel.apply_filter()
    assert panel.model.data(panel.model.index(0, 1), Qt.ItemDataRole.ToolTipRole) is None
    store.close()


def test_a_search_counts_up_to_a_cap_then_on_when_scrolled(
    qtbot: QtBot, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(case_list_model, "COUNT_CAP", 3)
    store = CaseStore.open(db_path, spec)
    for n in range(5):
        store.save(CaseRecord(values={"case_number": f"T-{n}", "title": "Sarcoma of the thigh"}))
    store.save(CaseRecord(values={"case_number": "A-9", "title": "Sarcoma of the arm"}))
    panel = CaseListPanel(store)
    qtbot.addWidget(panel)
    panel.apply_filter()
    assert panel.count.text() == "6 cases"  # no search: every case counted
    qtbot.keyClicks(panel.search, "thigh")
    qtbot.waitUntil(lambda: panel.count.text() == "3+ cases")
    assert panel.model.rowCount() == 3 and panel.model.canFetchMore(QModelIndex())
    panel.model.fetchMore(QModelIndex())  # what the view asks at the end of the list
    assert panel.count.text() == "5 cases"
    assert [c.case_number for c in panel.model.shown_cases()] == [f"T-{n}" for n in range(5)]
    store.close()
