"""GUI tests: type into real widgets, save, reopen in a new window, assert on what was stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
)
from pytestqt.qtbot import QtBot

from desktop_app.store import CaseStore
from desktop_app.ui.case_list_model import CaseListModel
from desktop_app.ui.field_set import FieldSet
from desktop_app.ui.main_window import MainWindow
from tests.conftest import OpenWindow, forbid_dialogs

Button = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may leave a modal dialog waiting: an unexpected question or warning fails."""
    forbid_dialogs(monkeypatch, "question", "warning")


def field_set(window: MainWindow, tab_id: str, group: str = "") -> FieldSet:
    for index, tab in enumerate(window.editor.form_tabs):
        if tab.form.id == tab_id:
            window.editor.tabs.setCurrentIndex(index)
            if group:
                return tab.groups[group].fields
            assert tab.case_fields is not None
            return tab.case_fields
    raise KeyError(tab_id)


def type_line(qtbot: QtBot, fields: FieldSet, field_id: str, text: str) -> None:
    widget = fields.editors[field_id].input
    assert isinstance(widget, QLineEdit)
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def type_combo(qtbot: QtBot, fields: FieldSet, field_id: str, text: str) -> None:
    widget = fields.editors[field_id].input
    assert isinstance(widget, QComboBox)
    # A combo box searches by what was typed within the keyboard interval; start afresh.
    qtbot.wait(QApplication.keyboardInputInterval() + 20)
    qtbot.keyClicks(widget, text)


def test_every_field_type_typed_saved_and_found_in_a_new_window(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window()
    window.new_action.trigger()
    case = field_set(window, "case")
    type_line(qtbot, case, "case_number", "GUI-001")  # text
    type_combo(qtbot, case, "source", "Pub")  # choice, by typing its label
    citation = case.editors["citation"].input  # longtext, shown because source = published
    assert isinstance(citation, QPlainTextEdit) and citation.isVisible()
    qtbot.keyClicks(citation, "Doe J. Malignant glomus tumour. Front Oncol. 2024 ")
    citation.insertPlainText("µ±≥")  # QTest types ASCII only; this is what a paste does
    type_line(qtbot, case, "index_date", "2015-05-10")  # date
    type_combo(qtbot, case, "consent_documented", "Yes")  # boolean
    history = field_set(window, "history")
    type_line(qtbot, history, "age_at_presentation", "57")  # integer
    type_combo(qtbot, history, "sex", "F")
    pathology = field_set(window, "pathology")
    type_line(qtbot, pathology, "ki67_percent", "15,5")  # decimal with a decimal comma

    imaging_tab = window.editor.form_tabs[2]
    qtbot.mouseClick(imaging_tab.groups["imaging_study"].add_button, Qt.MouseButton.LeftButton)
    study = field_set(window, "imaging", "imaging_study")
    type_combo(qtbot, study, "modality", "Ultra")
    doppler = study.editors["techniques"].input.findChild(QCheckBox, "choice_techniques_doppler")
    assert doppler is not None
    qtbot.mouseClick(doppler, Qt.MouseButton.LeftButton)  # multichoice
    type_line(qtbot, study, "resistance_index", "0.74")

    pathology_tab = window.editor.form_tabs[3]
    qtbot.mouseClick(pathology_tab.groups["specimen"].add_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, field_set(window, "pathology", "specimen"), "specimen_label", "S1")
    qtbot.mouseClick(pathology_tab.groups["ihc_result"].add_button, Qt.MouseButton.LeftButton)
    ihc = field_set(window, "pathology", "ihc_result")
    type_combo(qtbot, ihc, "specimen", "1")  # ref to the specimen entry
    type_combo(qtbot, ihc, "marker", "SMA")
    type_combo(qtbot, ihc, "result", "Positive")  # "Pos" also names "Focal positive" (issue 11)

    assert window.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    window.save_action.trigger()
    assert not window.editor.dirty
    window.close()

    second = main_window()
    assert [c.case_number for c in second.model.shown_cases()] == ["GUI-001"]
    second.case_table.selectRow(0)
    record = second.editor.record
    assert record.values == {
        "case_number": "GUI-001",
        "source": "published",
        "citation": "Doe J. Malignant glomus tumour. Front Oncol. 2024 µ±≥",
        "index_date": "2015-05-10",
        "consent_documented": "true",
        "age_at_presentation": "57",
        "sex": "female",
        "ki67_percent": "15.5",
    }
    [study_entry] = record.entries("imaging_study")
    assert study_entry.values == {
        "modality": "US",
        "techniques": "doppler",
        "resistance_index": "0.74",
    }
    [specimen] = record.entries("specimen")
    [ihc_entry] = record.entries("ihc_result")
    assert ihc_entry.values == {
        "specimen": str(specimen.entry_id),
        "marker": "SMA",
        "result": "positive",
    }
    # And the widgets show it again.
    reopened = field_set(second, "case")
    assert reopened.editors["case_number"].raw() == "GUI-001"
    assert reopened.editors["index_date"].raw() == "2015-05-10"


def test_group_entries_added_reordered_and_removed(qtbot: QtBot, main_window: OpenWindow) -> None:
    window = main_window()
    window.new_action.trigger()
    type_line(qtbot, field_set(window, "case"), "case_number", "GRP-1")
    group = window.editor.form_tabs[4].groups["treatment"]
    for modality in ("Surg", "Chemo", "Radio"):
        qtbot.mouseClick(group.add_button, Qt.MouseButton.LeftButton)
        type_combo(qtbot, group.fields, "modality", modality)
    assert group.table.rowCount() == 3
    assert group.table.item(2, 1).text() == "Radiotherapy"
    qtbot.mouseClick(group.up_button, Qt.MouseButton.LeftButton)  # radiotherapy before chemo
    group.table.selectRow(0)
    qtbot.mouseClick(group.remove_button, Qt.MouseButton.LeftButton)  # surgery goes
    window.save_action.trigger()

    loaded = window.store.load(window.editor.record.case_id or 0)
    assert [e.values["modality"] for e in loaded.entries("treatment")] == [
        "radiotherapy",
        "chemotherapy",
    ]
    assert [group.table.item(r, 1).text() for r in range(2)] == ["Radiotherapy", "Chemotherapy"]


def test_show_if_hides_and_shows_fields_live(qtbot: QtBot, main_window: OpenWindow) -> None:
    window = main_window()
    window.new_action.trigger()
    tab = window.editor.form_tabs[2]
    qtbot.mouseClick(tab.groups["imaging_study"].add_button, Qt.MouseButton.LeftButton)
    study = field_set(window, "imaging", "imaging_study")
    birads = study.editors["birads"]
    assert not birads.isVisible()
    type_combo(qtbot, study, "modality", "Mammography")  # "Mammo" names CEM too (issue 11)
    assert birads.isVisible() and not study.editors["techniques"].isVisible()
    type_combo(qtbot, study, "modality", "Comp")  # CT: no BI-RADS
    assert not birads.isVisible()


def test_a_type_error_is_refused_beside_the_field_and_keeps_the_text(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = main_window()
    window.new_action.trigger()
    case = field_set(window, "case")
    type_line(qtbot, case, "case_number", "ERR-1")
    type_line(qtbot, case, "index_date", "2015-02-31")
    history = field_set(window, "history")
    type_line(qtbot, history, "age_at_presentation", "fifty")
    assert "February 2015 has no day 31" in case.editors["index_date"].message.text()
    assert "not a whole number" in history.editors["age_at_presentation"].message.text()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.save_action.trigger()
    assert warnings and "Age at presentation" in warnings[0] and "Index date" in warnings[0]
    assert window.store.list_cases() == []  # nothing half-saved
    assert history.editors["age_at_presentation"].raw() == "fifty"  # what was typed stays
    problems = [
        window.editor.problems.item(i).text() for i in range(window.editor.problems.count())
    ]
    assert any("not a whole number" in p for p in problems)
    # Corrected, it saves.
    type_line(qtbot, history, "age_at_presentation", "57")
    type_line(qtbot, case, "index_date", "2015-02-28")
    window.save_action.trigger()
    assert window.store.load(window.editor.record.case_id or 0).values["index_date"] == "2015-02-28"


def test_a_range_warning_still_saves_and_marks_the_case_incomplete(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window()
    window.new_action.trigger()
    type_line(qtbot, field_set(window, "case"), "case_number", "RANGE-1")
    pathology = field_set(window, "pathology")
    type_line(qtbot, pathology, "ki67_percent", "150")
    assert "above the expected maximum of 100" in pathology.editors["ki67_percent"].message.text()
    window.save_action.trigger()
    [case] = window.store.list_cases()
    assert case.case_number == "RANGE-1" and case.problem_count >= 1
    assert window.store.load(case.case_id).values["ki67_percent"] == "150"
    assert "incomplete" in window.model.data(window.model.index(0, 6))


def test_switching_away_from_unsaved_changes_asks(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = main_window()
    window.new_action.trigger()
    type_line(qtbot, field_set(window, "case"), "case_number", "ASK-1")
    window.save_action.trigger()
    type_line(qtbot, field_set(window, "case"), "title", "edited")
    answers = [Button.Cancel, Button.Discard]
    asked: list[str] = []

    def answer(*args: object) -> Button:
        asked.append(str(args[1]))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.new_action.trigger()  # Cancel: stays on the case with the edit
    assert window.editor.record.values.get("title") == "edited"
    window.new_action.trigger()  # Discard: a new empty case
    assert window.editor.record.case_id is None
    assert asked == ["Unsaved changes", "Unsaved changes"]
    assert window.store.load(window.store.find("ASK-1") or 0).values.get("title") is None


def test_case_list_model_without_a_window(store: CaseStore) -> None:
    from desktop_app.record import CaseRecord

    store.save(CaseRecord(values={"case_number": "B", "age_at_presentation": "70"}))
    store.save(CaseRecord(values={"case_number": "A", "age_at_presentation": "40"}))
    model = CaseListModel()
    model.set_rows(store.list_cases())
    assert model.rowCount() == 2
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["A", "B"]
    assert model.data(model.index(1, 2)) == "70"


def test_a_broken_specification_stops_the_gui_with_a_message(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import desktop_app.ui.launch as launch
    from desktop_app.cli import parse
    from desktop_app.spec import SpecError, SpecProblem

    def broken() -> None:
        raise SpecError([SpecProblem("03_imaging.toml", 12, "birads", "has an unknown type")])

    shown: list[str] = []
    monkeypatch.setattr(launch, "default_spec", broken)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(str(a[2])))
    assert launch.run_gui(parse(["--db", str(tmp_path / "x.sqlite")])) == 2
    assert "03_imaging.toml, line 12: field 'birads' has an unknown type" in shown[0]


def test_the_required_count_says_that_the_entries_fields_count(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window()
    window.new_action.trigger()
    summary = window.editor.completeness_panel.summary
    before = summary.text()
    assert before.startswith("Required ") and "entr" not in before
    total = int(before.split("/")[1].split()[0])
    field_set(window, "imaging", "imaging_study")  # shows the Imaging tab
    imaging = window.editor.tabs.currentWidget().groups["imaging_study"]
    qtbot.mouseClick(imaging.add_button, Qt.MouseButton.LeftButton)
    after = summary.text()
    assert int(after.split("/")[1].split()[0]) > total  # the modality of the study counts
    assert "(fields of the 1 entry count)" in after
    assert "grows with each entry added" in summary.toolTip()


def test_example_text_cannot_be_read_as_data_and_a_derived_value_shows_none(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window()
    window.new_action.trigger()
    case, followup = field_set(window, "case"), field_set(window, "followup")
    months = followup.editors["months_to_death"].input
    assert isinstance(months, QLineEdit)
    index_date = case.editors["index_date"].input
    assert isinstance(index_date, QLineEdit)
    assert index_date.placeholderText().startswith("e.g. "), index_date.placeholderText()
    assert months.placeholderText() == ""  # a derived field shows no example text at all
    type_line(qtbot, case, "index_date", "2015-01-10")
    type_line(qtbot, followup, "date_of_death", "2016-01-10")
    assert months.text() == "12"  # derived (a reported value may still be typed over it)
    assert months.placeholderText() == ""


def test_entering_a_filled_field_by_tab_selects_its_value(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window(demo=True, active=True)
    window.open_case(window.store.find("DEMO-001") or 0)
    history = field_set(window, "history")
    age, sex = history.editors["age_at_presentation"].input, history.editors["sex"].input
    complaint = history.editors["presenting_complaint"].input
    assert isinstance(age, QLineEdit) and isinstance(complaint, QPlainTextEdit)
    sex.setFocus()
    qtbot.keyClick(sex, Qt.Key.Key_Backtab)  # back to the age: selected, typing replaces it
    qtbot.waitUntil(lambda: age.hasFocus())
    qtbot.waitUntil(lambda: age.selectedText() == "57")
    qtbot.keyClicks(age, "58")
    assert age.text() == "58"
    before = history.editors[complaint_before(history)].input
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)  # into the filled complaint: all of it selected
    qtbot.waitUntil(lambda: complaint.hasFocus())
    whole = complaint.toPlainText()
    assert whole
    qtbot.waitUntil(lambda: complaint.textCursor().selectedText() == whole)


def complaint_before(history: FieldSet) -> str:
    """The field whose Tab leads into the presenting complaint."""
    ids = list(history.editors)
    return ids[ids.index("presenting_complaint") - 1]
