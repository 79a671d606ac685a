"""What the registrar sees around saving: the view stays where it was, a taken case number
is said beside the field, a refused value is listed at once (and not also as "required"),
F8 says when nothing is missing, "Saved" goes once something is typed, and a saved case
the list's filters leave out is said to be so."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.record import CaseRecord
from desktop_app.store.queries import Condition
from desktop_app.ui.field_editors import FieldEditor
from desktop_app.ui.main_window import MainWindow
from tests.conftest import OpenWindow, forbid_dialogs
from tests.test_gui import field_set, type_line


def _open(main_window: OpenWindow, monkeypatch: object, number: str = "DEMO-001") -> MainWindow:
    window = main_window(demo=True, active=True)
    forbid_dialogs(monkeypatch, "question", "warning")  # type: ignore[arg-type]
    case_id = window.store.find(number)
    assert case_id is not None
    window.open_case(case_id)
    return window


def _focused_editor() -> FieldEditor | None:
    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, FieldEditor):
        widget = widget.parentWidget()
    return widget


def test_saving_keeps_the_tab_the_entry_and_the_field(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: object
) -> None:
    window = _open(main_window, monkeypatch)
    imaging = field_set(window, "imaging", "imaging_study")  # selects the Imaging tab
    tab = window.editor.tabs.currentIndex()
    group = window.editor.form_tabs[tab].groups["imaging_study"]
    second = group.entries[1].entry_id
    group.select_entry(second)
    imaging.editors["region"].focus_input()  # the registrar is in the field ...
    type_line(qtbot, imaging, "region", "Left breast, upper outer")  # ... types, saves
    assert window.save()
    assert window.editor.tabs.currentIndex() == tab
    assert group.current_entry == second  # not back to the first study
    editor = _focused_editor()
    assert editor is not None and editor.field.id == "region"
    stored = window.store.load(window.editor.record.case_id or 0)
    assert stored.entry("imaging_study", second).values["region"] == "Left breast, upper outer"


def test_a_taken_case_number_is_said_beside_the_field_and_nothing_is_lost(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: object
) -> None:
    window = _open(main_window, monkeypatch)
    window.new_action.trigger()
    case = field_set(window, "case")
    type_line(qtbot, case, "case_number", "DEMO-002")
    type_line(qtbot, case, "title", "A second look")
    assert not window.save()
    message = case.editors["case_number"].message
    assert message.isVisible() and "DEMO-002 is already used" in message.text()
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    assert _focused_editor() is case.editors["case_number"]
    assert window.editor.record.values["title"] == "A second look"
    type_line(qtbot, case, "case_number", "DEMO-900")
    assert window.save() and window.store.find("DEMO-900") is not None
    assert not message.isVisible()


def test_a_refused_value_is_listed_before_saving_and_not_also_as_required(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: object
) -> None:
    window = _open(main_window, monkeypatch)
    history = field_set(window, "history")
    type_line(qtbot, history, "age_at_presentation", "6two")
    qtbot.waitUntil(lambda: "6two" in window.editor.problems_title.text()
                    or window.editor.problems.count() > 0, timeout=2000)  # fmt: skip
    texts = [window.editor.problems.item(i).text() for i in range(window.editor.problems.count())]
    age = [t for t in texts if "Age at presentation" in t]
    assert len(age) == 1 and "required" not in age[0], texts


def test_f8_says_when_nothing_is_missing_and_saved_goes_once_typing_starts(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: object
) -> None:
    window = _open(main_window, monkeypatch)  # DEMO-001 has every required field
    window.editor.next_missing_action.trigger()
    assert window.statusBar().currentMessage() == "No required field is missing."
    assert window.save()
    assert window.statusBar().currentMessage().startswith("Saved case DEMO-001")
    qtbot.keyClicks(field_set(window, "case").editors["title"].input, " (revised)")
    assert window.statusBar().currentMessage() == ""


def test_a_saved_case_the_cohort_leaves_out_is_said_to_be_so(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: object
) -> None:
    window = _open(main_window, monkeypatch)
    window.case_list.set_conditions((Condition("", "age_at_presentation", ">=", "50"),))
    window.new_action.trigger()
    type_line(qtbot, field_set(window, "case"), "case_number", "YOUNG-1")
    type_line(qtbot, field_set(window, "history"), "age_at_presentation", "30")
    assert window.save()
    message = window.statusBar().currentMessage()
    assert "Saved case YOUNG-1" in message and "leave it out" in message
    assert isinstance(window.store.load(window.store.find("YOUNG-1") or 0), CaseRecord)


def test_preview_is_offered_only_with_a_case_open(main_window: OpenWindow) -> None:
    window = main_window(demo=True)
    preview = window.report_actions.preview_action  # type: ignore[attr-defined]
    assert not preview.isEnabled() and not window.save_action.isEnabled()
    window.open_case(window.store.find("DEMO-001") or 0)
    assert preview.isEnabled() and window.save_action.isEnabled()


def test_the_dialog_prompts_ask_with_real_dialogs(qtbot: QtBot, main_window: OpenWindow) -> None:
    """The window's Prompts: a reason typed into the input dialog, or Cancel."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog

    from desktop_app.ui.prompts import DialogPrompts

    window = main_window()
    prompts = DialogPrompts(window, window.store.spec)
    asked: list[str] = []

    def answer(text: str | None) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog), dialog
        asked.append(dialog.labelText())
        if text is None:
            dialog.reject()
        else:
            dialog.setTextValue(text)
            dialog.accept()

    QTimer.singleShot(0, lambda: answer("pathology revised"))
    assert prompts.ask_reason("Reason for the change", "Why is it changed?") == "pathology revised"
    QTimer.singleShot(0, lambda: answer(None))
    assert prompts.ask_reason("Remove case", "Why is this case being removed?") is None
    assert asked == ["Why is it changed?", "Why is this case being removed?"]
