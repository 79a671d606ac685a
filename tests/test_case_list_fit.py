"""The case list's first fit of its columns gives the case number room for its text, measured
from the text rather than by asking the model for every role of every row (issue 13)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.ui.case_list_model import COLUMNS
from desktop_app.ui.case_list_panel import CaseListPanel

LONG_NUMBER = "NORTHERN-REGIONAL-2026-BREAST-000123-REVISED"


def test_the_first_fit_gives_a_long_case_number_room_for_its_text(
    qtbot: QtBot, db_path: Path, spec: Spec
) -> None:
    store = CaseStore.open(db_path, spec)
    for number in ("A-1", LONG_NUMBER, "B-2"):
        store.save(CaseRecord(values={"case_number": number}))
    panel = CaseListPanel(store)
    qtbot.addWidget(panel)
    panel.apply_filter()
    panel.resize(1400, 600)
    panel.show()
    qtbot.waitExposed(panel)
    table = panel.table
    column = [name for name, _label in COLUMNS].index("case_number")
    header = table.horizontalHeader()
    text = table.fontMetrics().horizontalAdvance(LONG_NUMBER)
    qtbot.waitUntil(lambda: header.sectionSize(column) > text)
    # Qt's own measure of what the column's cells need (what the fit used to ask for)
    assert header.sectionSize(column) >= table.sizeHintForColumn(column)
    label = table.fontMetrics().horizontalAdvance("Case number")
    short = CaseListPanel(store)  # short numbers only: the header's label sets the width
    qtbot.addWidget(short)
    short.apply_filter()
    short.search.setText("A-1")
    short.apply_filter()
    short.resize(1400, 600)
    short.show()
    qtbot.waitExposed(short)
    short_header = short.table.horizontalHeader()
    qtbot.waitUntil(lambda: short_header.sectionSize(column) > label)
    assert short_header.sectionSize(column) < text
    store.close()
