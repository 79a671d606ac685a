"""Every tab of a full case fits the width of the window at its default size: a registrar
scrolls down a form, never sideways."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.ui.field_editors import multichoice_columns
from tests.conftest import OpenWindow, forbid_dialogs


def test_no_tab_of_a_demo_case_scrolls_sideways_at_the_default_size(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_dialogs(monkeypatch, "question", "warning")
    window = main_window(demo=True)
    too_wide = []
    for case in window.store.list_cases():
        window.open_case(case.case_id)
        for index, tab in enumerate(window.editor.form_tabs):
            window.editor.tabs.setCurrentIndex(index)
            qtbot.wait(10)
            if tab.horizontalScrollBar().maximum() > 0:
                too_wide.append(f"{case.case_number} {tab.form.label}")
    assert too_wide == []


def test_tick_boxes_stand_in_one_row_when_they_fit_and_in_columns_when_not() -> None:
    assert multichoice_columns([60, 60, 80], room=300) == 3
    # Five boxes of 150 px: one row needs 798 px; three columns of 150 (+ gaps) fit 500.
    assert multichoice_columns([150] * 5, room=500, gap=12) == 3
    # Columns are as wide as their widest box: the first column takes 400 px here.
    assert multichoice_columns([400, 50, 50, 50], room=500, gap=12) == 2
    assert multichoice_columns([400, 300], room=500, gap=12) == 1
