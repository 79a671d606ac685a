"""Tools → Settings…: the institution printed on the PDFs and its logo, the paper, where the
backups go and how many are kept, and the registrar's name. A logo that cannot be read or a
backups folder that cannot be written is said beside its field, and nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.locations import Folders
from desktop_app.logs import log
from desktop_app.settings import (
    BACKUPS_MAX,
    BACKUPS_MIN,
    PAPERS,
    Settings,
    backup_folder_problem,
    keep_logo,
    logo_problem,
)
from desktop_app.ui.session_folders import default_backups, session_folders
from desktop_app.ui.styles import ERROR_STYLE, default_paper

__all__ = ["SettingsDialog", "default_backups", "edit_settings", "session_folders"]

Say = Callable[[str, int], None]  # a message for the status bar, and for how long (ms)


def _message_label(name: str) -> QLabel:
    label = QLabel("")
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, logo_folder: Path, default_backup_folder: Path,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self.original = settings
        self.logo_folder = logo_folder
        self.result_settings: Settings | None = None
        form = QFormLayout()
        self.institution = QLineEdit(settings.institution_name)
        self.institution.setObjectName("settings_institution")
        self.institution.setPlaceholderText("printed at the top of every PDF")
        form.addRow("&Institution:", self.institution)
        self.logo = QLineEdit(settings.institution_logo)
        self.logo.setObjectName("settings_logo")
        self.logo.setPlaceholderText("none (PNG or JPEG)")
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("settings_logo_preview")
        choose_logo = QPushButton("Choose…")
        choose_logo.setObjectName("settings_logo_choose")
        choose_logo.clicked.connect(self.choose_logo)
        clear_logo = QPushButton("Remove")
        clear_logo.clicked.connect(self.logo.clear)
        self.logo_message = _message_label("settings_logo_message")
        form.addRow("Institution &logo:", self._row(self.logo, choose_logo, clear_logo))
        form.addRow("", self.logo_preview)
        form.addRow("", self.logo_message)
        self.paper = QComboBox()
        self.paper.setObjectName("settings_paper")
        self.paper.addItems(PAPERS)
        self.paper.setCurrentText(settings.paper or default_paper())
        form.addRow("&Paper:", self.paper)
        self.backup_folder = QLineEdit(settings.backup_folder)
        self.backup_folder.setObjectName("settings_backup_folder")
        self.backup_folder.setPlaceholderText(f"default: {default_backup_folder}")
        choose_folder = QPushButton("Choose…")
        choose_folder.setObjectName("settings_backup_choose")
        choose_folder.clicked.connect(self.choose_backup_folder)
        self.backup_message = _message_label("settings_backup_message")
        form.addRow("&Backups folder:", self._row(self.backup_folder, choose_folder))
        form.addRow("", self.backup_message)
        self.backups_to_keep = QSpinBox()
        self.backups_to_keep.setObjectName("settings_backups_to_keep")
        self.backups_to_keep.setRange(BACKUPS_MIN, BACKUPS_MAX)
        self.backups_to_keep.setValue(settings.backups_to_keep)
        form.addRow("Backups to &keep:", self.backups_to_keep)
        self.registrar = QLineEdit(settings.registrar_name)
        self.registrar.setObjectName("settings_registrar")
        self.registrar.setPlaceholderText("your name, as it should appear in the audit trail")
        form.addRow("&Registrar name:", self.registrar)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.logo.editingFinished.connect(self.check_logo)
        self.backup_folder.editingFinished.connect(self.check_backup_folder)
        self._show_logo()

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        return row

    # ----- the two fields that can be wrong ------------------------------------------------

    @staticmethod
    def _say(label: QLabel, problem: str | None) -> bool:
        label.setText(problem or "")
        label.setVisible(bool(problem))
        return problem is None

    def check_logo(self) -> bool:
        text = self.logo.text().strip()
        ok = self._say(self.logo_message, logo_problem(Path(text)) if text else None)
        self._show_logo()
        return ok

    def check_backup_folder(self) -> bool:
        text = self.backup_folder.text().strip()
        return self._say(self.backup_message, backup_folder_problem(Path(text)) if text else None)

    def _show_logo(self) -> None:
        text = self.logo.text().strip()
        pixmap = QPixmap(text) if text and not self.logo_message.isVisible() else QPixmap()
        if pixmap.isNull():
            self.logo_preview.clear()
            self.logo_preview.hide()
            return
        self.logo_preview.setPixmap(pixmap.scaled(
            180, 48, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        ))  # fmt: skip
        self.logo_preview.show()

    def choose_logo(self) -> None:
        start = str(Path(self.logo.text()).parent) if self.logo.text() else ""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Institution logo", start, "Images (*.png *.jpg *.jpeg);;All files (*)"
        )
        if chosen:
            self.logo.setText(chosen)
            self.check_logo()

    def choose_backup_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Backups folder",
                                                  self.backup_folder.text())  # fmt: skip
        if chosen:
            self.backup_folder.setText(chosen)
            self.check_backup_folder()

    # ----- OK ------------------------------------------------------------------------------

    def accept(self) -> None:
        """Keep the settings, unless a field is wrong: then the dialog stays open with the
        message beside that field and everything typed still there."""
        logo_ok, folder_ok = self.check_logo(), self.check_backup_folder()
        if not (logo_ok and folder_ok):
            (self.logo if not logo_ok else self.backup_folder).setFocus()
            return
        logo = self.logo.text().strip()
        if logo and logo != self.original.institution_logo:
            try:
                logo = str(keep_logo(Path(logo), self.logo_folder))
            except (OSError, ValueError) as exc:
                self._say(self.logo_message, f"The logo could not be kept: {exc}")
                return
        self.result_settings = replace(
            self.original,
            institution_name=self.institution.text().strip(),
            institution_logo=logo,
            paper=self.paper.currentText(),
            backup_folder=self.backup_folder.text().strip(),
            backups_to_keep=self.backups_to_keep.value(),
            registrar_name=self.registrar.text().strip(),
        )
        super().accept()


def edit_settings(settings: Settings, found: Folders, default_backup_folder: Path,
                  keep: Callable[[Settings], None], say: Say, parent: QWidget
                  ) -> SettingsDialog:  # fmt: skip
    """Open the settings; OK hands them to `keep`, which puts them in use and writes the
    settings file at once (an OSError from it is said in the status bar)."""
    dialog = SettingsDialog(settings, found.data / "logo", default_backup_folder, parent)
    dialog.setModal(True)

    def done(result: int) -> None:
        chosen = dialog.result_settings
        if result != QDialog.DialogCode.Accepted or chosen is None:
            return
        try:
            keep(chosen)
        except OSError as exc:
            say(f"The settings could not be written: {exc}", 10000)
            log.error("settings not written: %s", exc)
            return
        log.info("settings changed")
        say("Settings saved", 5000)

    dialog.finished.connect(done)
    dialog.open()
    return dialog
