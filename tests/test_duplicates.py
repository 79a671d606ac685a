"""Duplicates: another case with the same record number, or the same date of birth, sex
and diagnosis, is found (on SQLite and PostgreSQL) and the registrar is warned before
saving; cancelling keeps what was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore
from desktop_app.store.duplicates import find_duplicates
from tests.conftest import OpenWindow, forbid_dialogs
from tests.test_gui import field_set, type_line

PATIENT = {"date_of_birth": "1961-04-09", "sex": "female", "diagnosis": "8890/3"}


def _seed(store: CaseStore, number: str, **values: str) -> CaseRecord:
    return store.save(CaseRecord(values={"case_number": number, **values}))


def test_same_record_number_is_found_whatever_the_spacing_and_case(store: CaseStore) -> None:
    first = _seed(store, "D-1", medical_record_number="MRN 00123")
    _seed(store, "D-2", medical_record_number="MRN 00999")
    new = CaseRecord(values={"case_number": "D-3", "medical_record_number": "mrn00123"})
    found = find_duplicates(store.engine, store.spec, new)
    assert [(d.case_id, d.reason) for d in found] == [(first.case_id, "the same record number")]
    # The case itself is not its own duplicate.
    assert find_duplicates(store.engine, store.spec, first) == []


def test_same_birth_date_sex_and_diagnosis_is_found_only_when_all_three_match(
    store: CaseStore,
) -> None:
    first = _seed(store, "D-1", **PATIENT)
    same = CaseRecord(values={"case_number": "D-2", **PATIENT})
    assert [d.case_number for d in find_duplicates(store.engine, store.spec, same)] == ["D-1"]
    for field_id, other in (("sex", "male"), ("diagnosis", "8711/3"), ("date_of_birth", "1961")):
        differs = CaseRecord(values={**same.values, field_id: other})
        assert find_duplicates(store.engine, store.spec, differs) == [], field_id
    partly = CaseRecord(values={k: v for k, v in same.values.items() if k != "sex"})
    assert find_duplicates(store.engine, store.spec, partly) == []
    # A removed case still counts: it should be restored rather than entered again.
    assert first.case_id is not None
    store.set_removed(first.case_id, True, reason="entered twice")
    assert [d.status for d in find_duplicates(store.engine, store.spec, same)] == ["removed"]


def _answer_warning(qtbot: QtBot, button_text: str, seen: list[str]) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        seen.append(f"{box.text()} {box.informativeText()}")
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text}")

    QTimer.singleShot(0, answer)


def test_new_case_with_a_known_record_number_warns_before_saving(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_dialogs(monkeypatch, "question", "warning")
    window = main_window()
    existing = _seed(window.store, "OLD-7", medical_record_number="H 4471")
    window.refresh_list()
    window.new_action.trigger()
    case = field_set(window, "case")
    type_line(qtbot, case, "case_number", "NEW-1")
    type_line(qtbot, case, "medical_record_number", "h4471")

    seen: list[str] = []
    _answer_warning(qtbot, "Cancel", seen)
    window.save_action.trigger()  # Ctrl+S
    assert seen and "case OLD-7: the same record number" in seen[0]
    assert window.store.find("NEW-1") is None  # not saved ...
    assert window.editor.record.values["medical_record_number"] == "h4471"  # ... nothing lost
    assert window.editor.dirty

    _answer_warning(qtbot, "Save anyway", seen)
    window.save_action.trigger()
    new_id = window.store.find("NEW-1")
    assert len(seen) == 2 and new_id is not None and new_id != existing.case_id
    assert window.store.load(new_id).values["medical_record_number"] == "h4471"

    # Saving again without touching the record number asks nothing (a question would
    # find no modal box and fail); the title change is stored.
    type_line(qtbot, field_set(window, "case"), "title", "Second look")
    assert window.save()
    assert window.store.load(new_id).values["title"] == "Second look"
    assert len(seen) == 2


def test_a_record_number_longer_than_the_index_holds_is_found_too(store: CaseStore) -> None:
    """0010: a value longer than 16 characters is a key row in the cohort index, its text
    in the audit; a record number that long is compared on the value read from there."""
    long_number = "HOSPITAL-EAST 2024 000123"
    first = _seed(store, "D-1", medical_record_number=long_number)
    _seed(store, "D-2", medical_record_number="HOSPITAL-EAST 2024 000999")
    new = CaseRecord(values={"case_number": "D-3",
                             "medical_record_number": "hospital-east2024000123"})  # fmt: skip
    found = find_duplicates(store.engine, store.spec, new)
    assert [(d.case_id, d.reason) for d in found] == [(first.case_id, "the same record number")]
