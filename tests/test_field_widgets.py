"""The field widgets as a registrar meets them (QA by a registrar): the mouse wheel over a
choice scrolls the form and never changes the value, a space typed within a choice's name
is part of the name and opens no list, the cursor is never left off screen, and a number
may be typed with its unit. Keys and wheel turns go to real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.case_editor import FormTab
from desktop_app.ui.main_window import MainWindow
from tests.gui_helpers import CTRL_SHIFT, show_tab
from tests.test_keyboard_entry import combo, focused, keys, new_study


def case_combo(window: MainWindow, field_id: str) -> QComboBox:
    fields = show_tab(window, "case").case_fields
    assert fields is not None
    widget = fields.editors[field_id].input
    assert isinstance(widget, QComboBox)
    return widget


def settle(qtbot: QtBot) -> None:
    """Let posted layout requests and queued calls run: handled now, not hoped for after
    a fixed wait."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.sendPostedEvents(None, 0)  # queued calls and every other posted event
    QCoreApplication.processEvents()


def in_view(form_tab: FormTab, widget: QWidget) -> bool:
    """Whether the whole of `widget` lies inside the form's visible part."""
    viewport = form_tab.viewport()
    shown = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(shown)


def wheel(widget: QWidget, notches: int) -> None:
    """Turn the mouse wheel over the middle of `widget` (negative: towards the registrar)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


# ----- the wheel ---------------------------------------------------------------------


def test_the_wheel_over_a_choice_scrolls_the_form_and_never_changes_the_value(
    qtbot: QtBot, window: MainWindow
) -> None:
    study = new_study(qtbot, window)
    birads = combo(study, "birads")
    keys(qtbot, birads, "4b")
    keys(qtbot, combo(study, "us_shape"), "oval")
    imaging = show_tab(window, "imaging")
    settle(qtbot)
    bar = imaging.verticalScrollBar()
    assert bar.maximum() > 0  # the form is longer than the window
    for name, notches in (("birads", -1), ("us_shape", 1), ("modality", -1)):
        widget = combo(study, name)
        before_value = widget.currentData()
        imaging.ensureWidgetVisible(widget)
        bar.setValue(bar.maximum() // 2)  # room to scroll either way
        before = bar.value()
        wheel(widget, notches)
        assert widget.currentData() == before_value, name
        assert (bar.value() > before) if notches < 0 else (bar.value() < before), name
    assert study.entries[0].values["birads"] == "4B"
    assert study.entries[0].values["us_shape"] == "oval"


# ----- a space in a choice's name --------------------------------------------------------


def test_a_space_typed_within_a_name_is_part_of_it_and_what_follows_goes_on(
    qtbot: QtBot, window: MainWindow
) -> None:
    site = case_combo(window, "primary_site")
    keys(qtbot, site, "soft tissues of tr")  # "soft" alone is the first soft-tissue site
    assert site.currentData() == "C49.6"  # "… soft tissues of trunk, NOS"
    assert not site.view().isVisible()  # the space opened no list
    keys(qtbot, site, "central portion")
    assert site.currentData() == "C50.1"
    qtbot.keyClick(site, Qt.Key.Key_Tab)  # Tab and the next field's text are not swallowed
    laterality = case_combo(window, "laterality")
    assert focused() is laterality
    keys(qtbot, laterality, "left")
    assert laterality.currentData() != "" and laterality.currentText().lower().startswith("left")
    assert window.editor.record.values["primary_site"] == "C50.1"
    assert window.editor.record.values["laterality"] == laterality.currentData()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # a popup offscreen
def test_a_space_on_its_own_opens_no_list_and_the_open_list_loses_no_key(
    qtbot: QtBot, window: MainWindow
) -> None:
    study = new_study(qtbot, window)
    birads = combo(study, "birads")
    keys(qtbot, birads, "4b")
    keys(qtbot, birads, " ")  # a new burst: a space names nothing
    assert not birads.view().isVisible() and birads.currentData() == "4B"
    hint = study.fields.editors["birads"].hint
    assert hint.isVisible() and "Alt+Down" in hint.text()
    qtbot.keyClick(birads, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(birads.view().isVisible)
    # A pause longer than the keyboard's input interval: the registrar's next key starts a
    # new search (a wait in time is what this test is about, not a hope for a layout).
    qtbot.wait(QApplication.keyboardInputInterval() + 30)
    qtbot.keyClicks(birads.view(), "5")  # typing in the open list moves to a choice
    assert birads.view().currentIndex().row() == birads.findData("5")
    qtbot.keyClick(birads.view(), Qt.Key.Key_Tab)  # takes it and goes on
    assert not birads.view().isVisible()
    assert birads.currentData() == "5" and study.entries[0].values["birads"] == "5"
    assert focused() is not birads and study.isAncestorOf(focused())


# ----- the cursor stays in view -----------------------------------------------------------


def test_the_focused_field_is_always_in_view(qtbot: QtBot, window: MainWindow) -> None:
    study = new_study(qtbot, window)
    for box in study.fields.editors["techniques"].input.findChildren(QCheckBox):
        box.click()  # every ultrasound section shows: a long entry
    date = study.fields.editors["study_date"].input
    keys(qtbot, date, "2015-05-10")
    keys(qtbot, combo(study, "birads"), "4b")
    imaging = show_tab(window, "imaging")
    settle(qtbot)
    bar = imaging.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert not in_view(imaging, date)  # the copy's first field starts out of view
    combo(study, "birads").setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_D, CTRL_SHIFT)  # copy the study
    settle(qtbot)
    assert len(study.entries) == 2 and focused() is date
    assert in_view(imaging, date)

    case_tab = show_tab(window, "case")  # a new case shows its first field, at the top
    settle(qtbot)
    case_tab.verticalScrollBar().setValue(case_tab.verticalScrollBar().maximum())
    window.save_action.trigger()
    window.new_action.trigger()
    settle(qtbot)
    assert case_tab.case_fields is not None
    number = next(iter(case_tab.case_fields.editors.values())).input
    assert focused() is number and in_view(case_tab, number)


# ----- units ---------------------------------------------------------------------------


def test_a_unit_stands_apart_from_its_field_and_may_be_typed_with_the_number(
    qtbot: QtBot, window: MainWindow
) -> None:
    study = new_study(qtbot, window)
    editor = study.fields.editors["size_mm"]
    size = editor.input
    assert isinstance(size, QLineEdit)
    unit = next(label for label in editor.findChildren(QLabel) if label.text() == "mm")
    settle(qtbot)
    assert unit.geometry().left() - size.geometry().right() > 4  # a gap between them
    keys(qtbot, size, "64MM")
    qtbot.keyClick(size, Qt.Key.Key_Tab)
    assert study.entries[0].values["size_mm"] == "64"
    assert not editor.message.isVisible()
    size.clear()
    keys(qtbot, size, "64 kPa")  # not this field's unit: refused, and kept as typed
    qtbot.keyClick(size, Qt.Key.Key_Tab)
    assert editor.message.isVisible() and "'64 kPa' is not a number" in editor.message.text()
    assert size.text() == "64 kPa" and study.entries[0].values["size_mm"] == "64"
