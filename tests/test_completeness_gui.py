"""The open case shows how complete it is, live: clearing a required field in its widget drops
the count and lists it; choosing an entry of the list, or F8, puts the focus in the field."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.rules.completeness import completeness
from desktop_app.spec import Spec
from desktop_app.ui.field_set import FieldSet
from desktop_app.ui.main_window import MainWindow
from tests.conftest import OpenWindow


@pytest.fixture
def window(main_window: OpenWindow) -> MainWindow:
    return main_window(demo=True, active=True)


def open_demo(window: MainWindow, number: str) -> None:
    case_id = window.store.find(number)
    assert case_id is not None
    window.open_case(case_id)


def fields_of(window: MainWindow, form_id: str, group: str = "") -> FieldSet:
    tab = next(t for t in window.editor.form_tabs if t.form.id == form_id)
    if group:
        return tab.groups[group].fields
    assert tab.case_fields is not None
    return tab.case_fields


def clear_line(qtbot: QtBot, window: MainWindow, fields: FieldSet, field_id: str) -> None:
    widget = fields.editors[field_id].input
    assert isinstance(widget, QLineEdit) and widget.text()
    window.editor.focus_field(*fields.scope, field_id)
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def missing_texts(window: MainWindow) -> list[str]:
    listed = window.editor.completeness_panel.list
    return [listed.item(i).text() for i in range(listed.count())]


def click_missing(qtbot: QtBot, window: MainWindow, starts: str) -> None:
    listed = window.editor.completeness_panel.list
    [row] = [i for i, text in enumerate(missing_texts(window)) if text.startswith(starts)]
    listed.scrollToItem(listed.item(row))
    rect = listed.visualItemRect(listed.item(row))
    qtbot.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def focused_in(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def test_clearing_a_required_field_drops_the_count_and_the_list_leads_back(
    qtbot: QtBot, window: MainWindow, spec: Spec
) -> None:
    open_demo(window, "DEMO-001")
    summary = window.editor.completeness_panel.summary
    before = completeness(spec, window.editor.record)
    # The required count says that the entries' fields count (issue 15: the total grows).
    entries_said = re.sub(r" \(fields of the \d+ entr(y|ies) count\)", "", summary.text())
    assert entries_said == before.summary() != summary.text()
    assert summary.text().startswith(f"Required {before.required_total}/{before.required_total}")
    history = fields_of(window, "history")
    clear_line(qtbot, window, history, "age_at_presentation")
    assert "age_at_presentation" not in window.editor.record.values
    total = before.required_total
    assert summary.text().startswith(f"Required {total - 1}/{total} (fields of the ")
    assert "Required: History › Age at presentation" in missing_texts(window)
    # The list leads to the field: the Case tab is shown now, the focus goes to History.
    window.editor.tabs.setCurrentIndex(0)
    click_missing(qtbot, window, "Required: History › Age at presentation")
    assert window.editor.tabs.currentWidget().form.id == "history"
    assert focused_in(history.editors["age_at_presentation"].input)
    # Clicked straight from a field whose text is not yet applied: the text is stored, and
    # the focus goes where the item says.
    title = fields_of(window, "case").editors["title"].input
    window.editor.focus_field("", 0, "title")
    qtbot.keyClicks(title, " (revised)")
    click_missing(qtbot, window, "Required: History › Age at presentation")
    assert window.editor.record.values["title"].endswith(" (revised)")
    assert focused_in(history.editors["age_at_presentation"].input)
    # A CARE item too, by Enter on the list.
    consent = fields_of(window, "case").editors["consent_documented"].input
    listed = window.editor.completeness_panel.list
    listed.setFocus()
    row = next(i for i, t in enumerate(missing_texts(window)) if t.startswith("CARE 13 "))
    listed.setCurrentRow(row)
    qtbot.keyClick(listed, Qt.Key.Key_Return)
    assert window.editor.tabs.currentIndex() == 0 and focused_in(consent)
    # Answered, the item leaves the list and the CARE count rises (item 5 lacks the age).
    care_before = completeness(spec, window.editor.record).scores[0].covered
    assert care_before == before.scores[0].covered - 1
    assert isinstance(consent, QComboBox)
    qtbot.keyClicks(consent, "Y")
    assert window.editor.record.values["consent_documented"] == "true"
    assert summary.text().endswith(f"CARE {care_before + 1}/13")
    assert not any(t.startswith("CARE 13 ") for t in missing_texts(window))


def test_f8_goes_to_each_missing_required_field_in_turn_and_wraps(
    qtbot: QtBot, window: MainWindow
) -> None:
    open_demo(window, "DEMO-001")
    history = fields_of(window, "history")
    symptoms = fields_of(window, "history", "symptom")
    clear_line(qtbot, window, history, "age_at_presentation")
    first, second = window.editor.record.entries("symptom")[:2]
    for entry in (first, second):
        window.editor.focus_field("symptom", entry.entry_id, "symptom")
        clear_line(qtbot, window, symptoms, "symptom")
        assert "symptom" not in entry.values

    def f8() -> None:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)

    window.editor.focus_field("", 0, "case_number")
    assert focused_in(fields_of(window, "case").editors["case_number"].input)
    f8()
    assert focused_in(history.editors["age_at_presentation"].input)
    f8()
    assert focused_in(symptoms.editors["symptom"].input)
    assert symptoms.scope == ("symptom", first.entry_id)
    f8()
    assert symptoms.scope == ("symptom", second.entry_id)
    f8()  # the last: round to the first
    assert focused_in(history.editors["age_at_presentation"].input)
    # Typed, then F8 to the same field of the next entry: what was typed is kept.
    f8()
    assert symptoms.scope == ("symptom", first.entry_id)
    qtbot.keyClicks(QApplication.focusWidget(), "lump")
    f8()
    assert first.values["symptom"] == "lump"
    assert symptoms.scope == ("symptom", second.entry_id)
    assert focused_in(symptoms.editors["symptom"].input)
    assert symptoms.editors["symptom"].raw() == ""
    action = window.editor.next_missing_action
    assert action.shortcut().toString() == "F8" and action in window.menu("&Case").actions()


def test_a_group_without_entries_leads_to_its_add_button(qtbot: QtBot, window: MainWindow) -> None:
    window.new_action.trigger()
    assert any(t.startswith("CARE 9 Therapeutic intervention") for t in missing_texts(window))
    click_missing(qtbot, window, "CARE 9 ")
    tab = window.editor.tabs.currentWidget()
    assert tab.form.id == "treatment"
    assert focused_in(tab.groups["treatment"].add_button)
    qtbot.keyClick(tab.groups["treatment"].add_button, Qt.Key.Key_Space)  # add one
    assert len(window.editor.record.entries("treatment")) == 1
    assert not any(t.startswith("CARE 9 ") for t in missing_texts(window))
