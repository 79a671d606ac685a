"""Keyboard-first entry (issue 6): choices picked by typing a code or a label, Tab through
every field in the order shown, group shortcuts to add and copy an entry, and Help
listing the keys. Keys go to real widgets; what was stored is read back from the store."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.ui.case_editor import FormTab
from desktop_app.ui.choice_typing import Choice, find_choice
from desktop_app.ui.field_editors import FieldEditor
from desktop_app.ui.group_editor import GroupEditor
from desktop_app.ui.help_actions import ShortcutsDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.section_columns import SectionColumns
from tests.gui_helpers import CTRL_SHIFT, show_tab


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def keys(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type into a widget as a registrar does, after a pause (a new burst of typing)."""
    qtbot.wait(QApplication.keyboardInputInterval() + 30)
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def combo(group: GroupEditor, field_id: str) -> QComboBox:
    widget = group.fields.editors[field_id].input
    assert isinstance(widget, QComboBox)
    return widget


def new_study(qtbot: QtBot, window: MainWindow) -> GroupEditor:
    """An imaging study added with its key from the table, its modality typed as "us"."""
    study = show_tab(window, "imaging").groups["imaging_study"]
    study.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL_SHIFT)
    assert len(study.entries) == 1
    keys(qtbot, combo(study, "modality"), "us")
    return study


def saved_studies(window: MainWindow) -> list:
    window.save_action.trigger()
    case_id = window.editor.record.case_id
    assert case_id is not None
    return window.store.load(case_id).entries("imaging_study")


# ----- typing a choice ---------------------------------------------------------------


def test_typing_4b_picks_birads_4b_and_the_store_keeps_its_code(
    qtbot: QtBot, window: MainWindow
) -> None:
    study = new_study(qtbot, window)
    assert combo(study, "modality").currentText() == "Ultrasound"  # "us" is its code
    keys(qtbot, combo(study, "modality"), "cta")  # a code no label starts with
    assert combo(study, "modality").currentText() == "CT angiography"
    keys(qtbot, combo(study, "modality"), "US")
    keys(qtbot, combo(study, "birads"), "4b")
    assert combo(study, "birads").currentText() == "4B — Moderate suspicion"
    assert not study.fields.editors["birads"].hint.isVisible()
    stored = saved_studies(window)
    assert [(e.values["modality"], e.values["birads"]) for e in stored] == [("US", "4B")]


def test_a_label_or_a_word_of_it_picks_the_term_and_tick_boxes_are_reached_by_typing(
    qtbot: QtBot, window: MainWindow
) -> None:
    study = new_study(qtbot, window)
    keys(qtbot, combo(study, "modality"), "ultra")  # the start of the label
    techniques = study.fields.editors["techniques"].input
    first = techniques.findChild(QCheckBox, "choice_techniques_bmode")
    keys(qtbot, first, "contrast")  # goes to the box; Space ticks it
    assert focused().objectName() == "choice_techniques_ceus"
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    keys(qtbot, combo(study, "ceus_direction"), "CENTRIP")  # case does not matter
    keys(qtbot, combo(study, "birads"), "moderate")  # a word of "4B — Moderate suspicion"
    keys(qtbot, combo(study, "abnormal_nodes"), "n")  # a yes/no field: "No"
    [entry] = saved_studies(window)
    assert entry.values["modality"] == "US"
    assert entry.values["techniques"] == "ceus"
    assert entry.values["ceus_direction"] == "centripetal"
    assert entry.values["birads"] == "4B"
    assert entry.values["abnormal_nodes"] == "false"


def test_text_that_names_no_choice_keeps_the_value_and_says_so_beside_the_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    study = new_study(qtbot, window)
    birads = combo(study, "birads")
    keys(qtbot, birads, "2")
    hint = study.fields.editors["birads"].hint
    keys(qtbot, birads, "4x")  # "4" alone would pick 4; "4x" picks nothing: back to 2
    assert birads.currentData() == "2"
    assert hint.isVisible() and "“4x”" in hint.text() and "unchanged" in hint.text()
    assert study.entries[0].values["birads"] == "2"
    keys(qtbot, birads, "5")  # a good choice clears the hint
    assert birads.currentData() == "5" and not hint.isVisible()
    keys(qtbot, study.fields.editors["techniques"].input.findChild(QCheckBox), "zz")
    assert study.fields.editors["techniques"].hint.isVisible()
    assert study.entries[0].values.get("techniques", "") == ""
    assert [e.values["birads"] for e in saved_studies(window)] == ["5"]


def test_the_same_key_again_steps_through_the_choices_it_starts() -> None:
    choices = [Choice(c, (f"{c} — x",)) for c in ("3", "4", "4A", "4B", "5")]
    assert find_choice(choices, "4") == 1  # the exact code before a longer one
    assert find_choice(choices, "4b") == 3
    assert find_choice(choices, "4B — x") == 3
    assert find_choice(choices, "6") is None
    assert find_choice(choices, " ") is None


# ----- Tab order ---------------------------------------------------------------------


def where(widget: QWidget) -> str:
    """What a focused widget is: a field ("group.field"), a group's table or a button."""
    owner: QWidget | None = widget
    while owner is not None and not isinstance(owner, FieldEditor):
        owner = owner.parentWidget()
    if owner is not None:
        return f"{owner.field.group}.{owner.field.id}"
    if isinstance(widget, QTableWidget | QPushButton):
        return widget.objectName()
    return f"other:{type(widget).__name__}:{widget.objectName()}"


def expected_order(form_tab: FormTab) -> list[str]:
    """What the registrar sees, top to bottom and left to right on each line: every widget
    shown and open to Tab (fields, tick boxes, tables, buttons) by where it is on the tab,
    a field met several times in a row (its tick boxes) counted once. Sections standing in
    two columns are read down the first column, then down the second (issue 15)."""
    body = form_tab.widget()
    tab_focus = Qt.FocusPolicy.TabFocus.value
    shown = [
        w for w in body.findChildren(QWidget)
        if w.isVisible() and w.isEnabled() and w.focusPolicy().value & tab_focus == tab_focus
    ]  # fmt: skip

    def place(widget: QWidget) -> tuple[int, int, int, int]:
        here = widget.mapTo(body, QPoint(0, 0))
        columns, box = widget.parentWidget(), widget
        while columns is not None and not isinstance(columns, SectionColumns):
            columns, box = columns.parentWidget(), columns
        if columns is None:
            return here.y(), 0, 0, here.x()
        return columns.mapTo(body, QPoint(0, 0)).y(), box.x(), here.y(), here.x()

    placed = sorted(shown, key=place)
    order: list[str] = []
    for widget in placed:
        name = where(widget)
        if not order or order[-1] != name:
            order.append(name)
    return order


def walk_tab_key(qtbot: QtBot, window: MainWindow, form_tab: FormTab) -> list[str]:
    """Press Tab from the tab bar until the focus leaves the tab; where it went, in order,
    a field met several times in a row (its tick boxes) counted once."""
    window.editor.tabs.tabBar().setFocus()
    seen: list[str] = []
    for _ in range(400):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        widget = focused()
        if not form_tab.isAncestorOf(widget):
            return seen
        name = where(widget)
        if not seen or seen[-1] != name:
            seen.append(name)
    raise AssertionError(f"Tab never left the tab: {seen[-10:]}")


def test_tab_visits_every_shown_field_of_every_tab_in_the_order_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    study = new_study(qtbot, window)
    for box in study.fields.editors["techniques"].input.findChildren(QCheckBox):
        box.click()  # every ultrasound section shows
    for form_tab in window.editor.form_tabs:
        show_tab(window, form_tab.form.id)
        for group in form_tab.groups.values():
            if not group.entries:
                group.add_button.click()  # an entry, so that its fields are open
        order = walk_tab_key(qtbot, window, form_tab)
        assert order == expected_order(form_tab), form_tab.form.id
        assert len(order) > 3
    case_order = walk_tab_key(qtbot, window, show_tab(window, "case"))  # shown between them
    after = case_order[case_order.index(".keywords") + 1 :]
    assert after[:3] == [".board_question", ".consent_documented", ".primary_site"]


# ----- group shortcuts ---------------------------------------------------------------


def test_copy_key_starts_a_second_study_like_the_first_and_both_are_stored(
    qtbot: QtBot, window: MainWindow
) -> None:
    study = new_study(qtbot, window)
    date = study.fields.editors["study_date"].input
    assert isinstance(date, QLineEdit)
    keys(qtbot, date, "2015-05-10")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    study.fields.editors["techniques"].input.findChild(QCheckBox, "choice_techniques_bmode").click()
    keys(qtbot, combo(study, "us_shape"), "irr")
    keys(qtbot, combo(study, "birads"), "4b")
    first = dict(study.entries[0].values)
    assert first["us_shape"] == "irregular"

    combo(study, "birads").setFocus()  # the focus is in the entry's fields
    qtbot.keyClick(focused(), Qt.Key.Key_D, CTRL_SHIFT)
    assert len(study.entries) == 2
    assert study.current_entry == study.entries[1].entry_id
    assert focused() is date and date.selectedText() == "2015-05-10"  # ready to retype
    keys(qtbot, combo(study, "birads"), "5")  # the copy is its own entry
    assert study.entries[0].values["birads"] == "4B"

    stored = saved_studies(window)
    assert len(stored) == 2 and stored[0].entry_id != stored[1].entry_id
    assert stored[0].values == first
    assert stored[1].values == {**first, "birads": "5"}


def test_a_copy_leaves_out_the_name_of_one_entry_and_keys_act_on_the_focused_group(
    qtbot: QtBot, window: MainWindow
) -> None:
    case_tab = show_tab(window, "case")
    lesions = case_tab.groups["lesion"]
    lesions.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL_SHIFT)
    label = lesions.fields.editors["lesion_label"].input
    keys(qtbot, label, "L1")
    qtbot.keyClick(label, Qt.Key.Key_Return)
    keys(qtbot, combo(lesions, "laterality"), "left")
    qtbot.keyClick(focused(), Qt.Key.Key_D, CTRL_SHIFT)
    copied = lesions.entries[1].values
    assert "lesion_label" not in copied  # "L1" names the first lesion only
    assert copied["laterality"] == lesions.entries[0].values["laterality"] != ""
    assert focused() is label
    assert show_tab(window, "imaging").groups["imaging_study"].entries == []  # not that group
    assert lesions.copy_button.toolTip().endswith(
        f"({QKeySequence('Ctrl+Shift+D').toString(QKeySequence.SequenceFormat.NativeText)})"
    )


# ----- Help --------------------------------------------------------------------------


def test_help_lists_every_key_the_window_has_from_its_actions(
    qtbot: QtBot, window: MainWindow
) -> None:
    help_action = window.findChild(QAction, "action_keyboard_shortcuts")
    assert help_action is not None and help_action in window.menu("&Help").actions()
    help_action.trigger()
    dialog = window.findChild(ShortcutsDialog, "shortcuts_dialog")
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    commands = {(keys, command) for keys, command, _where in rows}
    native = QKeySequence.SequenceFormat.NativeText
    assert (QKeySequence("Ctrl+S").toString(native), "Save") in commands
    assert (QKeySequence("Ctrl+Shift+N").toString(native), "New entry in this group") in commands
    copy = (QKeySequence("Ctrl+Shift+D").toString(native), "Copy the selected entry as a new one")
    assert copy in commands
    assert len(rows) == len(commands)  # one row for the copy key of every group
    for action in window.findChildren(QAction):  # whatever has keys is listed
        for sequence in action.shortcuts():
            listed = [k for k, c, _w in rows if c == action.text().replace("&", "")]
            assert any(sequence.toString(native) in k for k in listed), action.text()
    assert "4b" in dialog.findChild(QWidget, "shortcut_notes").text()
