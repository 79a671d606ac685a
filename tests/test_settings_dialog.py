"""Tools → Settings… and Help → About, typed into and clicked as a registrar would: what is
kept in settings.json, what a bad logo or backups folder says beside its field, what the
PDF then prints, and the folders About lists."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.drafts import DraftStore
from desktop_app.locations import folders
from desktop_app.settings import Settings
from desktop_app.ui.about_dialog import AboutDialog, database_location
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.settings_dialog import SettingsDialog
from tests.conftest import OpenWindow, forbid_dialogs

INSTITUTION = "Saint Elsewhere Sarcoma Centre"


@pytest.fixture
def window(main_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    forbid_dialogs(monkeypatch, "warning")
    return main_window(
        demo=True,
        settings=Settings(registrar_name="Dr Ana"),
        settings_path=tmp_path / "settings.json",
        drafts=DraftStore(tmp_path / "drafts"),
        path=tmp_path / "data" / "cases.sqlite",
    )


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    window.findChild(type(window.save_action), "action_settings").trigger()
    dialog = window.findChild(SettingsDialog, "settings_dialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def type_into(qtbot: QtBot, box: QLineEdit, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)


def press_ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def make_logo(path: Path, size: tuple[int, int] = (260, 90)) -> Path:
    Image.new("RGB", size, (31, 78, 121)).save(path, "PNG")
    return path


def fill_in(qtbot: QtBot, dialog: SettingsDialog, logo: Path, backups: Path) -> None:
    type_into(qtbot, dialog.institution, INSTITUTION)
    type_into(qtbot, dialog.logo, str(logo))
    dialog.paper.setFocus()
    qtbot.keyClicks(dialog.paper, "L")  # Letter, by its first letter
    type_into(qtbot, dialog.backup_folder, str(backups))
    spin = dialog.backups_to_keep
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "25")
    type_into(qtbot, dialog.registrar, "Dr Ana Muller")


def test_settings_typed_and_saved(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    backups = tmp_path / "elsewhere"
    backups.mkdir()
    original = make_logo(tmp_path / "logo.png")
    dialog = open_settings(qtbot, window)
    fill_in(qtbot, dialog, original, backups)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    kept_logo = Path(saved["institution_logo"])
    assert saved == {
        "registrar_name": "Dr Ana Muller", "backups_to_keep": 25,
        "institution_name": INSTITUTION, "institution_logo": str(kept_logo),
        "paper": "Letter", "backup_folder": str(backups),
        "column_widths": {},  # none sized by hand (tests/test_column_widths.py)
    }  # fmt: skip
    assert kept_logo.parent == folders().data / "logo" and kept_logo.is_file()
    original.unlink()  # the PDFs keep the copy
    assert window.settings.logo_path() == kept_logo
    window.backup_action.trigger()  # the next backup goes to the chosen folder
    qtbot.waitUntil(lambda: "Backup written" in window.statusBar().currentMessage())
    assert len(list(backups.glob("cases-*.backup.sqlite"))) == 1


def test_a_bad_logo_is_said_beside_it_and_nothing_typed_is_lost(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    not_an_image = tmp_path / "minutes.png"
    not_an_image.write_text("minutes of the last board", encoding="utf-8")
    dialog = open_settings(qtbot, window)
    fill_in(qtbot, dialog, not_an_image, tmp_path)
    press_ok(qtbot, dialog)
    message = dialog.findChild(QLabel, "settings_logo_message")
    assert message is not None and message.isVisible() and "not an image" in message.text()
    assert dialog.isVisible()  # still open, with every value as typed
    assert dialog.institution.text() == INSTITUTION
    assert dialog.registrar.text() == "Dr Ana Muller"
    assert dialog.backups_to_keep.value() == 25 and dialog.paper.currentText() == "Letter"
    assert not (tmp_path / "settings.json").exists()
    type_into(qtbot, dialog.logo, str(make_logo(tmp_path / "good.png")))
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["institution_name"] == INSTITUTION and saved["registrar_name"] == "Dr Ana Muller"
    assert saved["institution_logo"] and not message.isVisible()


def test_a_backup_folder_that_does_not_exist_is_refused_beside_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_settings(qtbot, window)
    type_into(qtbot, dialog.institution, INSTITUTION)
    type_into(qtbot, dialog.backup_folder, str(tmp_path / "no such folder"))
    press_ok(qtbot, dialog)
    message = dialog.findChild(QLabel, "settings_backup_message")
    assert message is not None and message.isVisible() and "does not exist" in message.text()
    assert dialog.isVisible() and dialog.institution.text() == INSTITUTION
    type_into(qtbot, dialog.backup_folder, "")  # empty: back to the default folder
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.settings.backup_folder == "" and window.settings.institution_name == INSTITUTION


def test_the_preview_prints_the_settings_institution_logo_and_paper(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_settings(qtbot, window)
    fill_in(qtbot, dialog, make_logo(tmp_path / "logo.png", (260, 90)), tmp_path)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.case_table.selectRow(0)
    window.open_case(window.store.list_cases()[0].case_id)
    preview = window.report_actions.preview_case()  # type: ignore[attr-defined]
    assert preview is not None
    qtbot.addWidget(preview)
    assert preview.paper.currentText() == "Letter"
    reader = PdfReader(io.BytesIO(preview.pdf))
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert INSTITUTION in reader.pages[0].extract_text()
    sizes = [img.image.size for img in reader.pages[0].images if img.image is not None]
    assert (260, 90) in sizes


def test_about_lists_every_folder_and_opens_them(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    about_action = window.findChild(type(window.save_action), "action_about")
    assert about_action in window.menu("&Help").actions()
    about_action.trigger()
    dialog = window.findChild(AboutDialog, "about_dialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    found = folders()
    shown = {caption: label.text() for caption, label in dialog.values.items()}
    assert shown["Database"] == str(window.store.engine.url.database)
    assert shown["Data folder"] == str(found.data)
    assert shown["Settings folder"] == str(found.settings)
    assert shown["Logs folder"] == str(found.logs)
    assert shown["Backups folder"] == str(Path(shown["Database"]).parent / "backups")
    assert dialog.values["Data folder"].textInteractionFlags() & (
        Qt.TextInteractionFlag.TextSelectableByMouse
    )
    qtbot.mouseClick(dialog.open_buttons["Logs folder"], Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(found.logs))]
    assert all(url.isLocalFile() for url in opened)


def test_a_server_database_is_shown_without_its_password() -> None:

    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://ana:s3cret@dbserver/cases")
    shown = database_location(engine)
    assert "dbserver/cases" in shown and "ana" in shown and "s3cret" not in shown
