"""An upgrade that remakes every case's derived values or search rows on opening says so:
CaseStore.open tells its `progress` before the first case and after every batch, and the
window's start shows that in a modal dialog without Cancel before the window appears."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, derived_cache, search_index
from desktop_app.store import tables as t

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

CASES = 5


def _stale_store(path: Path, spec: Spec) -> None:
    """A database of CASES cases whose derived values and search rows were made by
    another release (their recorded signatures are not this release's)."""
    store = CaseStore.open(path, spec)
    for n in range(CASES):
        store.save(CaseRecord(values={"case_number": f"U-{n:03d}", "title": f"case {n}"}))
    with store.engine.begin() as connection:
        for key in ("search_signature", "derived_signature"):
            connection.execute(
                update(t.store_meta).where(t.store_meta.c.key == key).values(value="older")
            )
        for table in (search_index.TABLE, search_index.IDENTIFIERS):  # nothing to find yet
            connection.exec_driver_sql(f"DELETE FROM {table}")
    store.close()


def test_both_refreshes_report_each_batch_and_a_second_open_reports_nothing(
    db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stale_store(db_path, spec)
    monkeypatch.setattr(search_index, "CHUNK", 2)
    monkeypatch.setattr(derived_cache, "CHUNK", 2)
    calls: list[tuple[str, int, int]] = []
    CaseStore.open(db_path, spec, lambda *call: calls.append(call)).close()
    batches = [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert calls == [("the derived values", d, n) for d, n in batches] + [
        ("the search index", d, n) for d, n in batches
    ]
    again: list[tuple[str, int, int]] = []
    store = CaseStore.open(db_path, spec, lambda *call: again.append(call))
    assert again == []
    assert [c.case_number for c in store.list_cases("U-003")] == ["U-003"]  # rows remade
    store.close()


def test_a_store_without_a_signature_reports_its_one_search_remake(
    db_path: Path, spec: Spec
) -> None:
    _stale_store(db_path, spec)
    store = CaseStore.open(db_path, spec)
    with store.engine.begin() as connection:
        connection.execute(t.store_meta.delete().where(t.store_meta.c.key == "search_signature"))
    store.close()
    calls: list[tuple[str, int, int]] = []
    CaseStore.open(db_path, spec, lambda *call: calls.append(call)).close()
    assert calls == [("the search index", 0, 5), ("the search index", 5, 5)]


def test_the_window_start_shows_a_modal_dialog_while_the_rows_are_remade(
    qtbot: QtBot, tmp_path: Path, db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from desktop_app.cli import parse
    from desktop_app.ui import upgrade_progress
    from desktop_app.ui.launch import open_main_window
    from desktop_app.ui.main_window import MainWindow

    _stale_store(db_path, spec)
    monkeypatch.setattr(search_index, "CHUNK", 2)
    seen: list[tuple[str, bool, bool, bool]] = []
    dialogs: list[QProgressDialog] = []
    told = upgrade_progress.UpgradeProgress.__call__

    def watched(self: upgrade_progress.UpgradeProgress, what: str, done: int, n: int) -> None:
        told(self, what, done, n)
        dialog = self.dialog
        assert dialog is not None
        dialogs.append(dialog)
        cancel = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
        seen.append((dialog.labelText(), dialog.isVisible(), dialog.isModal(), bool(cancel)))

    monkeypatch.setattr(upgrade_progress.UpgradeProgress, "__call__", watched)
    window = open_main_window(parse(["--db", str(db_path), "--data-dir", str(tmp_path / "d")]))
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    shown = "Updating the database for this release: the search index (4 of 5 cases)."
    assert (f"{shown} This happens once.", True, True, False) in seen
    assert any("the derived values (5 of 5 cases)" in text for text, *_ in seen)
    assert all(visible and modal and not cancel for _t, visible, modal, cancel in seen)
    assert len({id(d) for d in dialogs}) == 1  # one dialog for both steps
    assert not dialogs[0].isVisible()  # closed once the store is open
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == CASES)
    window.editor.set_dirty(False)
    window.context.error_handler.uninstall()  # type: ignore[union-attr]
    window.close()
    window.store.close()


def test_progress_text_names_what_and_how_far_with_thousands() -> None:
    from desktop_app.ui.upgrade_progress import progress_text

    assert progress_text("the search index", 1200, 10000) == (
        "Updating the database for this release: the search index (1,200 of 10,000 cases). "
        "This happens once."
    )
