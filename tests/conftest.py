"""Shared fixtures: the shipped specification, a fresh database per test (an SQLite file,
and for backend-neutral tests also a PostgreSQL database), no access to real user data, and
real main windows for the GUI tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.spec import Spec, default_spec
from desktop_app.store import CaseStore
from tests.postgres_server import PostgresServer, find_bin

if TYPE_CHECKING:  # Qt is imported only by the tests that open a window
    from pytestqt.qtbot import QtBot

    from desktop_app.drafts import DraftStore
    from desktop_app.settings import Settings
    from desktop_app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the user's real data folder."""
    monkeypatch.setenv("CASE_ABSTRACTOR_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def spec() -> Spec:
    return default_spec()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cases.sqlite"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session, on loopback, started here."""
    bin_dir = find_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are missing; .ci/run installs them")
        pytest.skip("PostgreSQL server binaries are not installed on this machine")
    server = PostgresServer(bin_dir).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The same test on an SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(db_path)
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.new_database()


@pytest.fixture
def store(database: str, spec: Spec) -> Iterator[CaseStore]:
    opened = CaseStore.open(database, spec)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(db_path: Path, spec: Spec) -> Iterator[CaseStore]:
    """For what only SQLite has: its pragmas, its file."""
    opened = CaseStore.open(db_path, spec)
    yield opened
    opened.close()


class OpenWindow:
    """What the `main_window` fixture gives: each call opens one more real main window on
    its own store (on `db_path` unless `path` is given), with the demo cases written first
    if `demo`, shows it, and makes it the active window if `active`. pytest-qt closes the
    windows after the test, before the fixture's teardown: a case left unsaved is then
    discarded."""

    def __init__(
        self, qtbot: QtBot, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.qtbot, self.db_path, self.spec, self.monkeypatch = qtbot, db_path, spec, monkeypatch
        self.stores: list[CaseStore] = []

    def __call__(
        self,
        *,
        demo: bool = False,
        active: bool = False,
        settings: Settings | None = None,
        settings_path: Path | None = None,
        drafts: DraftStore | None = None,
        path: Path | None = None,
    ) -> MainWindow:
        from PySide6.QtWidgets import QApplication

        from desktop_app.demo import write_demo
        from desktop_app.ui.main_window import MainWindow

        store = CaseStore.open(path or self.db_path, self.spec)
        self.stores.append(store)
        if demo:
            write_demo(store)
        window = MainWindow(store, settings, settings_path, drafts)
        self.qtbot.addWidget(window, before_close_func=self._discard_on_close)
        window.show()
        if active:
            window.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    def _discard_on_close(self, _window: object) -> None:
        from PySide6.QtWidgets import QMessageBox

        discard = QMessageBox.StandardButton.Discard
        self.monkeypatch.setattr(QMessageBox, "question", lambda *a: discard)

    def close_stores(self) -> None:
        for store in self.stores:
            store.close()


@pytest.fixture
def main_window(
    qtbot: QtBot, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> Iterator[OpenWindow]:
    """Real main windows for GUI tests; Qt is imported only when one is opened."""
    opener = OpenWindow(qtbot, db_path, spec, monkeypatch)
    yield opener
    opener.close_stores()


@pytest.fixture
def window(main_window: OpenWindow) -> MainWindow:
    """The active window, on a new case (a test module may define its own)."""
    shown = main_window(active=True)
    shown.new_action.trigger()
    return shown


def forbid_dialogs(monkeypatch: pytest.MonkeyPatch, *kinds: str) -> None:
    """Make QMessageBox.<kind> (question, warning, critical …) fail the test if it is shown:
    no test may leave a modal dialog waiting."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for kind in kinds:
        monkeypatch.setattr(QMessageBox, kind, unexpected)


def downgrade(store: CaseStore, revision: str) -> None:
    """Take a database back to the schema of an earlier release (then close it), as a
    workstation that has not yet run the new release would leave it."""
    from alembic import command

    from desktop_app.store.migrate import _config

    config = _config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    store.close()
