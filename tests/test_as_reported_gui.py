"""Issue 11 through the widgets: "not stated" and "unknown" set from the keyboard in a
number, a choice and a multichoice field; a reported stiffness typed over the derived one
stays, with the derived value beside it and a warning when they disagree; a negative
mitotic count is refused beside the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.rules.as_reported import NOT_STATED, UNKNOWN
from desktop_app.ui.field_set import FieldSet
from desktop_app.ui.main_window import MainWindow
from tests.gui_helpers import CTRL_SHIFT, show_tab


def case_fields(window: MainWindow, form_id: str) -> FieldSet:
    fields = show_tab(window, form_id).case_fields
    assert fields is not None
    return fields


def type_line(qtbot: QtBot, widget: QWidget, text: str) -> None:
    assert isinstance(widget, QLineEdit)
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def stored(window: MainWindow) -> dict[str, str]:
    window.save_action.trigger()
    case_id = window.editor.record.case_id
    assert case_id is not None
    return window.store.load(case_id).values


def test_not_stated_and_unknown_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    history = case_fields(window, "history")
    age = history.editors["age_at_presentation"]
    type_line(qtbot, age.input, "ns")  # a number field: the words are typed
    assert window.editor.record.values["age_at_presentation"] == NOT_STATED
    assert isinstance(age.input, QLineEdit) and age.input.text() == "Not stated"
    qtbot.keyClick(age.input, Qt.Key.Key_Tab)  # leaving it again changes nothing
    assert window.editor.record.values["age_at_presentation"] == NOT_STATED

    sex = history.editors["sex"].input  # a choice: the shortcut
    assert isinstance(sex, QComboBox)
    sex.setFocus()
    qtbot.keyClick(sex, Qt.Key.Key_S, CTRL_SHIFT)
    assert window.editor.record.values["sex"] == NOT_STATED
    assert sex.currentText() == "Not stated"

    case = case_fields(window, "case")
    sites = case.editors["metastatic_sites"]  # a multichoice: the shortcut on a tick box
    first_box = sites.input.findChildren(QWidget)[0]
    first_box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first_box)
    qtbot.keyClick(first_box, Qt.Key.Key_U, CTRL_SHIFT)
    assert window.editor.record.values["metastatic_sites"] == UNKNOWN
    assert sites.hint.text() == "Unknown"

    for field_id in ("title", "background"):  # a text and a long text: the keys only
        text_input = case.editors[field_id].input
        text_input.setFocus()
        qtbot.waitUntil(lambda w=text_input: QApplication.focusWidget() is w)
        qtbot.keyClick(text_input, Qt.Key.Key_S, CTRL_SHIFT)
        assert window.editor.record.values[field_id] == NOT_STATED
    qtbot.keyClick(case.editors["background"].input, Qt.Key.Key_Tab)  # leaving keeps it
    assert window.editor.record.values["background"] == NOT_STATED

    values = stored(window)
    assert (values["age_at_presentation"], values["sex"], values["metastatic_sites"]) == (
        NOT_STATED, NOT_STATED, UNKNOWN)  # fmt: skip
    assert (values["title"], values["background"]) == (NOT_STATED, NOT_STATED)


def test_a_reported_stiffness_typed_over_the_derived_one(qtbot: QtBot, window: MainWindow) -> None:
    imaging = show_tab(window, "imaging").groups["imaging_study"]
    qtbot.mouseClick(imaging.add_button, Qt.MouseButton.LeftButton)
    fields = imaging.fields
    modality = fields.editors["modality"].input
    assert isinstance(modality, QComboBox)
    modality.setCurrentIndex(modality.findData("US"))
    swe = fields.findChild(QWidget, "choice_techniques_swe")
    assert swe is not None
    qtbot.mouseClick(swe, Qt.MouseButton.LeftButton)
    type_line(qtbot, fields.editors["swe_vmax_ms"].input, "4.22")
    kpa = fields.editors["swe_emax_kpa"]
    assert kpa.derived_shown and kpa.raw() == "53.4"  # derived, shown in the open input
    assert isinstance(kpa.input, QLineEdit) and kpa.input.placeholderText() == ""
    type_line(qtbot, kpa.input, "54")  # the report's own value
    entry = window.editor.record.entries("imaging_study")[0].values
    assert entry["swe_emax_kpa"] == "54" and entry["swe_vmax_ms"] == "4.22"
    assert kpa.derived_mark is not None and kpa.derived_mark.text() == "derived: 53.4 kPa"
    assert not kpa.message.isVisible()  # 54 agrees with 53.4 within rounding

    type_line(qtbot, kpa.input, "80")
    qtbot.waitUntil(lambda: kpa.message.isVisible())
    assert kpa.message.text() == "entered as 80, but its inputs give 53.4"
    assert window.editor.record.entries("imaging_study")[0].values["swe_emax_kpa"] == "80"


def test_a_negative_mitotic_count_is_refused_beside_the_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The grade is the specimen's (the case-level grading is retired): its FNCLCC count.
    specimen = show_tab(window, "pathology").groups["specimen"]
    qtbot.mouseClick(specimen.add_button, Qt.MouseButton.LeftButton)
    grading = specimen.fields
    system = grading.editors["grading_system"].input
    assert isinstance(system, QComboBox)
    system.setCurrentIndex(system.findData("fnclcc"))
    count = grading.editors["grade_mitotic_count"]
    type_line(qtbot, count.input, "-3")
    assert count.message.isVisible() and "cannot be negative" in count.message.text()
    assert "grade_mitotic_count" not in window.editor.record.entries("specimen")[0].values
    assert isinstance(count.input, QLineEdit) and count.input.text() == "-3"  # kept to correct
    assert grading.editors["grade_mitotic_score"].raw() == ""  # and nothing derived from it


def test_complete_needs_a_diagnosis_or_not_stated(qtbot: QtBot, window: MainWindow) -> None:
    case = case_fields(window, "case")
    type_line(qtbot, case.editors["title"].input, "A case without a diagnosis")
    window.complete_action.trigger()
    diagnosis = case.editors["diagnosis"]
    assert window.editor.record.status == "draft"
    assert diagnosis.message.isVisible() and "needs final diagnosis" in diagnosis.message.text()
    qtbot.waitUntil(lambda: diagnosis.input.hasFocus())  # the registrar is taken there
    qtbot.keyClick(diagnosis.input, Qt.Key.Key_S, CTRL_SHIFT)  # "not stated" answers it
    window.complete_action.trigger()
    case_id = window.editor.record.case_id
    assert case_id is not None
    saved = window.store.load(case_id)
    assert saved.status == "complete" and saved.values["diagnosis"] == NOT_STATED


def test_a_lesion_takes_the_case_site_and_laterality_unless_changed(
    qtbot: QtBot, window: MainWindow
) -> None:
    case_tab = show_tab(window, "case")
    assert case_tab.case_fields is not None
    for field_id, code in (("primary_site", "C50.9"), ("laterality", "left")):
        combo = case_tab.case_fields.editors[field_id].input
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(code))
    lesions = case_tab.groups["lesion"]
    qtbot.mouseClick(lesions.add_button, Qt.MouseButton.LeftButton)
    site, side = lesions.fields.editors["lesion_site"], lesions.fields.editors["laterality"]
    assert site.raw() == "C50.9" and side.raw() == "left"  # shown as the case's ...
    assert site.derived_mark is not None and site.derived_mark.text() == "as the case"
    side_combo = side.input
    assert isinstance(side_combo, QComboBox)
    side_combo.setCurrentIndex(side_combo.findData("right"))  # ... changed for this lesion
    entry = window.editor.record.entries("lesion")[0].values
    assert "lesion_site" not in entry and entry["laterality"] == "right"  # stored when changed
    case_site = case_tab.case_fields.editors["primary_site"].input
    assert isinstance(case_site, QComboBox)
    case_site.setCurrentIndex(case_site.findData("C50.4"))  # a corrected case site follows
    lesions.select_entry(window.editor.record.entries("lesion")[0].entry_id)
    assert site.raw() == "C50.4"


def test_a_birads_range_is_typed_as_two_ends(qtbot: QtBot, window: MainWindow) -> None:
    imaging = show_tab(window, "imaging").groups["imaging_study"]
    qtbot.mouseClick(imaging.add_button, Qt.MouseButton.LeftButton)
    modality = imaging.fields.editors["modality"].input
    assert isinstance(modality, QComboBox)
    modality.setCurrentIndex(modality.findData("MG"))
    birads = imaging.fields.editors["birads"]
    low = birads.input
    high = birads.findChild(QComboBox, "field_imaging_study_birads_to")
    assert isinstance(low, QComboBox) and high is not None
    for widget, typed in ((low, "4"), (high, "5")):
        qtbot.wait(QApplication.keyboardInputInterval() + 30)  # a new burst of typing
        widget.setFocus()
        qtbot.keyClicks(widget, typed)
    assert window.editor.record.entries("imaging_study")[0].values["birads"] == "4..5"
    entry_id = window.editor.record.entries("imaging_study")[0].entry_id
    imaging.select_entry(entry_id)  # shown again as the two ends
    assert (low.currentData(), high.currentData()) == ("4", "5")
