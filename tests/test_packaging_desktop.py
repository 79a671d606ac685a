"""The workstation's view of the app (issue 14): an icon in every size a desktop asks for,
a menu entry that carries the version, and the spec giving both to the executables."""

from __future__ import annotations

import configparser
from pathlib import Path

from PIL import Image

from desktop_app import __version__

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"


def test_the_icon_exists_for_linux_windows_and_macos() -> None:
    with Image.open(ICONS / "case-abstractor.png") as png:
        assert png.size == (256, 256)
        assert len(png.convert("RGB").getcolors(1 << 16) or []) > 8  # drawn, not blank
    with Image.open(ICONS / "case-abstractor.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    with Image.open(ICONS / "case-abstractor.icns") as icns:
        assert icns.size[0] >= 256


def test_the_menu_entry_is_a_valid_desktop_file_with_the_version() -> None:
    text = (ROOT / "packaging" / "linux" / "case-abstractor.desktop.in").read_text()
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string(text.replace("@VERSION@", __version__))
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "case-abstractor"
    assert desktop["Icon"] == "case-abstractor"
    assert desktop["X-AppVersion"] == __version__
    assert desktop["Categories"].endswith(";")


def test_the_spec_puts_icon_and_version_on_the_programs() -> None:
    spec = (ROOT / "packaging" / "case_abstractor.spec").read_text()
    assert "icon=str(ICON)" in spec and "version=windows_version_file()" in spec
    assert '"CFBundleShortVersionString": VERSION' in spec
    assert "case-abstractor.ico" in spec and "case-abstractor.icns" in spec


def test_the_window_shows_the_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.launch import apply_identity

    apply_identity(qapp)
    icon = QApplication.windowIcon()
    assert not icon.isNull() and icon.availableSizes()[0].width() == 256
    assert QApplication.desktopFileName() == "case-abstractor"
