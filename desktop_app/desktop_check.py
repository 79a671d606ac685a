"""Before Qt starts on a Linux X11 desktop: are the X libraries Qt's xcb plugin needs there?

Qt 6's xcb platform plugin loads libxcb-cursor and a few xcb utility libraries that many
desktop installs lack; without them Qt aborts with a message about "xcb-cursor0" that a
registrar cannot act on (and, in the windowed bundle, that nobody sees). This check names
the missing libraries and the packages that provide them, in plain words, before Qt is
imported. Plain Python: it only looks for shared libraries.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

# The shared library, and the Debian/Ubuntu and Fedora/RHEL packages that provide it.
XCB_LIBRARIES = (
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
)


def _loads(name: str) -> bool:
    import ctypes  # only on an X11 desktop (issue 13: the start)

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will choose its xcb plugin: Linux, and xcb asked for or an X display
    without a Wayland session."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def missing_xcb_libraries(
    loads: Callable[[str], bool] | None = None,
) -> list[tuple[str, str, str]]:
    found = loads or _loads
    return [entry for entry in XCB_LIBRARIES if not found(entry[0])]


def xcb_message(missing: list[tuple[str, str, str]]) -> str:
    debian = " ".join(m[1] for m in missing)
    fedora = " ".join(sorted({m[2] for m in missing}))
    names = ", ".join(m[0] for m in missing)
    return (
        "Case Abstractor cannot open its window: this desktop lacks X libraries that Qt "
        f"needs ({names}).\n"
        f"  Debian/Ubuntu:  sudo apt-get install {debian}\n"
        f"  Fedora/RHEL:    sudo dnf install {fedora}\n"
        "Your IT department can install them; nothing was changed. "
        "(On a Wayland session, QT_QPA_PLATFORM=wayland avoids them.)"
    )


def check_desktop(
    environ: Mapping[str, str] | None = None, loads: Callable[[str], bool] | None = None
) -> str:
    """'' when the window can start, else the message to show instead of Qt's abort."""
    environ = os.environ if environ is None else environ
    if not uses_xcb(environ):
        return ""
    missing = missing_xcb_libraries(loads)
    return xcb_message(missing) if missing else ""
