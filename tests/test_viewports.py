"""ui/viewports.py: a list's viewport fetched without PySide6's type search is the very
object `viewport()` returns, so event filters and `watched is viewport()` tests still hold."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QTableView, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.viewports import viewport


def test_a_list_and_its_header_give_their_own_viewport(qtbot: QtBot) -> None:
    table = QTableView()
    qtbot.addWidget(table)
    header = table.horizontalHeader()
    found = viewport(header), viewport(table)
    assert found[0] is header.viewport()
    assert found[1] is table.viewport()
    assert found[0] is not found[1]
    assert type(found[0]) is QWidget


def test_a_viewport_set_by_the_program_is_still_found(qtbot: QtBot) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    own = QWidget()
    area.setViewport(own)  # not named as Qt names its own: asked of Qt directly
    assert viewport(area) is own
