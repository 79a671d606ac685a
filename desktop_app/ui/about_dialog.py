"""Help → About Case Abstractor: the version, the database in use (a server's address
without its password) and every folder the app writes to, each with a button that opens it
in the file manager. Nothing here touches the network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine

from desktop_app import __version__
from desktop_app.logs import log_file
from desktop_app.settings import Settings
from desktop_app.store.backup import sqlite_path
from desktop_app.ui.settings_dialog import default_backups, session_folders

Rows = list[tuple[str, str, Path | None]]


def database_location(engine: Engine) -> str:
    """The SQLite file, or the server's URL with its password hidden."""
    path = sqlite_path(engine)
    if path is not None:
        return str(path)
    return engine.url.render_as_string(hide_password=True)


def about_rows(engine: Engine, settings: Settings, data_dir: Path | None) -> Rows:
    """(caption, text, folder to open) for each line of the dialog: the database in use,
    and the folders of this session (under --data-dir when it was given)."""
    found = session_folders(data_dir, settings)
    backups = found.backups if settings.backup_folder else default_backups(engine, found)
    database = sqlite_path(engine)
    logs = log_file()
    return [
        ("Database", database_location(engine), database.parent if database else None),
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


def install_about_action(menu: QMenu, rows: Callable[[], Rows], parent: QWidget) -> QAction:
    """Help → About Case Abstractor; `rows` gives its lines when it is opened."""
    action = QAction("&About Case Abstractor", parent)
    action.setObjectName("action_about")
    action.setMenuRole(QAction.MenuRole.AboutRole)
    action.triggered.connect(lambda _checked=False: show_about(rows(), parent))
    menu.addAction(action)
    return action
