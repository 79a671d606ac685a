"""An export killed mid-write leaves its unfinished file beside the target; the next export
into that folder removes it, and only it: not a user's file of a similar name, not the file
of an export still running, not a fresh one of another workstation."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.demo import write_demo
from desktop_app.exchange import export_records
from desktop_app.exchange.unfinished import SUFFIX, unfinished_path
from desktop_app.store import CaseStore

TWO_DAYS = 2 * 24 * 3600
# Writes through the exporters' own whole-or-nothing writer, says so, then waits to be killed.
WRITER = """
import sys, time
from pathlib import Path
from desktop_app.exchange.writers import replacing
with replacing(Path(sys.argv[1])) as handle:
    handle.write('{"format": "case-abstractor-export", "cases": [' + 'x' * 20000)
    handle.flush()
    print("writing", flush=True)
    time.sleep(600)
"""
# Files of other origins with names close to the app's: never removed, however old.
USER_FILES = (
    ".cases.json.partial",
    "notes.case-abstractor-unfinished.txt",
    ".report.pdf.case-abstractor-unfinished",
    ".report.pdf.1a2b3c4d-99.case-abstractor-unfinished.bak",
    "cases.json.1a2b3c4d-77.case-abstractor-unfinished",
)


@pytest.fixture
def demo_store(sqlite_store: CaseStore) -> CaseStore:
    write_demo(sqlite_store)
    return sqlite_store


def _writing(target: Path) -> subprocess.Popen[str]:
    """A process in the middle of writing `target`."""
    root = Path(__file__).resolve().parent.parent
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], cwd=root,
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    return process


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    out = tmp_path / "exports"
    out.mkdir()
    for name in USER_FILES:
        (out / name).write_text("the user's own", encoding="utf-8")
        old = time.time() - TWO_DAYS
        os.utime(out / name, (old, old))
    yield out


def _left(folder: Path) -> set[Path]:
    return {p for p in folder.iterdir() if p.name not in USER_FILES}


def test_the_next_export_removes_what_a_killed_export_left(
    demo_store: CaseStore, folder: Path
) -> None:
    process = _writing(folder / "cases.json")
    process.kill()
    process.wait()
    left = _left(folder)
    assert len(left) == 1 and not (folder / "cases.json").exists()
    unfinished = left.pop()
    assert "case-abstractor" in unfinished.name and "unfinished" in unfinished.name
    assert unfinished.name.startswith(".cases.json.")
    # Another export into the folder, to another file: the leftover goes, the rest stays.
    assert export_records(demo_store, folder / "other.json", "json") == 5
    assert _left(folder) == {folder / "other.json"}
    for name in USER_FILES:
        assert (folder / name).read_text(encoding="utf-8") == "the user's own", name


def test_a_running_export_keeps_its_unfinished_file(demo_store: CaseStore, folder: Path) -> None:
    process = _writing(folder / "big.xlsx")
    try:
        running = _left(folder)
        assert len(running) == 1
        assert export_records(demo_store, folder / "other.csv", "csv-long") == 5
        assert running <= _left(folder), "the running export's file was removed"
    finally:
        process.kill()
        process.wait()


def test_another_workstations_file_goes_only_when_older_than_an_export_runs(
    demo_store: CaseStore, folder: Path
) -> None:
    """A shared folder: the process of another workstation cannot be asked about, so its
    file is taken as dead only when untouched for longer than any export runs."""
    fresh = folder / ".a.json.00000000-4242.case-abstractor-unfinished"
    stale = folder / ".b.json.00000000-4243.case-abstractor-unfinished"
    for path in (fresh, stale):
        path.write_text("half", encoding="utf-8")
    old = time.time() - TWO_DAYS
    os.utime(stale, (old, old))
    export_records(demo_store, folder / "c.json", "json")
    assert fresh.exists() and not stale.exists()


# Attacks: names made to look like the app's, pointing at or holding a user's file; a
# process id alive but not an export's; one no process can have.
DEAD_PID = 2**22 + 12345  # above Linux's pid_max (4,194,304): no process has it


def _ours(folder: Path, target: str, pid: int) -> Path:
    """The name an export of this workstation by process `pid` would leave."""
    mine = unfinished_path(folder / target).name
    host = mine[len(f".{target}.") :].split("-", 1)[0]
    return folder / f".{target}.{host}-{pid}{SUFFIX}"


def _age(path: Path, seconds: float) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old), follow_symlinks=False)


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
