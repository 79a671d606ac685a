"""GUI: two windows on one case, drafts after a crash, a failed save, reasons, removal, history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.drafts import DraftStore
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.ui.conflict_dialog import ConflictDialog
from desktop_app.ui.history_dialog import HistoryDialog
from desktop_app.ui.main_window import MainWindow
from tests.conftest import OpenWindow
from tests.test_gui import field_set, type_line
from tests.test_session import Answers

Button = QMessageBox.StandardButton


@pytest.fixture
def open_window(main_window: OpenWindow, tmp_path: Path) -> Callable[[], MainWindow]:
    """Windows sharing one drafts folder, as after a crash and a restart."""

    def make() -> MainWindow:
        window = main_window(drafts=DraftStore(tmp_path / "drafts"))
        window.draft_timer.stop()  # the tests call keep_draft themselves
        return window

    return make


def _seed(db_path: Path, spec: Spec, **values: str) -> int:
    store = CaseStore.open(db_path, spec)
    record = store.save(CaseRecord(values={"case_number": "W-1", **values}))
    store.close()
    assert record.case_id is not None
    return record.case_id


def test_second_save_shows_the_other_persons_changes_and_reapplies_mine(
    qtbot: QtBot, open_window: Callable[[], MainWindow], db_path: Path, spec: Spec,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    case_id = _seed(db_path, spec, title="base", institution="Ward 1")
    mine, theirs = open_window(), open_window()
    mine.open_case(case_id)
    theirs.open_case(case_id)
    type_line(qtbot, field_set(theirs, "case"), "title", "their title")
    assert theirs.save()
    type_line(qtbot, field_set(mine, "case"), "title", "my title")
    type_line(qtbot, field_set(mine, "case"), "institution", "Ward 2")

    seen: list[list[str]] = []

    def choose(dialog: ConflictDialog) -> int:
        table = dialog.table
        rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
        seen.extend(rows)
        for r, row in enumerate(rows):
            if row[0] == "Title":  # keep their title, re-apply my institution
                table.item(r, 4).setCheckState(Qt.CheckState.Unchecked)
        return ConflictDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", choose)
    assert not mine.save()  # refused, never a silent overwrite
    assert ["Title", "base", "their title", "my title"] in seen
    assert ["Institution", "Ward 1", "Ward 1", "Ward 2"] in seen
    assert mine.editor.dirty and mine.editor.record.values["title"] == "their title"
    assert mine.save()
    stored = mine.store.load(case_id).values
    assert (stored["title"], stored["institution"]) == ("their title", "Ward 2")


def test_a_draft_is_offered_back_after_a_crash(
    qtbot: QtBot, open_window: Callable[[], MainWindow], db_path: Path, spec: Spec,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    case_id = _seed(db_path, spec)
    first = open_window()
    first.open_case(case_id)
    type_line(qtbot, field_set(first, "case"), "title", "typed before the crash")
    # Leaving the field wrote the draft; the process now dies without saving.
    first.editor.set_dirty(False)  # what a crash leaves behind: nothing saved, no question
    second = open_window()
    second.prompts = answers = Answers(draft=True)
    second.open_case(case_id)
    assert answers.asked == [f"draft case-{case_id} new=False"]
    assert second.editor.record.values["title"] == "typed before the crash"
    assert second.editor.dirty
    assert field_set(second, "case").editors["title"].raw() == "typed before the crash"
    assert "title" not in second.store.load(case_id).values  # still only a draft


def test_a_new_case_draft_is_offered_at_start_up(
    qtbot: QtBot, open_window: Callable[[], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = open_window()
    first.new_action.trigger()
    type_line(qtbot, field_set(first, "case"), "title", "never saved")
    first.keep_draft()
    first.editor.set_dirty(False)
    second = open_window()
    second.prompts = answers = Answers(draft=True)
    second.offer_new_case_drafts()
    assert len(answers.asked) == 1 and answers.asked[0].endswith("new=True")
    assert second.editor.record.values["title"] == "never saved"
    assert second.save()
    assert second.drafts.pending() == []


def test_a_failed_save_says_why_and_keeps_the_edits_in_form_and_draft(
    qtbot: QtBot, open_window: Callable[[], MainWindow], db_path: Path, spec: Spec,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from sqlalchemy import event

    case_id = _seed(db_path, spec)
    window = open_window()
    window.open_case(case_id)
    with window.store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    event.listen(window.store.engine, "connect",
                 lambda dbapi, _r: dbapi.execute(f"PRAGMA max_page_count={pages}"))  # fmt: skip
    window.store.engine.dispose()
    long_text = "history " * 30_000
    field_set(window, "history").editors["presenting_complaint"].input.setPlainText(long_text)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(str(a[2])))
    assert not window.save()
    assert warnings and "disk is full" in warnings[0]
    assert window.editor.dirty
    assert window.editor.record.values["presenting_complaint"] == long_text
    draft = window.drafts.load(window.editor.draft_key)
    assert draft is not None and draft.record.values["presenting_complaint"] == long_text


def test_complete_case_asks_a_reason_removal_and_history(
    qtbot: QtBot, open_window: Callable[[], MainWindow], db_path: Path, spec: Spec,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    case_id = _seed(db_path, spec, title="t0", diagnosis="8890/3")  # complete needs one
    window = open_window()
    window.open_case(case_id)
    window.complete_action.trigger()
    assert window.store.load(case_id).status == "complete"
    window.prompts = Answers(reasons=("pathology revised", "entered twice"))
    type_line(qtbot, field_set(window, "case"), "title", "t1")
    assert window.save()
    change = [e for e in window.store.audit_trail(case_id) if e["new_value"] == "t1"]
    assert change[0]["reason"] == "pathology revised"

    shown: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda d: shown.append(d) or 0)
    window.history_action.trigger()
    dialog = shown[0]
    dialog.filter.setCurrentIndex(dialog.filter.findText("Title"))
    rows = [[dialog.table.item(r, c).text() for c in (5, 6, 7)]
            for r in range(dialog.table.rowCount())]  # fmt: skip
    assert rows == [["", "t0", ""], ["t0", "t1", "pathology revised"]]

    window.remove_action.trigger()
    assert window.store.list_cases() == []
    assert window.model.rowCount() == 0
    assert window.store.list_cases(removed=True)[0].case_number == "W-1"


def test_an_empty_reason_is_asked_again_and_cancel_keeps_the_edit(
    qtbot: QtBot, open_window: Callable[[], MainWindow], db_path: Path, spec: Spec,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    case_id = _seed(db_path, spec, title="t0", diagnosis="8890/3")  # complete needs one
    window = open_window()
    window.open_case(case_id)
    window.complete_action.trigger()
    window.prompts = answers = Answers(reasons=("", "  ", "typo in the title"))
    type_line(qtbot, field_set(window, "case"), "title", "t1")
    assert window.save()
    assert len(answers.asked) == 3 and "A reason is needed" in answers.asked[1]
    assert window.store.load(case_id).values["title"] == "t1"

    window.prompts = Answers(reasons=(None,))  # Cancel
    type_line(qtbot, field_set(window, "case"), "title", "t2")
    assert not window.save()
    assert window.editor.dirty and window.editor.record.values["title"] == "t2"
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.store.load(case_id).values["title"] == "t1"
