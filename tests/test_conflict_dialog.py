"""Two registrars changed one case (issue 15): in the conflict dialog a value both changed,
differently, is a choice to make — unticked and marked — so that accepting the dialog as
shown keeps the other person's value there, and still re-applies my changes elsewhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.drafts import DraftStore
from desktop_app.merge import Change
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.ui.conflict_dialog import ConflictDialog
from tests.conftest import OpenWindow
from tests.test_gui import field_set, type_line


def _seed(db_path: Path, spec: Spec) -> int:
    store = CaseStore.open(db_path, spec)
    record = store.save(CaseRecord(values={"case_number": "C-1", "title": "base",
                                           "institution": "Ward 1"}))  # fmt: skip
    store.close()
    assert record.case_id is not None
    return record.case_id


def test_accepting_as_shown_keeps_their_value_for_a_clash_and_mine_elsewhere(
    qtbot: QtBot, main_window: OpenWindow, db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    case_id = _seed(db_path, spec)
    mine = main_window(drafts=DraftStore(tmp_path / "drafts"))
    theirs = main_window(drafts=DraftStore(tmp_path / "drafts"))
    mine.open_case(case_id)
    theirs.open_case(case_id)
    type_line(qtbot, field_set(theirs, "case"), "title", "their title")
    assert theirs.save()
    type_line(qtbot, field_set(mine, "case"), "title", "my title")  # a clash
    type_line(qtbot, field_set(mine, "case"), "institution", "Ward 2")  # mine alone

    shown: dict[str, tuple[str, bool, str]] = {}

    def accept_as_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            QTimer.singleShot(20, accept_as_shown)  # the dialog is not open yet
            return
        table = dialog.table
        for row in range(table.rowCount()):
            tick = table.item(row, 4)
            shown[table.item(row, 0).text()] = (
                tick.text(), tick.checkState() == Qt.CheckState.Checked,
                table.item(row, 3).background().color().name(),
            )  # fmt: skip
        shown["intro"] = (dialog.intro.text(), False, "")
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, accept_as_shown)
    assert not mine.save()  # never saved over their version at once
    assert shown, "the conflict dialog was not shown"

    clash_text, clash_ticked, clash_colour = shown["Title"]
    assert not clash_ticked  # a clash is not applied unless chosen
    assert "choose" in clash_text.lower()  # and says that it asks for a choice
    mine_text, mine_ticked, mine_colour = shown["Institution"]
    assert mine_ticked and mine_text == ""  # a change of mine alone stays ticked
    assert clash_colour != mine_colour  # the clash's row is marked
    assert "1 value(s) were changed by both of you" in shown["intro"][0]

    assert mine.editor.dirty
    assert mine.editor.record.values["title"] == "their title"
    assert mine.save()
    stored = mine.store.load(case_id).values
    assert (stored["title"], stored["institution"]) == ("their title", "Ward 2")


def test_ticking_a_clash_applies_mine(qtbot: QtBot, spec: Spec) -> None:
    """The registrar may still choose their own value for a clash."""
    clash = Change(("", 0, "title"), "base", "their title", "my title")
    alone = Change(("", 0, "institution"), "Ward 1", "Ward 1", "Ward 2")
    theirs_only = Change(("", 0, "diagnosis"), None, "x", None)
    dialog = ConflictDialog(spec, [clash, alone, theirs_only])
    qtbot.addWidget(dialog)
    assert dialog.chosen() == [alone]
    assert dialog.clashes() == [0]
    assert not dialog.table.item(2, 4).flags() & Qt.ItemFlag.ItemIsUserCheckable
    dialog.table.item(0, 4).setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen() == [clash, alone]
