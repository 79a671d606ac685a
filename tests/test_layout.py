"""Every tab of a full case fits the width of the window at its default size: a registrar
scrolls down a form, never sideways."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.ui.multichoice_editor import multichoice_columns
from tests.conftest import OpenWindow, forbid_dialogs


def laid_out() -> None:
    """Handle every posted layout request now: what a fixed wait hoped had happened."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.processEvents()


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
            qtbot.waitUntil(tab.isVisible)
            laid_out()  # the layout requests posted by showing the tab, handled now
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


def test_the_case_lists_title_site_and_diagnosis_are_in_view_at_the_default_size(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    from desktop_app.ui.case_list_model import COLUMNS

    window = main_window(demo=True)
    table, names = window.case_table, [name for name, _label in COLUMNS]
    header = table.horizontalHeader()

    def right_edge(name: str) -> int:
        column = names.index(name)
        return header.sectionViewportPosition(column) + header.sectionSize(column)

    leading = ("case_number", "title", "site", "diagnosis")
    qtbot.waitUntil(lambda: all(0 < right_edge(n) <= table.viewport().width() for n in leading))
    assert table.horizontalScrollBar().value() == 0
    for name in leading:  # each wide enough to read a word or two
        assert header.sectionSize(names.index(name)) >= 60, name


def test_group_table_headers_are_never_cut_and_the_studies_all_show(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window(demo=True)
    window.open_case(window.store.find("DEMO-001") or 0)
    cut = []
    for index, tab in enumerate(window.editor.form_tabs):
        window.editor.tabs.setCurrentIndex(index)
        for group in tab.groups.values():
            header = group.table.horizontalHeader()
            qtbot.waitUntil(header.isVisible)
            for column in range(group.table.columnCount()):
                item = group.table.horizontalHeaderItem(column)
                assert item is not None
                widest = max(header.fontMetrics().horizontalAdvance(line)
                             for line in item.text().splitlines())  # fmt: skip
                if header.sectionSize(column) < widest + 8:
                    cut.append(f"{group.group.id}: {item.toolTip()}")
    assert cut == []
    studies = window.editor.form_tabs[2].groups["imaging_study"].table
    assert studies.rowCount() == 5  # DEMO-001's five imaging studies ...
    last = studies.visualRect(studies.model().index(4, 0))
    assert last.bottom() <= studies.viewport().height()  # ... all in view, none scrolled


def test_the_pdf_preview_fits_its_dialog(qtbot: QtBot, main_window: OpenWindow) -> None:
    window = main_window(demo=True)
    window.open_case(window.store.find("DEMO-001") or 0)
    assert window.report_actions is not None
    preview = window.report_actions.preview_case()
    assert preview is not None
    qtbot.waitUntil(preview.isVisible)
    scroll = preview.scroll
    qtbot.waitUntil(lambda: preview.pages.width() <= scroll.viewport().width())
    assert scroll.horizontalScrollBar().maximum() == 0
    preview.resize(600, 700)  # narrower: the pages are drawn again to fit
    qtbot.waitUntil(lambda: scroll.viewport().width() < 600)
    # the pages are drawn again after the resize settles: slow on a busy machine
    qtbot.waitUntil(lambda: scroll.horizontalScrollBar().maximum() == 0, timeout=20_000)
    preview.close()
