"""Where the application's data files are, from source, from a wheel and from a bundle.

forms/ and resources/ sit at the top of the source tree; a wheel carries them inside the
package (see pyproject.toml) and a PyInstaller bundle unpacks them beside its executable
(sys._MEIPASS). This module is the one place that knows the three layouts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates(name: str) -> list[Path]:
    found = [_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.insert(0, Path(bundle) / name)
    return found


def data_dir(name: str) -> Path:
    """The folder `name` ("forms" or "resources") wherever this installation keeps it."""
    for candidate in _candidates(name):
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in _candidates(name))
    raise FileNotFoundError(f"the application's {name}/ folder is missing (looked in {tried})")


def forms_dir() -> Path:
    """The shipped forms, or CASE_ABSTRACTOR_FORMS: a form author's working copy, checked
    at start-up like the shipped one."""
    override = os.environ.get("CASE_ABSTRACTOR_FORMS")
    return Path(override) if override else data_dir("forms")


def resource_path(*parts: str) -> Path:
    """A file or folder under resources/, e.g. resource_path("fonts", "DejaVuSans.ttf")."""
    return data_dir("resources").joinpath(*parts)
