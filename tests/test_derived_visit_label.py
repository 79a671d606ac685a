"""A visit dated only as "2 months after surgery" (surgery 12 March 2019) is named by its
derived date where another field points at it: the choices of a field that refers to a
follow-up visit read "1. about May 2019 (derived)", as the visit table does, not "1." alone;
a visit with a typed date is named by it plainly. The shipped forms have no field that
points at a visit, so one is added here ("Prompted by (follow-up visit)" on a treatment).
Nothing derived is stored: the reference holds the visit's entry id, the visit no date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop_app.paths import forms_dir, resource_path
from desktop_app.record import CaseRecord
from desktop_app.report.view import CaseView
from desktop_app.spec import Spec
from desktop_app.spec.loader import load_spec
from desktop_app.ui.main_window import MainWindow
from tests.gui_helpers import show_tab
from tests.relative_visit import add_visit_after_surgery, choose, enter_surgery
from tests.test_as_reported_gui import type_line

INTENT = 'role = "treatment_intent"\n'
POINTS_AT_A_VISIT = """
[[group.field]]
id = "prompted_by_visit"
label = "Prompted by (follow-up visit)"
type = "ref"
ref = "followup_visit"
"""


@pytest.fixture
def spec(tmp_path: Path) -> Spec:
    """The shipped specification, with a treatment field that points at a follow-up visit."""
    shutil.copytree(forms_dir(), tmp_path / "forms")
    shutil.copytree(resource_path("vocabularies"), tmp_path / "vocabularies")
    path = tmp_path / "forms" / "05_treatment.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(INTENT) == 1
    path.write_text(text.replace(INTENT, INTENT + POINTS_AT_A_VISIT), encoding="utf-8")
    return load_spec(tmp_path / "forms", tmp_path / "vocabularies")


def _visit_choices(qtbot: QtBot, window: MainWindow) -> QComboBox:
    """A second treatment added; its field that points at a visit."""
    treatments = show_tab(window, "treatment").groups["treatment"]
    qtbot.mouseClick(treatments.add_button, Qt.MouseButton.LeftButton)
    choose(treatments.fields.editors["modality"].input, "chemotherapy")
    combo = treatments.fields.editors["prompted_by_visit"].input
    assert isinstance(combo, QComboBox)
    return combo


def _texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_visit_placed_by_a_derived_date_is_named_by_it(qtbot: QtBot, window: MainWindow) -> None:
    enter_surgery(qtbot, window, "REF-DER")
    visits = show_tab(window, "followup").groups["followup_visit"]
    qtbot.mouseClick(visits.add_button, Qt.MouseButton.LeftButton)
    type_line(qtbot, visits.fields.editors["visit_date"].input, "2019-06-20")
    choose(visits.fields.editors["status"].input, "ned")
    add_visit_after_surgery(qtbot, window)
    combo = _visit_choices(qtbot, window)
    assert _texts(combo) == ["", "1. 20 June 2019", "2. about May 2019 (derived)"]
    combo.setCurrentIndex(combo.findText("2. about May 2019 (derived)"))
    window.save_action.trigger()
    case_id = window.editor.record.case_id
    assert case_id is not None
    loaded = window.store.load(case_id)
    _typed, second = loaded.entries("followup_visit")
    assert "visit_date" not in second.values  # the derived date is not stored
    assert loaded.entries("treatment")[1].values["prompted_by_visit"] == str(second.entry_id)


def test_a_date_typed_for_the_visit_names_it_plainly(qtbot: QtBot, window: MainWindow) -> None:
    enter_surgery(qtbot, window, "REF-TYPED")
    add_visit_after_surgery(qtbot, window)
    assert _texts(_visit_choices(qtbot, window))[1] == "1. about May 2019 (derived)"
    visits = show_tab(window, "followup").groups["followup_visit"]
    visits.select_entry(visits.entries[0].entry_id)
    type_line(qtbot, visits.fields.editors["visit_date"].input, "2019-05-20")
    treatments = show_tab(window, "treatment").groups["treatment"]
    combo = treatments.fields.editors["prompted_by_visit"].input
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: _texts(combo)[1:] == ["1. 20 May 2019"])


def test_the_pdf_names_the_visit_by_its_derived_date_too(spec: Spec) -> None:
    record = CaseRecord(values={"case_number": "REF-PDF"})
    surgery = record.add_entry("treatment", {"modality": "surgery", "start_date": "2019-03-12"})
    after = {"status": "ned", "time_after_event": "2", "time_after_unit": "mo",
             "after_treatment": str(surgery.entry_id)}  # fmt: skip
    visit = record.add_entry("followup_visit", after)
    record.add_entry("treatment", {"modality": "chemotherapy",
                                   "prompted_by_visit": str(visit.entry_id)})  # fmt: skip
    view = CaseView(spec, record, identified=True)
    assert view.entry_labels("followup_visit") == {str(visit.entry_id): "about May 2019 (derived)"}
