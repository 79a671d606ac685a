"""An ultrasound entry with every technique ticked is not a long scroll (issue 15): each
section has its own label column, a number input is a few characters wide, a field still to
be derived says so in one word (the reason in its tooltip), the sections stand in two
columns when the window is wide enough, in one when it is not, and the techniques' sections
are pages of one box — a button per ticked technique — beside the acquisition's sections."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QGroupBox, QLineEdit, QScrollArea
from pytestqt.qtbot import QtBot

from desktop_app.spec import Spec
from desktop_app.spec.term_pages import term_pages
from desktop_app.ui.entry_pages import PagedFieldSet
from desktop_app.ui.field_set import FieldSet
from desktop_app.ui.group_editor import GroupEditor
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.section_columns import split_at
from tests.conftest import OpenWindow
from tests.test_gui import type_combo

# Measured for DEMO-001's ultrasound with all five techniques ticked, at the default
# 1280x820 window (offscreen), against the 626 px viewport of the Imaging tab: the entry's
# own fields were 2,935 px stacked (4.7 viewports), 2,228 px in two columns (3.6), and are
# 1,543 px (2.5) with the techniques as pages (benchmarks/entry_screens.py prints them).
MOST_VIEWPORTS = 2.5


def _imaging(window: MainWindow) -> tuple[QScrollArea, GroupEditor]:
    for index, tab in enumerate(window.editor.form_tabs):
        if tab.form.id == "imaging":
            window.editor.tabs.setCurrentIndex(index)
            return tab, tab.groups["imaging_study"]
    raise KeyError("imaging")


def _every_technique(qtbot: QtBot, window: MainWindow) -> tuple[QScrollArea, FieldSet]:
    """DEMO-001 open on its ultrasound study (clicked in the table), every technique ticked
    by a click."""
    window.open_case(window.store.find("DEMO-001") or 0)
    tab, studies = _imaging(window)
    table = studies.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "Ultrasound")
    qtbot.waitUntil(table.isVisible)
    cell = table.visualItemRect(table.item(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    fields = studies.fields
    qtbot.waitUntil(lambda: fields.values.get("modality") == "US")
    techniques = fields.editors["techniques"]
    for _code, box in techniques.boxes:  # type: ignore[attr-defined]
        assert isinstance(box, QCheckBox)
        if not box.isChecked():
            tab.ensureWidgetVisible(box)
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    qtbot.waitUntil(lambda: len(fields.values["techniques"].split("|")) == len(
        techniques.boxes))  # type: ignore[attr-defined]  # fmt: skip
    return tab, fields


def _section(fields: FieldSet, title: str) -> QGroupBox:
    return next(box for name, (box, _ids) in fields.sections.items() if name.startswith(title))


def _pages(fields: FieldSet) -> PagedFieldSet:
    assert isinstance(fields, PagedFieldSet)
    return fields


def test_an_ultrasound_with_every_technique_fits_in_a_few_screens(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window(demo=True)
    assert (window.width(), window.height()) == (1280, 820)  # the default size
    tab, fields = _every_technique(qtbot, window)
    paged = _pages(fields)
    acquisition = _section(fields, "Ultrasound acquisition")
    box = paged.pages_box
    qtbot.waitUntil(lambda: box.isVisible() and box.mapTo(fields, QPoint()).x() > 0)
    # The entry, every technique ticked, in at most two and a half screens of the tab.
    qtbot.waitUntil(lambda: fields.height() <= MOST_VIEWPORTS * tab.viewport().height())
    assert tab.horizontalScrollBar().maximum() == 0
    # The techniques' box stands in the second column, beside the acquisition's sections.
    left = acquisition.mapTo(fields, QPoint())
    assert box.mapTo(fields, QPoint()).x() >= left.x() + acquisition.width()
    # One button per ticked technique; the first one's page is shown, the others are not.
    shown = [b.text() for b in paged.page_buttons if b.isVisible()]
    assert shown == ["B-mode", "Doppler", "Shear-wave elastography", "Strain elastography",
                     "Contrast-enhanced ultrasound"]  # fmt: skip
    bmode, swe = _section(fields, "B-mode"), _section(fields, "Shear-wave")
    assert bmode.isVisible() and not swe.isVisible()
    qtbot.mouseClick(paged.page_buttons[2], Qt.MouseButton.LeftButton)
    assert swe.isVisible() and not bmode.isVisible()
    assert box.title() == "Shear-wave elastography"
    # A section with long text (the findings) spans both columns, below them.
    findings = _section(fields, "Findings")
    assert findings.width() > 1.8 * acquisition.width()
    assert findings.mapTo(fields, QPoint()).y() > box.mapTo(fields, QPoint()).y() + box.height()

    # A number needs about eight characters, not 200 pixels; a field on another page is
    # shown when it is asked for.
    index = fields.editors["resistance_index"].input
    assert isinstance(index, QLineEdit) and index.text() == "0.74"
    qtbot.waitUntil(index.isVisible)
    assert index.width() <= index.fontMetrics().horizontalAdvance("0" * 12)
    qtbot.keyClicks(index, "5")  # and still takes what is typed
    qtbot.keyClick(index, Qt.Key.Key_Return)
    assert fields.values["resistance_index"] == "0.745"

    # A value still to be derived says so in one word; why, in its tooltip.
    emax = fields.editors["swe_emax_kpa"]
    assert emax.derived_mark is not None and emax.derived_mark.isVisible()
    assert emax.derived_mark.text() == "derived"
    assert "once its inputs are given" in emax.derived_mark.toolTip()


def test_unticking_a_technique_takes_its_page_away_and_ticking_it_brings_it_back(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window(demo=True)
    tab, fields = _every_technique(qtbot, window)
    paged = _pages(fields)
    doppler = paged.page_buttons[1]
    qtbot.mouseClick(doppler, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _section(fields, "Doppler").isVisible())
    tick = dict(fields.editors["techniques"].boxes)["doppler"]  # type: ignore[attr-defined]
    tab.ensureWidgetVisible(tick)
    qtbot.mouseClick(tick, Qt.MouseButton.LeftButton, pos=QPoint(6, tick.height() // 2))
    qtbot.waitUntil(lambda: not doppler.isVisible())
    assert "doppler" not in fields.values["techniques"].split("|")
    assert _section(fields, "B-mode").isVisible()  # another technique's page instead
    assert fields.values["resistance_index"] == "0.74"  # what was typed stays
    qtbot.mouseClick(tick, Qt.MouseButton.LeftButton, pos=QPoint(6, tick.height() // 2))
    qtbot.waitUntil(doppler.isVisible)
    # A problem on a page is marked on its button, seen from another page.
    qtbot.mouseClick(doppler, Qt.MouseButton.LeftButton)
    index = paged.pages[1].editors["resistance_index"].input
    assert isinstance(index, QLineEdit)
    qtbot.waitUntil(index.isVisible)
    index.selectAll()
    qtbot.keyClicks(index, "7")  # a resistance index is at most 1
    qtbot.keyClick(index, Qt.Key.Key_Return)
    qtbot.mouseClick(paged.page_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not index.isVisible())
    qtbot.waitUntil(lambda: doppler.text().startswith("Doppler") and doppler.text() != "Doppler")
    assert paged.page_buttons[0].text() == "B-mode"
    # Another modality: no techniques, no pages.
    type_combo(qtbot, fields, "modality", "MRI")
    qtbot.waitUntil(lambda: fields.values["modality"] == "MRI")
    assert not paged.pages_box.isVisible()
    assert _section(fields, "Breast MRI").isVisible()


def test_a_jump_to_a_field_on_another_page_shows_that_page_and_focuses_it(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    """The problem list and F8 go through CaseEditor.focus_field."""
    window = main_window(demo=True, active=True)
    _tab, fields = _every_technique(qtbot, window)
    assert not _section(fields, "Contrast-enhanced").isVisible()
    entry_id = fields.scope[1]
    window.editor.focus_field("imaging_study", entry_id, "ceus_time_to_peak_s")
    target = _pages(fields).pages[-1].editors["ceus_time_to_peak_s"].input
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target)
    assert _section(fields, "Contrast-enhanced").isVisible()


def test_a_narrower_window_stacks_the_sections_and_never_scrolls_sideways(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window(demo=True)
    tab, fields = _every_technique(qtbot, window)
    acquisition, box = _section(fields, "Ultrasound acquisition"), _pages(fields).pages_box
    qtbot.waitUntil(lambda: box.mapTo(fields, QPoint()).x() > 0)
    window.resize(1200, 820)
    qtbot.waitUntil(
        lambda: box.mapTo(fields, QPoint()).x() == acquisition.mapTo(fields, QPoint()).x()
    )
    assert box.mapTo(fields, QPoint()).y() > acquisition.mapTo(fields, QPoint()).y()
    assert tab.horizontalScrollBar().maximum() == 0
    window.resize(1280, 820)  # and back
    qtbot.waitUntil(lambda: box.mapTo(fields, QPoint()).x() > acquisition.width())


def test_the_pages_follow_from_show_if_alone(spec: Spec) -> None:
    """A section whose every field shows for one term of a multichoice is that term's page;
    no other form of the specification has one; a derivation across a page's edge keeps
    the section a section."""
    plan = term_pages(spec.group("imaging_study").fields)
    assert plan is not None and plan.control.id == "techniques"
    assert [p.term for p in plan.pages] == ["bmode", "doppler", "swe", "strain", "ceus"]
    assert plan.control in plan.head and "Findings" in {f.section for f in plan.tail}
    others = [g.fields for g in spec.groups if g.id != "imaging_study"] + [
        f.fields for f in spec.forms
    ]
    assert [term_pages(fields) for fields in others] == [None] * len(others)
    fields = spec.group("imaging_study").fields
    crossing = tuple(
        dataclasses.replace(f, derived=dataclasses.replace(f.derived, inputs=("size_mm",)))
        if f.id == "swe_emax_kpa" and f.derived else f
        for f in fields
    )  # fmt: skip
    plan = term_pages(crossing)
    assert plan is not None and "swe" not in [p.term for p in plan.pages]


def test_the_columns_split_where_they_come_out_nearest_in_height() -> None:
    assert split_at([100, 100, 100, 100]) == 2
    assert split_at([300, 100, 100, 100]) == 1  # 300 | 300
    assert split_at([100, 100, 100, 300]) == 3
    assert split_at([100, 100, 100]) == 2  # the first column the taller on a tie
    assert split_at([500]) == 1
