"""A case-list column the registrar sizes by dragging its edge keeps that width when the list
changes width (the other leading columns share what is left), and is remembered in the
settings for the next start (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop_app.settings import Settings
from desktop_app.ui.case_list_model import COLUMNS
from desktop_app.ui.case_list_panel import LEADING
from desktop_app.ui.column_widths import share_room
from tests.conftest import OpenWindow

NAMES = [name for name, _label in COLUMNS]


def test_a_column_the_registrar_sized_keeps_its_width_and_is_remembered(
    qtbot: QtBot, main_window: OpenWindow, tmp_path: Path
) -> None:
    path = tmp_path / "settings.json"
    window = main_window(demo=True, settings=Settings(), settings_path=path)
    header = window.case_table.horizontalHeader()
    title, site = NAMES.index("title"), NAMES.index("site")
    qtbot.waitUntil(lambda: header.sectionSize(title) > 60)
    fitted = header.sectionSize(title)
    edge = header.sectionViewportPosition(title) + header.sectionSize(title) - 1
    middle = header.height() // 2
    viewport = header.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge, middle))
    for step in range(1, 7):  # the registrar drags the edge 60 px to the right
        qtbot.mouseMove(viewport, QPoint(edge + 10 * step, middle))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge + 60, middle))
    dragged = header.sectionSize(title)
    assert dragged >= fitted + 50
    qtbot.waitUntil(path.exists)
    assert json.loads(path.read_text(encoding="utf-8"))["column_widths"] == {"title": dragged}

    def leading_fill_the_list() -> bool:  # within the rounding of the shares
        leading = sum(header.sectionSize(NAMES.index(n)) for n in LEADING)
        return abs(leading - window.case_table.viewport().width()) <= 3

    for width in (1500, 1200):  # the list changes width: it fits its columns again ...
        list_width = window.case_table.viewport().width()
        window.resize(width, 820)
        qtbot.waitUntil(lambda w=list_width: window.case_table.viewport().width() != w)
        qtbot.waitUntil(leading_fill_the_list)
        assert header.sectionSize(title) == dragged  # ... but not the one the registrar sized

    again = main_window(demo=False, settings=Settings.load(path), settings_path=path)
    again_header = again.case_table.horizontalHeader()
    qtbot.waitUntil(lambda: again_header.sectionSize(site) > 40)
    assert again_header.sectionSize(title) == dragged  # the next start


def test_the_room_left_by_a_sized_column_is_shared_by_the_others() -> None:
    shares = {"title": 0.5, "site": 0.25, "diagnosis": 0.25}
    assert share_room(400, shares, {}) == {"title": 200, "site": 100, "diagnosis": 100}
    assert share_room(400, shares, {"title": 300}) == {"site": 50, "diagnosis": 50}
    assert share_room(100, shares, {"title": 300}) == {"site": 40, "diagnosis": 40}  # least


def test_column_widths_in_a_settings_file_are_read_with_care(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"column_widths": {"title": 180, "site": "wide", "x": True,
                                                  "diagnosis": -3}}), encoding="utf-8")  # fmt: skip
    assert Settings.load(path).column_widths == {"title": 180}
    path.write_text(json.dumps({"column_widths": [180]}), encoding="utf-8")
    assert Settings.load(path).column_widths == {}
