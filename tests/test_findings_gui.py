"""The tri-state tick of a findings field, as a registrar uses it: one click (or Space) for
present, a second for absent ("No …"), a third to clear; a boolean finding typed as
"absent". Asserted on what the store keeps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from desktop_app.spec import Spec
from desktop_app.store.queries import Condition
from desktop_app.ui.cohort_dialog import CohortDialog
from desktop_app.ui.main_window import MainWindow
from tests.gui_helpers import CTRL_SHIFT, show_tab
from tests.test_keyboard_entry import combo, focused, keys


def box(parent: object, name: str) -> QCheckBox:
    found = parent.findChild(QCheckBox, name)  # type: ignore[attr-defined]
    assert isinstance(found, QCheckBox), name
    return found


def test_a_finding_ticked_present_absent_and_cleared_is_stored_so(
    qtbot: QtBot, window: MainWindow
) -> None:
    study = show_tab(window, "imaging").groups["imaging_study"]
    study.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL_SHIFT)
    keys(qtbot, combo(study, "modality"), "mg")
    features = study.fields.editors["mg_associated"].input
    thickening = box(features, "choice_mg_associated_skin_thickening")
    calcifications = box(features, "choice_mg_associated_calcifications")
    retraction = box(features, "choice_mg_associated_nipple_retraction")
    qtbot.mouseClick(thickening, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(thickening, Qt.MouseButton.LeftButton)  # a second click: absent
    assert thickening.text() == "No skin thickening"
    calcifications.setFocus()
    qtbot.keyClick(calcifications, Qt.Key.Key_Space)  # present
    for _ in range(3):  # present, absent, not recorded
        qtbot.mouseClick(retraction, Qt.MouseButton.LeftButton)
    assert retraction.text() == "Nipple retraction"
    keys(qtbot, combo(study, "abnormal_nodes"), "absent")
    keys(qtbot, combo(study, "study_result"), "neg")
    family = show_tab(window, "history").case_fields
    assert family is not None
    breast = box(family.editors["family_cancers"].input, "choice_family_cancers_breast")
    qtbot.mouseClick(breast, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(breast, Qt.MouseButton.LeftButton)
    qtbot.wait(10)  # laid out: marking findings absent ("No …") never widens the form
    assert show_tab(window, "history").horizontalScrollBar().maximum() == 0
    assert show_tab(window, "imaging").horizontalScrollBar().maximum() == 0
    window.save_action.trigger()
    case_id = window.editor.record.case_id
    assert case_id is not None
    stored = window.store.load(case_id)
    [entry] = stored.entries("imaging_study")
    assert entry.values["mg_associated"] == "!skin_thickening|calcifications"
    assert entry.values["abnormal_nodes"] == "false"
    assert entry.values["study_result"] == "negative"
    assert stored.values["family_cancers"] == "!breast"
    window.editor.load(stored)  # shown again as stored: the absent tick reads "No …"
    shown = show_tab(window, "history").case_fields
    assert shown is not None
    again = box(shown.editors["family_cancers"].input, "choice_family_cancers_breast")
    assert again.checkState() == Qt.CheckState.PartiallyChecked
    assert again.text() == "No breast cancer"


def test_the_cohort_dialog_offers_each_finding_absent(qtbot: QtBot, spec: Spec) -> None:
    """'Skin thickening absent' is a value to choose, stored as the '!code' the store holds."""
    wanted = Condition("imaging_study", "mg_associated", "=", "!skin_thickening")
    dialog = CohortDialog(spec, (wanted,), {})  # reopened on the conditions it gave
    qtbot.addWidget(dialog)
    [row] = dialog.rows
    assert row.value_code.currentText() == "No skin thickening"
    assert row.value_code.findText("Skin thickening") >= 0  # present stays a choice too
    assert dialog.conditions() == (wanted,)
