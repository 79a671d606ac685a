"""A case number (any one-line text) that holds a direction override, a control character or
a line break is refused with a message beside the field, and what was typed is kept
(issue 12, finding 10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from tests.test_gui import field_set, type_line

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from tests.conftest import OpenWindow


def test_a_case_number_with_a_direction_override_is_refused_beside_the_field(
    qtbot: QtBot, main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = main_window()
    window.new_action.trigger()
    case = field_set(window, "case")
    editor = case.editors["case_number"]
    assert isinstance(editor.input, QLineEdit)
    # The override cannot be typed as a key: it comes in pasted, as from another program.
    QApplication.clipboard().setText("\u202e")
    qtbot.keyClicks(editor.input, "C-1")
    qtbot.keyClick(editor.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.input, "21")
    qtbot.keyClick(editor.input, Qt.Key.Key_Return)
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in editor.message.text()
    assert editor.input.text() == "C-1\u202e21"  # what was typed is kept
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.save_action.trigger()
    assert warnings and "Case number" in warnings[0]
    assert window.store.list_cases() == []
    type_line(qtbot, case, "case_number", "C-121")
    assert not editor.message.text()
    assert window.save()
    assert [c.case_number for c in window.store.list_cases()] == ["C-121"]
