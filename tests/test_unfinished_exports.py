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
