"""Attacks on the clearing of unfinished export files (exchange/unfinished.py): names made
to look like the app's, pointing at or holding a user's file; a process id that is alive
but not an export's; a process id no process can have. Whatever is planted, the user's
file stays and the export is written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from desktop_app.demo import write_demo
from desktop_app.exchange import export_records
from desktop_app.exchange.unfinished import SUFFIX, unfinished_path
from desktop_app.store import CaseStore

TWO_DAYS = 2 * 24 * 3600
DEAD_PID = 2**22 + 12345  # above Linux's pid_max (4,194,304): no process has it


def _ours(folder: Path, target: str, pid: int) -> Path:
    """The name an export of this workstation by process `pid` would leave."""
    mine = unfinished_path(folder / target).name
    host = mine[len(f".{target}.") :].split("-", 1)[0]
    return folder / f".{target}.{host}-{pid}{SUFFIX}"


def _age(path: Path, seconds: float) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old), follow_symlinks=False)


@pytest.fixture
def demo_store(sqlite_store: CaseStore) -> CaseStore:
    write_demo(sqlite_store)
    return sqlite_store


def test_a_link_named_like_ours_is_left_and_what_it_points_at_too(
    demo_store: CaseStore, tmp_path: Path
) -> None:
    users = tmp_path / "thesis.docx"
    users.write_text("the user's own", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    link = _ours(folder, "thesis.docx", DEAD_PID)
    link.symlink_to(users)
    _age(link, TWO_DAYS)
    assert export_records(demo_store, folder / "cases.json", "json") == 5
    assert link.is_symlink() and users.read_text(encoding="utf-8") == "the user's own"


def test_a_folder_named_like_ours_and_its_files_are_left(
    demo_store: CaseStore, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    inner = _ours(folder, "archive", DEAD_PID)
    inner.mkdir(parents=True)
    held = inner / _ours(inner, "cases.json", DEAD_PID).name  # one of ours, a level down
    held.write_text("the user's own", encoding="utf-8")
    _age(held, TWO_DAYS)
    _age(inner, TWO_DAYS)
    assert export_records(demo_store, folder / "cases.json", "json") == 5
    assert held.read_text(encoding="utf-8") == "the user's own"


def test_a_file_whose_process_id_is_alive_is_kept_though_it_is_not_an_export(
    demo_store: CaseStore, tmp_path: Path
) -> None:
    """The process id reused since by another program (here pytest's parent): it runs, so
    the file may be an export still writing; it is kept until a day untouched."""
    folder = tmp_path / "out"
    folder.mkdir()
    alive = _ours(folder, "a.json", os.getppid())
    alive.write_text("half", encoding="utf-8")
    _age(alive, 3600)
    export_records(demo_store, folder / "b.json", "json")
    assert alive.exists()


def test_a_process_id_no_process_can_have_does_not_stop_the_export(
    demo_store: CaseStore, tmp_path: Path
) -> None:
    """A name of the app's pattern with a process id too large for the system to ask about
    (copied from elsewhere, or typed): the export is written and the file is judged by its
    age alone, like one whose process cannot be asked about."""
    folder = tmp_path / "out"
    folder.mkdir()
    fresh = _ours(folder, "a.json", 10**20)
    stale = _ours(folder, "b.json", 2**63)
    for path in (fresh, stale):
        path.write_text("half", encoding="utf-8")
    _age(stale, TWO_DAYS)
    assert export_records(demo_store, folder / "c.json", "json") == 5
    assert (folder / "c.json").exists()
    assert fresh.exists() and not stale.exists()
