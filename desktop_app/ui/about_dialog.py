"""Help → About Case Abstractor: the version, the database in use (a server's address
without its password) and every folder the app writes to, each with a button that opens it
in the file manager. Nothing here touches the network."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.ui.session_folders import Rows, about_rows, database_location

# The menu's action is in ui/about_action.py, which imports this module when About opens.
__all__ = ["AboutDialog", "Rows", "about_rows", "database_location", "open_folder",
           "show_about"]  # fmt: skip


def open_folder(folder: Path) -> bool:
    """Show `folder` in the platform's file manager (a local file URL, never the network)."""
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class AboutDialog(QDialog):
    def __init__(self, rows: Rows, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle("About Case Abstractor")
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>Case Abstractor {__version__}</b><br/>"
                         "Abstracting rare-tumour cases into structured, coded data. "
                         "Works offline: it makes no network connection.")  # fmt: skip
        heading.setWordWrap(True)
        layout.addWidget(heading)
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        self.open_buttons: dict[str, QPushButton] = {}
        for row, (caption, text, folder) in enumerate(rows):
            grid.addWidget(QLabel(f"{caption}:"), row, 0)
            value = QLabel(text)
            value.setObjectName(f"about_{caption.split()[0].lower()}")
            selectable = Qt.TextInteractionFlag.TextSelectableByMouse
            value.setTextInteractionFlags(
                selectable | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setWordWrap(True)
            grid.addWidget(value, row, 1)
            self.values[caption] = value
            if folder is not None:
                button = QPushButton("Open")
                button.setObjectName(f"about_open_{caption.split()[0].lower()}")
                button.setToolTip(f"Show {folder} in the file manager")
                button.clicked.connect(lambda _c=False, f=folder: open_folder(f))
                grid.addWidget(button, row, 2)
                self.open_buttons[caption] = button
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, self.sizeHint().height())


def show_about(rows: Rows, parent: QWidget) -> AboutDialog:
    dialog = AboutDialog(rows, parent)
    dialog.open()
    return dialog
