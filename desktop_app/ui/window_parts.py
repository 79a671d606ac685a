"""What the window's parts may use of it, typed, without importing the main window (which
imports them): `CaseWindowBase`, which MainWindow extends (only report_actions still takes
the window), and `StartupContext`, what start-up builds (the data folder, the error handler,
the session marker) and hands in. The background work is the window's `maintenance`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QMainWindow, QMenu, QStackedWidget

from desktop_app.session import CaseSession
from desktop_app.settings import Settings
from desktop_app.store import CaseStore
from desktop_app.store.integrity import SessionMarker
from desktop_app.ui.case_editor import CaseEditor
from desktop_app.ui.case_list_panel import CaseListPanel


class Uninstallable(Protocol):
    def uninstall(self) -> None: ...


class PaperMemory(Protocol):
    paper: str  # the paper last chosen in a preview ("" for the settings')


@dataclass
class StartupContext:
    """Built by start-up (ui/launch.py); every part is optional for a window made in a test."""

    data_dir: Path | None = None  # --data-dir, when given
    session_marker: SessionMarker | None = None
    error_handler: Uninstallable | None = None


class CaseWindowBase(QMainWindow):
    """The main window as its parts see it."""

    store: CaseStore
    settings: Settings
    editor: CaseEditor
    case_list: CaseListPanel
    stack: QStackedWidget
    session: CaseSession
    context: StartupContext
    report_actions: PaperMemory | None

    def menu(self, title: str) -> QMenu:
        raise NotImplementedError

    def keep_draft(self) -> None:
        raise NotImplementedError

    def save_settings(self) -> None:
        raise NotImplementedError

    def settle_unsaved(self) -> bool:
        raise NotImplementedError

    def refresh_list(self, select: int | None = None) -> None:
        raise NotImplementedError

    def close_case(self) -> None:
        raise NotImplementedError

    def open_case(self, case_id: int) -> None:
        raise NotImplementedError

    def offer_new_case_drafts(self) -> None:
        raise NotImplementedError
