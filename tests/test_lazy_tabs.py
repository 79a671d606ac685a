"""Tabs built when first shown (issue 13): until then the record is the only holder of a
tab's values, so a save writes them back exactly; a problem in a tab never shown is listed
and its jump builds the tab and focuses the field; a field of a tab built after the window
keeps the draft up to date like one built with it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.drafts import draft_key
from desktop_app.record import CaseRecord
from desktop_app.ui.main_window import MainWindow
from tests.conftest import OpenWindow
from tests.gui_helpers import show_tab


def entries(record: CaseRecord) -> dict[str, list[dict[str, str]]]:
    return {group: [dict(e.values) for e in items] for group, items in record.groups.items()}


def open_demo(main_window: OpenWindow) -> tuple[MainWindow, int, CaseRecord]:
    window = main_window(demo=True)
    case_id = window.store.find("DEMO-001")
    assert case_id is not None
    stored = window.store.load(case_id)
    window.open_case(case_id)
    return window, case_id, stored


def text_field(window: MainWindow, form_id: str) -> tuple[str, QLineEdit]:
    """A free-text field of the case on the tab of `form_id`, shown and empty."""
    tab = show_tab(window, form_id)
    assert tab.case_fields is not None
    for field_id, editor in tab.case_fields.editors.items():
        box = editor.input
        if (editor.field.type == "text" and isinstance(box, QLineEdit) and box.isVisible()
                and not box.text() and not editor.field.phi):  # fmt: skip
            return field_id, box
    raise AssertionError(f"no empty text field shown on {form_id}")


def test_only_the_shown_tab_is_built_and_a_save_keeps_every_other_tab_exactly(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window, case_id, stored = open_demo(main_window)
    built = [t.is_built for t in window.editor.form_tabs]
    assert built[window.editor.tabs.currentIndex()] and built.count(True) == 1
    first = window.editor.form_tabs[window.editor.tabs.currentIndex()].form.id
    field_id, box = text_field(window, first)
    qtbot.keyClicks(box, "Typed on the shown tab")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    window.save_action.trigger()
    assert [t.is_built for t in window.editor.form_tabs].count(True) == 1  # none built to save
    again = window.store.load(case_id)
    assert again.values == {**stored.values, field_id: "Typed on the shown tab"}
    assert entries(again) == entries(stored)


def test_a_problem_on_a_tab_never_shown_is_listed_and_its_jump_builds_the_tab(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window, _case_id, _stored = open_demo(main_window)
    editor = window.editor
    unbuilt = [t for t in editor.form_tabs if not t.is_built and t.form.fields]
    required = next((t, f) for t in unbuilt for f in t.form.fields
                    if f.required and f.show_if is None and f.derived is None)  # fmt: skip
    tab, field = required
    editor.record.values.pop(field.id, None)
    editor.validate()
    assert not tab.is_built
    item = next(editor.problems.item(i) for i in range(editor.problems.count())
                if field.label in editor.problems.item(i).text())  # fmt: skip
    assert "required" in item.text()
    editor.problems.itemActivated.emit(item)
    assert tab.is_built and editor.tabs.currentWidget() is tab
    assert tab.case_fields is not None
    qtbot.waitUntil(lambda: tab.case_fields is not None
                    and tab.case_fields.editors[field.id].isAncestorOf(
                        QApplication.focusWidget()))  # fmt: skip
    assert "required" in tab.case_fields.editors[field.id].message.text()


def test_a_field_of_a_tab_built_later_keeps_the_draft_when_applied(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window, _case_id, _stored = open_demo(main_window)
    window.draft_timer.stop()  # only the field's own signal may write the draft
    later = next(t for t in window.editor.form_tabs if not t.is_built and t.form.fields)
    field_id, box = text_field(window, later.form.id)
    assert window.drafts.load(draft_key(window.editor.record)) is None
    qtbot.keyClicks(box, "Typed on a tab built later")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    draft = window.drafts.load(draft_key(window.editor.record))
    assert draft is not None
    assert draft.record.values[field_id] == "Typed on a tab built later"
