"""What the keyboard-entry GUI tests share: the shortcut modifier and going to a tab."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.ui.case_editor import FormTab
from desktop_app.ui.main_window import MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def show_tab(window: MainWindow, form_id: str) -> FormTab:
    """Make the tab of `form_id` the current one, and return it."""
    for index, form_tab in enumerate(window.editor.form_tabs):
        if form_tab.form.id == form_id:
            window.editor.tabs.setCurrentIndex(index)
            return form_tab
    raise KeyError(form_id)
