"""The check before Qt starts on an X11 desktop: missing xcb libraries are named, with the
packages to install, instead of Qt's abort (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop_app.desktop_check import XCB_LIBRARIES, check_desktop, uses_xcb


def test_xcb_is_chosen_on_an_x_display_or_when_asked() -> None:
    assert uses_xcb({"DISPLAY": ":0"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0"}, "win32")


def test_a_missing_xcb_cursor_is_named_with_its_package() -> None:
    message = check_desktop({"DISPLAY": ":0"}, loads=lambda name: "cursor" not in name)
    assert "libxcb-cursor.so.0" in message
    assert "sudo apt-get install libxcb-cursor0" in message
    assert "xcb-util-cursor" in message
    assert "libxcb-icccm" not in message


def test_nothing_is_said_when_every_library_loads() -> None:
    assert check_desktop({"DISPLAY": ":0"}, loads=lambda name: True) == ""
    assert len(XCB_LIBRARIES) >= 3


def test_the_gui_command_stops_with_the_message_before_qt(tmp_path: Path) -> None:
    """A desktop without the libraries: simulated by an LD_LIBRARY_PATH-free lookup that
    cannot find a library named here (the check runs before Qt is imported)."""
    code = (
        "import sys, desktop_app.desktop_check as d\n"
        "d._loads = lambda name: 'keysyms' not in name\n"
        "from desktop_app.app import main\n"
        "sys.exit(main(['--data-dir', sys.argv[1]]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=":99")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 1
    assert "libxcb-keysyms1" in done.stderr and "Traceback" not in done.stderr
    assert "PySide6" not in done.stderr
    assert "libxcb-icccm" not in done.stderr  # only what the lookup could not find
