"""What start-up builds and hands the main window: `StartupContext` (the data folder, the
error handler, the session marker). No part of the window is handed the window itself: each
receives what it uses (tests/test_import_rule.py). The background work is the window's
`maintenance`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop_app.store.integrity import SessionMarker


class Uninstallable(Protocol):
    def uninstall(self) -> None: ...


@dataclass
class StartupContext:
    """Built by start-up (ui/launch.py); every part is optional for a window made in a test."""

    data_dir: Path | None = None  # --data-dir, when given
    session_marker: SessionMarker | None = None
    error_handler: Uninstallable | None = None
