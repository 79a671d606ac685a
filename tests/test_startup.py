"""The start: only a cheap check before opening, the whole file checked once the window is
up (damage found then stops every write and offers the newest good backup), the day's
backup taken in the background and stopped at close, and neither Alembic nor reportlab
imported to open an up-to-date database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, DamagedDatabase
from desktop_app.store import backup as backup_module
from desktop_app.store.backup import backup_due, backups_dir, list_backups, take_backup
from desktop_app.store.integrity import SessionMarker, full_problems
from tests.damaged_files import damage_a_middle_page

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from desktop_app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent


def _fill(path: Path, spec: Spec, cases: int = 150) -> None:
    store = CaseStore.open(path, spec)
    for n in range(cases):
        store.save(CaseRecord(values={"case_number": f"S-{n:03d}", "title": f"case {n} " * 60}))
    store.close()


def _open(data: Path, path: Path) -> MainWindow | int:
    from desktop_app.cli import parse
    from desktop_app.ui.launch import open_main_window

    return open_main_window(parse(["--db", str(path), "--data-dir", str(data)]))


def _institution_box(window: MainWindow) -> object:
    field = window.store.spec.role_field("institution")
    assert field is not None
    for index, tab in enumerate(window.editor.form_tabs):
        if tab.case_fields is not None and field.id in tab.case_fields.editors:
            window.editor.tabs.setCurrentIndex(index)
            return tab.case_fields.editors[field.id].input
    raise AssertionError("no institution field")


def _close(window: MainWindow) -> None:
    window.editor.set_dirty(False)
    window.context.error_handler.uninstall()  # type: ignore[union-attr]
    window.close()
    window.store.close()


def test_damage_inside_the_file_is_found_after_start_and_nothing_is_written(
    qtbot: QtBot, tmp_path: Path, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from desktop_app.ui import case_actions
    from desktop_app.ui.main_window import MainWindow

    _fill(db_path, spec)
    good = take_backup(db_path)
    damage_a_middle_page(db_path)
    before = db_path.read_bytes()
    asked: list[str] = []
    refused: list[str] = []
    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or no)
    monkeypatch.setattr(case_actions.QMessageBox, "warning",
                        lambda _p, _t, text: refused.append(text))  # fmt: skip

    window = _open(tmp_path / "data", db_path)
    assert isinstance(window, MainWindow)  # the cheap check lets it open
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
        assert "damaged" in asked[0] and str(good) in asked[0] and "Restore" in asked[0]
        assert "damaged" in window.statusBar().currentMessage()

        case_id = window.store.list_cases()[0].case_id
        window.open_case(case_id)
        box = _institution_box(window)
        assert isinstance(box, QLineEdit)
        box.selectAll()
        qtbot.keyClicks(box, "Written nowhere")
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert not window.save()
        assert len(refused) == 1 and "Nothing will be written" in refused[0]
        draft = window.drafts.load(window.editor.draft_key)  # what was typed is kept
        assert draft is not None and "Written nowhere" in draft.record.values.values()
        with pytest.raises(DamagedDatabase):
            window.store.set_removed(case_id, True, "test", user="t")
    finally:
        _close(window)
    assert db_path.read_bytes() == before  # never written to
    wal = Path(str(db_path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_the_backup_offered_after_start_is_restored_and_saving_works_again(
    qtbot: QtBot, tmp_path: Path, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.main_window import MainWindow

    _fill(db_path, spec, cases=120)
    take_backup(db_path)
    damage_a_middle_page(db_path)
    damaged = db_path.read_bytes()
    asked: list[str] = []
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or yes)
    window = _open(tmp_path / "data", db_path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: "Restored" in window.statusBar().currentMessage(), timeout=20_000)
        kept = list(db_path.parent.glob("cases-replaced-*.sqlite"))
        assert len(kept) == 1 and kept[0].read_bytes() == damaged  # kept whole, not deleted
        assert full_problems(db_path) == []
        window.new_case()
        assert window.save()  # the restored file is written to again
        assert len(window.store.list_cases()) == 121
    finally:
        _close(window)


def test_a_broken_header_is_refused_at_opening_with_the_backup_offered(
    tmp_path: Path, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    _fill(db_path, spec, cases=5)
    good = take_backup(db_path)
    with db_path.open("r+b") as handle:
        handle.write(b"not a database!!")
    before = db_path.read_bytes()
    with pytest.raises(DamagedDatabase) as caught:
        CaseStore.open(db_path, spec)
    assert caught.value.backup == good and "header" in str(caught.value)

    asked: list[str] = []
    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or no)
    assert _open(tmp_path / "data", db_path) == 1  # no window on a damaged file
    assert len(asked) == 1 and str(good) in asked[0]
    assert db_path.read_bytes() == before


def test_after_an_unclean_close_the_whole_file_is_checked_before_opening(
    tmp_path: Path, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    _fill(db_path, spec, cases=120)
    good = take_backup(db_path)
    damage_a_middle_page(db_path)
    before = db_path.read_bytes()
    data = tmp_path / "data"
    SessionMarker(data, db_path).begin()  # as a session that crashed leaves it
    asked: list[str] = []
    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or no)
    assert _open(data, db_path) == 1
    assert len(asked) == 1 and str(good) in asked[0]
    assert db_path.read_bytes() == before


def test_a_clean_session_leaves_no_marker_and_backs_up_after_start(
    qtbot: QtBot, tmp_path: Path, db_path: Path, spec: Spec
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.cli import parse
    from desktop_app.ui.launch import run_gui
    from desktop_app.ui.main_window import MainWindow

    _fill(db_path, spec, cases=3)
    data = tmp_path / "data"

    def close_once_backed_up() -> None:  # the registrar quits once the backup is written
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        work = windows[-1].maintenance.work if windows else None
        if work is not None and not work.running() and list_backups(db_path):
            assert SessionMarker(data, db_path).left_open()  # while the database is open
            windows[-1].close()
        else:
            QTimer.singleShot(50, close_once_backed_up)

    QTimer.singleShot(50, close_once_backed_up)
    assert run_gui(parse(["--db", str(db_path), "--data-dir", str(data)])) == 0
    assert len(list_backups(db_path)) == 1 and full_problems(list_backups(db_path)[0]) == []
    assert [p.name for p in backups_dir(db_path).iterdir()] == [list_backups(db_path)[0].name]
    assert not SessionMarker(data, db_path).left_open()
    assert not backup_due(db_path)  # at most one a day: the next start takes none


def test_a_backup_running_at_close_is_stopped_and_counts_for_nothing(
    qtbot: QtBot, main_window: object, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui import background

    _fill(db_path, spec, cases=40)
    monkeypatch.setattr(backup_module, "PAGES_PER_STEP", 1)
    window = main_window()  # type: ignore[operator]
    started, ready = threading.Event(), threading.Event()
    holder: list[background.BackgroundWork] = []

    def slow(copied: int, total: int) -> None:  # the copy is still going when the window closes
        started.set()
        ready.wait(30)  # the thread may call this before start() has returned
        holder[0].cancel.wait(30)

    holder.append(window.maintenance.start(db_path, check=True, progress=slow))
    ready.set()
    qtbot.waitUntil(started.is_set, timeout=20_000)
    window.close()
    assert not holder[0].running()
    assert list_backups(db_path) == []
    assert not any(backups_dir(db_path).glob("*.partial"))
    assert backup_due(db_path)  # the next start tries again


def test_a_cancelled_backup_leaves_nothing_and_rotates_nothing_away(
    db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db_path, spec, cases=20)
    kept = take_backup(db_path, keep=1)
    monkeypatch.setattr(backup_module, "PAGES_PER_STEP", 1)
    cancel = threading.Event()
    with pytest.raises(backup_module.BackupCancelled):
        take_backup(db_path, keep=1, cancel=cancel, progress=lambda done, total: cancel.set())
    assert list_backups(db_path) == [kept]
    assert not any(backups_dir(db_path).glob("*.partial"))


PROBE = textwrap.dedent(
    """
    import json, sys
    from desktop_app.cli import parse
    from desktop_app.ui.launch import open_main_window
    window = open_main_window(parse(["--db", sys.argv[1], "--data-dir", sys.argv[2]]))
    window.maintenance.stop()  # type: ignore[union-attr]
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("alembic", "reportlab"))
    print(json.dumps({"opened": not isinstance(window, int), "loaded": loaded}))
    """
)


def test_an_up_to_date_database_opens_without_alembic_or_reportlab(
    tmp_path: Path, db_path: Path, spec: Spec
) -> None:
    _fill(db_path, spec, cases=2)  # created and migrated here, in this process
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db_path), str(tmp_path / "data")],
        capture_output=True, text=True, timeout=120, check=False, cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"opened": True, "loaded": []}


def test_back_up_now_writes_a_verified_backup_at_once(
    qtbot: QtBot, main_window: object, db_path: Path, spec: Spec
) -> None:
    _fill(db_path, spec, cases=3)
    window = main_window()  # type: ignore[operator]
    window.backup_action.trigger()  # in the background: the window does not wait for it
    qtbot.waitUntil(lambda: "Backup written" in window.statusBar().currentMessage(), timeout=20_000)
    written = list_backups(db_path)
    assert len(written) == 1 and full_problems(written[0], quick=False) == []
    assert str(written[0]) in window.statusBar().currentMessage()
