"""Typing into a choice finds by code or by any word of a name (issue 11): a text that names
several choices lists them under the field and picks none until the registrar chooses; an
exact code or name picks at once. Keys go to the real widgets; the store is read back."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.record import CaseRecord
from desktop_app.report.case_summary import render_case_summary
from desktop_app.ui.group_editor import GroupEditor
from desktop_app.ui.main_window import MainWindow
from tests.conftest import OpenWindow
from tests.gui_helpers import CTRL_SHIFT, show_tab


def keys(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type into a widget as a registrar does, after a pause (a new burst of typing)."""
    qtbot.wait(QApplication.keyboardInputInterval() + 30)
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def new_entry(qtbot: QtBot, window: MainWindow, form_id: str, group_id: str) -> GroupEditor:
    group = show_tab(window, form_id).groups[group_id]
    group.table.setFocus()
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_N, CTRL_SHIFT)
    return group


def combo_of(group: GroupEditor, field_id: str) -> QComboBox:
    widget = group.fields.editors[field_id].input
    assert isinstance(widget, QComboBox)
    return widget


def candidates_of(group: GroupEditor, field_id: str) -> QListWidget:
    found = group.fields.editors[field_id].findChild(QListWidget, f"candidates_{field_id}")
    assert found is not None
    return found


def saved(window: MainWindow) -> CaseRecord:
    window.save_action.trigger()
    case_id = window.editor.record.case_id
    assert case_id is not None
    return window.store.load(case_id)


def test_lower_offers_both_lower_quadrants_and_picks_neither(
    qtbot: QtBot, window: MainWindow
) -> None:
    lesion = new_entry(qtbot, window, "case", "lesion")
    site = combo_of(lesion, "lesion_site")
    keys(qtbot, site, "c50")  # the start of nine codes: listed, none picked
    assert site.currentData() == ""
    assert candidates_of(lesion, "lesion_site").count() == 9
    keys(qtbot, site, "C50.4")  # an exact code picks at once
    assert site.currentData() == "C50.4"
    assert not candidates_of(lesion, "lesion_site").isVisible()
    quadrant = combo_of(lesion, "breast_quadrant")
    keys(qtbot, quadrant, "lower")
    listed = candidates_of(lesion, "breast_quadrant")
    assert quadrant.currentData() == ""  # nothing picked
    assert listed.isVisible()
    assert [listed.item(i).text() for i in range(listed.count())] == [
        "Lower outer quadrant",
        "Lower inner quadrant",
    ]
    hint = lesion.fields.editors["breast_quadrant"].hint
    assert hint.isVisible() and "none is picked" in hint.text()
    assert "breast_quadrant" not in lesion.entries[0].values
    qtbot.keyClick(quadrant, Qt.Key.Key_Down)
    qtbot.keyClick(quadrant, Qt.Key.Key_Down)
    assert quadrant.currentData() == ""  # highlighting is not choosing
    qtbot.keyClick(quadrant, Qt.Key.Key_Return)
    assert quadrant.currentData() == "LIQ" and not listed.isVisible()
    keys(qtbot, quadrant, "upper")  # the code of one, never shown: one match among three
    assert quadrant.currentData() == "LIQ"
    assert [listed.item(i).text() for i in range(listed.count())] == [
        "Upper breast, quadrant not given",
        "Upper outer quadrant",
        "Upper inner quadrant",
    ]
    qtbot.keyClick(quadrant, Qt.Key.Key_Down)
    qtbot.keyClick(quadrant, Qt.Key.Key_Down)
    qtbot.keyClick(quadrant, Qt.Key.Key_Tab)  # Tab takes the highlighted one and moves on
    assert quadrant.currentData() == "UOQ"
    assert QApplication.focusWidget() is not quadrant
    [entry] = saved(window).entries("lesion")
    assert (entry.values["lesion_site"], entry.values["breast_quadrant"]) == ("C50.4", "UOQ")


def test_8500_2_typed_is_stored_and_printed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    show_tab(window, "case")
    editor = window.editor.form_tabs[0].case_fields
    assert editor is not None
    diagnosis = editor.editors["diagnosis"].input
    assert isinstance(diagnosis, QComboBox)
    keys(qtbot, diagnosis, "ductal carcinoma in situ")  # the start of several names
    assert diagnosis.currentData() == ""
    listed = editor.editors["diagnosis"].findChild(QListWidget, "candidates_diagnosis")
    assert listed is not None and listed.count() > 1
    assert "8500/2 — Ductal carcinoma in situ, NOS" in [
        listed.item(i).text() for i in range(listed.count())
    ]
    keys(qtbot, diagnosis, "8500/2")
    assert diagnosis.currentText() == "8500/2 — Ductal carcinoma in situ, NOS"
    record = saved(window)
    assert record.values["diagnosis"] == "8500/2"
    pdf = tmp_path / "case.pdf"
    render_case_summary(window.store.spec, [record], pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Ductal carcinoma in situ" in text


def test_4a_is_not_offered_on_an_mri_study(qtbot: QtBot, window: MainWindow) -> None:
    study = new_entry(qtbot, window, "imaging", "imaging_study")
    keys(qtbot, combo_of(study, "modality"), "MRI")
    birads = combo_of(study, "birads")
    codes = [birads.itemData(i) for i in range(birads.count())]
    assert codes == ["", "0", "1", "2", "3", "4", "5", "6"]
    keys(qtbot, birads, "4a")
    assert birads.currentData() == ""
    assert study.fields.editors["birads"].hint.isVisible()
    keys(qtbot, combo_of(study, "modality"), "US")  # ultrasound: 4A-4C are offered again
    keys(qtbot, birads, "4a")
    assert birads.currentData() == "4A"
    [entry] = saved(window).entries("imaging_study")
    assert (entry.values["modality"], entry.values["birads"]) == ("US", "4A")


def test_a_stored_older_edition_code_is_shown_with_its_edition_and_kept(
    main_window: OpenWindow,
) -> None:
    window = main_window(active=True)
    record = CaseRecord()
    record.values.update({"case_number": "OLD-1", "diagnosis": "8680/1"})
    window.store.save(record)
    window.refresh_list()
    window.case_table.selectRow(0)
    editor = window.editor.form_tabs[0].case_fields
    assert editor is not None
    diagnosis = editor.editors["diagnosis"]
    assert isinstance(diagnosis.input, QComboBox)
    assert diagnosis.input.currentData() == "8680/1"
    assert diagnosis.input.currentText().startswith("8680/1 — Paraganglioma, NOS (ICD-O-3 (2000)")
    assert diagnosis.message.isVisible()
    assert "ICD-O-3 (2000)" in diagnosis.message.text() and "8680/3" in diagnosis.message.text()
    assert saved(window).values["diagnosis"] == "8680/1"  # kept as entered until recoded
