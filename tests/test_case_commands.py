"""The open case's commands (ui/case_commands.py) work on an editor, the Qt-free session and
a view that is not the window (issue 15): what they show goes through the view, what they
ask through the prompts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.drafts import DraftStore
from desktop_app.session import CaseSession
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.ui.case_commands import CaseCommands
from desktop_app.ui.case_editor import CaseEditor
from tests.test_session import Answers


class View:
    """Where the open case shows, recorded."""

    def __init__(self) -> None:
        self.open = False
        self.said: list[str] = []
        self.listed: list[int | None] = []
        self.selected: list[int | None] = []
        self.changes = 0

    def case_is_open(self) -> bool:
        return self.open

    def show_editor(self) -> None:
        self.open = True

    def show_placeholder(self) -> None:
        self.open = False

    def refresh_list(self, select: int | None = None) -> None:
        self.listed.append(select)

    def select_in_list(self, case_id: int | None) -> None:
        self.selected.append(case_id)

    def in_list(self, case_id: int) -> bool:
        return False  # as when a search leaves it out

    def say(self, text: str, milliseconds: int = 8000) -> None:
        self.said.append(text)

    def case_changed(self) -> None:
        self.changes += 1


def test_new_save_and_remove_through_a_view_that_is_not_the_window(
    qtbot: QtBot, tmp_path: Path, spec: Spec
) -> None:
    store = CaseStore.open(tmp_path / "cases.sqlite", spec)
    try:
        editor = CaseEditor(spec)
        qtbot.addWidget(editor)
        answers = Answers(reasons=(None, "entered twice"))
        view = View()
        session = CaseSession(store, DraftStore(tmp_path / "drafts"), user="Registrar")
        commands = CaseCommands(session, editor, store, lambda: answers, view, editor)

        commands.new_case()
        assert view.open and view.selected == [None] and view.changes == 1
        number = editor.form_tabs[0].case_fields.editors["case_number"].input  # type: ignore[union-attr]
        assert isinstance(number, QLineEdit)
        qtbot.keyClicks(number, "CC-1")
        qtbot.keyClick(number, Qt.Key.Key_Return)
        assert commands.save()
        case_id = store.find("CC-1")
        assert case_id is not None and view.listed == [case_id]
        assert view.said[-1].startswith("Saved case CC-1")
        assert view.said[-1].endswith("not in the list: the search, filters or cohort leave it out")

        commands.remove_case()  # the reason is not given: nothing changes
        assert view.open and view.said[-1] == "Remove case: cancelled; nothing was changed"
        assert [c.case_id for c in store.list_cases()] == [case_id]
        commands.remove_case()
        assert not view.open and store.list_cases() == []  # hidden from the list
        assert [c.case_id for c in store.list_cases(removed=True)] == [case_id]
        assert answers.asked[-1].startswith("Why is this case being removed?")
    finally:
        store.close()
