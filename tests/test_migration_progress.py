"""A migration says how far it is (issue: migration 0010 seemed hung): CaseStore.open's
`progress` reaches Alembic (store/migrate.py), 0010 tells it before its first case and
after each batch it checks against the audit, then before and after each batch of the
cohort index's rebuild; 0011 before it indexes the cases' numbers; a backup longer than one
step says so, then that it checks the backup; a database already at head tells nothing. The
window's start shows those words in its modal dialog, closed before the window appears;
the command line says one line on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from alembic.util import pyfiles

from desktop_app.spec import Spec
from desktop_app.store import CaseStore, backup
from desktop_app.store.migrate import upgrade
from tests.store_release import copy_release, raw

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

CHECKING = "checking each case's values against its audit"
REBUILDING = "rebuilding the cohort index"
BACKING_UP = "backing up the database before updating it"
CHECKING_BACKUP = "checking the backup"
INDEXING = "indexing the cases' numbers"
CASES = 5  # in tests/data/store_0009.sqlite


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = copy_release("0009", tmp_path)
    assert raw(path, "SELECT count(*) FROM cases") == [(CASES,)]
    return path


@pytest.fixture
def batches_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0010 checks and rebuilds two cases per batch (Alembic loads the script
    afresh each time: its CHUNK and REBUILD_CHUNK are set on the module as it is loaded)."""
    load = pyfiles.load_module_py

    def loaded(module_id: str, path: Any) -> Any:
        module = load(module_id, path)
        if Path(path).name.startswith("0010_"):
            module.CHUNK = module.REBUILD_CHUNK = 2
        return module

    monkeypatch.setattr(pyfiles, "load_module_py", loaded)


def test_0010_reports_each_batch_then_the_rebuild_and_nothing_once_at_head(
    old_file: Path, spec: Spec, batches_of_two: None
) -> None:
    calls: list[tuple[str, int, int]] = []
    CaseStore.open(old_file, spec, lambda *call: calls.append(call)).close()
    migrating = [call for call in calls if call[0] in (CHECKING, REBUILDING, INDEXING)]
    assert migrating == [
        (CHECKING, 0, 5), (CHECKING, 2, 5), (CHECKING, 4, 5), (CHECKING, 5, 5),
        (REBUILDING, 0, 5), (REBUILDING, 2, 5), (REBUILDING, 4, 5), (REBUILDING, 5, 5),
        (INDEXING, 0, 0),
    ]  # fmt: skip
    assert calls[: len(migrating)] == migrating  # before any remake of rows
    assert raw(old_file, "SELECT version_num FROM alembic_version") != [("0009",)]
    again: list[tuple[str, int, int]] = []
    CaseStore.open(old_file, spec, lambda *call: again.append(call)).close()
    assert again == []


def test_a_migration_without_progress_migrates_as_before(old_file: Path, spec: Spec) -> None:
    from desktop_app.store.engine import make_engine

    engine = make_engine(old_file)
    try:
        assert upgrade(engine) is not None  # the backup, and no progress asked for
    finally:
        engine.dispose()
    events = raw(old_file, "SELECT count(*) FROM audit_events WHERE user_name = 'migration'")
    assert events == [(0,)]  # the file's cases agree with their audits: nothing written


def test_a_backup_of_more_than_one_step_says_so_before_the_migration(
    old_file: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = raw(old_file, "PRAGMA page_count")[0][0]
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 10)
    calls: list[tuple[str, int, int]] = []
    CaseStore.open(old_file, spec, lambda *call: calls.append(call)).close()
    said = [call for call in calls if call[0] == BACKING_UP]
    assert said == [(BACKING_UP, 0, 0)] * (-(-pages // 10) - 1)  # each step but the last
    assert calls.index(said[0]) == 0
    assert calls[len(said) : len(said) + 2] == [(CHECKING_BACKUP, 0, 0), (CHECKING, 0, CASES)]


def test_a_small_backup_and_a_new_database_tell_nothing(tmp_path: Path, spec: Spec) -> None:
    calls: list[tuple[str, int, int]] = []
    CaseStore.open(tmp_path / "new.sqlite", spec, lambda *call: calls.append(call)).close()
    words = (CHECKING, REBUILDING, BACKING_UP, CHECKING_BACKUP, INDEXING)
    assert [call for call in calls if call[0] in words] == []


def test_the_window_start_shows_the_migrations_words_in_its_dialog(
    qtbot: QtBot, tmp_path: Path, old_file: Path, batches_of_two: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from PySide6.QtWidgets import QProgressDialog

    from desktop_app.cli import parse
    from desktop_app.ui import upgrade_progress
    from desktop_app.ui.launch import open_main_window
    from desktop_app.ui.main_window import MainWindow

    seen: list[tuple[str, bool, bool, int]] = []
    dialogs: list[QProgressDialog] = []
    told = upgrade_progress.UpgradeProgress.__call__

    def watched(self: upgrade_progress.UpgradeProgress, what: str, done: int, n: int) -> None:
        told(self, what, done, n)
        dialog = self.dialog
        assert dialog is not None
        dialogs.append(dialog)
        seen.append((dialog.labelText(), dialog.isVisible(), dialog.isModal(), dialog.maximum()))

    monkeypatch.setattr(upgrade_progress.UpgradeProgress, "__call__", watched)
    window = open_main_window(parse(["--db", str(old_file), "--data-dir", str(tmp_path / "d")]))
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    head = "Updating the database for this release: "
    assert (f"{head}{CHECKING} (2 of 5 cases). This happens once.", True, True, 5) in seen
    assert (f"{head}{REBUILDING} (4 of 5 cases). This happens once.", True, True, 5) in seen
    assert (f"{head}{INDEXING}. This happens once.", True, True, 0) in seen  # a busy bar
    assert len({id(d) for d in dialogs}) == 1
    assert not dialogs[0].isVisible()  # closed once the store is open
    listed = len(window.store.list_cases())
    assert listed == 4  # the file's fifth case was removed
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == listed)
    window.editor.set_dirty(False)
    window.context.error_handler.uninstall()  # type: ignore[union-attr]
    window.close()
    window.store.close()


def test_the_command_line_says_one_line_while_it_updates(
    old_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.cli import parse, run_command

    line = "case-abstractor: updating the database for this release (this happens once)…\n"
    args = ["list", "--db", str(old_file), "--data-dir", str(tmp_path / "d")]
    assert run_command(parse(args)) == 0
    first = capsys.readouterr()
    assert first.err == line
    assert raw(old_file, "SELECT version_num FROM alembic_version") != [("0009",)]
    assert run_command(parse(args)) == 0
    assert capsys.readouterr().err == ""  # at head: nothing said


def test_the_command_line_says_it_once_when_only_the_rows_are_remade(
    db_path: Path, tmp_path: Path, spec: Spec, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.cli import parse, run_command
    from tests.test_upgrade_progress import _stale_store

    _stale_store(db_path, spec)  # at head, its derived values and search rows another's
    args = ["list", "--db", str(db_path), "--data-dir", str(tmp_path / "d")]
    assert run_command(parse(args)) == 0
    out, err = capsys.readouterr()
    assert err == "case-abstractor: updating the database for this release (this happens once)…\n"
    assert "U-003" in out  # the list printed after it
