"""Help → About Case Abstractor: the version, the database in use (a server's address
without its password) and every folder the app writes to, each with a button that opens it
in the file manager. Nothing here touches the network."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
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
from desktop_app.logs import log_file
from desktop_app.store.backup import sqlite_path
from desktop_app.ui.settings_dialog import default_backups, window_folders
from desktop_app.ui.window_parts import CaseWindowBase as MainWindow


def database_location(window: MainWindow) -> str:
    """The SQLite file, or the server's URL with its password hidden."""
    path = sqlite_path(window.store.engine)
    if path is not None:
        return str(path)
    return window.store.engine.url.render_as_string(hide_password=True)


def about_rows(window: MainWindow) -> list[tuple[str, str, Path | None]]:
    """(caption, text, folder to open) for each line of the dialog."""
    found = window_folders(window)
    backups = found.backups if window.settings.backup_folder else default_backups(window)
    database = sqlite_path(window.store.engine)
    logs = log_file()
    return [
        ("Database", database_location(window), database.parent if database else None),
        ("Data folder", str(found.data), found.data),
        ("Backups folder", str(backups), backups),
        ("Logs folder", str(logs.parent if logs else found.logs), logs.parent if logs
         else found.logs),
        ("Settings folder", str(found.settings), found.settings),
    ]  # fmt: skip


def open_folder(folder: Path) -> bool:
    """Show `folder` in the platform's file manager (a local file URL, never the network)."""
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class AboutDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str, Path | None]], parent: QWidget | None = None
                 ) -> None:  # fmt: skip
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


def show_about(window: MainWindow) -> AboutDialog:
    dialog = AboutDialog(about_rows(window), window)
    dialog.open()
    return dialog


def install_about_action(window: MainWindow) -> QAction:
    """Help → About Case Abstractor."""
    action = QAction("&About Case Abstractor", window)
    action.setObjectName("action_about")
    action.setMenuRole(QAction.MenuRole.AboutRole)
    action.triggered.connect(lambda _checked=False: show_about(window))
    window.menu("&Help").addAction(action)
    return action
