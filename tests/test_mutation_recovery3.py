"""Third pass of `make mutation` over store/integrity.py (docs/mutation.md): stopping the
check of every page. SQLite's check walks each table's pages in one step of its virtual
machine that no progress handler sees (on 3.40 a walk of 300 MB takes a quarter of a
second, longer from a cold disk), so a registrar closing the window during it would wait for
the walk to end; an interrupt from another thread stops the walk at its next page. These
tests are free of races: the cancel request is made from inside the running check (a
progress callback before the walk), which then waits until the interrupt has been sent."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.store import integrity
from desktop_app.store.integrity import CheckCancelled, full_problems, sqlite_uri


def _few_rows_many_pages(path: Path) -> Path:
    """Eight rows of 40 KB each (their overflow pages are walked one by one)."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (n INTEGER, text TEXT)")
    connection.executemany("INSERT INTO notes VALUES (?, ?)",
                           ((n, "x" * 40_000) for n in range(8)))  # fmt: skip
    connection.commit()
    connection.close()
    return path


class _Watched(sqlite3.Connection):
    """The check's connection, watched: its steps are counted (a progress handler called at
    every step, which stops nothing), `at_first_step` (the test's hook) is called at the
    statement's first step, before the walk; `before_statement` just before the check's
    statement is run; `interrupted` is set when another thread interrupts."""

    at_first_step: Callable[[], None] = staticmethod(lambda: None)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.interrupted = threading.Event()
        self.steps = 0
        self.set_progress_handler(self._step, 1)

    def _step(self) -> int:
        self.steps += 1
        if self.steps == 1:
            type(self).at_first_step()
        return 0

    before_statement: Callable[[_Watched], None] = staticmethod(lambda _c: None)

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.upper().startswith("PRAGMA") and sql.upper().endswith("CHECK"):
            type(self).before_statement(self)
        return super().execute(sql, *args)  # type: ignore[arg-type]

    def interrupt(self) -> None:
        super().interrupt()
        self.interrupted.set()


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> list[_Watched]:
    """Every connection the check opens, watched (as read_only opens them: read-only, its
    lock timeout, usable from the interrupting thread)."""
    opened: list[_Watched] = []

    def read_only(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(sqlite_uri(path), uri=True, check_same_thread=False,
                                     timeout=integrity.READ_TIMEOUT_SECONDS,
                                     factory=_Watched)  # fmt: skip
        assert isinstance(connection, _Watched)
        opened.append(connection)
        return connection

    monkeypatch.setattr(integrity, "read_only", read_only)
    return opened


@pytest.mark.parametrize("quick", [True, False])
def test_a_check_stopped_while_it_walks_the_pages_is_cancelled_not_finished(
    tmp_path: Path, watched: list[_Watched], monkeypatch: pytest.MonkeyPatch, quick: bool
) -> None:
    path = _few_rows_many_pages(tmp_path / "notes.sqlite")
    assert full_problems(path, quick=quick, cancel=threading.Event()) == []  # sound
    whole = watched[-1].steps
    cancel = threading.Event()
    sent: list[bool] = []  # (an assert inside SQLite's callback would only stop the check)

    def registrar_closes_the_window() -> None:
        cancel.set()
        sent.append(watched[-1].interrupted.wait(5))

    monkeypatch.setattr(_Watched, "at_first_step", staticmethod(registrar_closes_the_window))
    with pytest.raises(CheckCancelled):
        full_problems(path, quick=quick, cancel=cancel)
    assert sent == [True]
    assert watched[-1].steps < whole / 2  # stopped in the walk, before the rows are read


def test_a_stop_asked_just_before_the_check_s_statement_begins_still_stops_it(
    tmp_path: Path, watched: list[_Watched], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window closed while the check was opening the file: the first interrupt comes
    before SQLite's statement begins, and SQLite forgets it when the statement begins. The
    check is stopped all the same (the interrupt is sent again until the check ends)."""
    path = _few_rows_many_pages(tmp_path / "notes.sqlite")
    assert full_problems(path, cancel=threading.Event()) == []  # sound
    whole = watched[-1].steps
    cancel = threading.Event()
    sent: list[bool] = []

    def registrar_closes_the_window(connection: _Watched) -> None:
        cancel.set()
        sent.append(connection.interrupted.wait(5))

    def interrupted_again() -> None:
        connection = watched[-1]
        connection.interrupted.clear()
        sent.append(connection.interrupted.wait(5))

    monkeypatch.setattr(_Watched, "before_statement", staticmethod(registrar_closes_the_window))
    monkeypatch.setattr(_Watched, "at_first_step", staticmethod(interrupted_again))
    with pytest.raises(CheckCancelled):
        full_problems(path, cancel=cancel)
    assert sent == [True, True]
    assert watched[-1].steps < whole / 2  # stopped in the walk, before the rows are read


def test_a_check_with_no_cancel_request_is_never_interrupted_and_leaves_no_thread(
    tmp_path: Path, watched: list[_Watched]
) -> None:
    path = _few_rows_many_pages(tmp_path / "notes.sqlite")
    before = set(threading.enumerate())
    never = threading.Event()
    for quick in (True, False):
        assert full_problems(path, quick=quick, cancel=never) == []
    assert [c.interrupted.is_set() for c in watched] == [False, False]
    for thread in set(threading.enumerate()) - before:  # the interrupting threads end too
        thread.join(10)
        assert not thread.is_alive(), thread.name


def test_a_check_asked_to_stop_before_it_starts_does_not_start(
    tmp_path: Path, watched: list[_Watched]
) -> None:
    """A cancel request made before the check begins (the window closed at once) stops it
    before it reads a page: an interrupt sent before SQLite's statement begins is forgotten
    by SQLite when it begins, so the check would have walked the whole file."""
    path = _few_rows_many_pages(tmp_path / "notes.sqlite")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CheckCancelled):
        full_problems(path, cancel=cancel)
    assert watched == []  # the file was not even opened


def test_a_file_another_program_holds_is_locked_not_cancelled_when_nobody_asked_to_stop(
    tmp_path: Path, watched: list[_Watched], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own refusal during a check that could be stopped is the finding."""
    monkeypatch.setattr(integrity, "READ_TIMEOUT_SECONDS", 0.1)
    path = _few_rows_many_pages(tmp_path / "notes.sqlite")
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert full_problems(path, cancel=threading.Event()) == ["database is locked"]
    finally:
        holder.close()


def test_a_page_count_damaged_to_billions_is_short_of_its_header_at_once(tmp_path: Path) -> None:
    """The high bit of the header's page count flipped (2**31 pages more): the file is short
    of its header. The check listed every page it lacked (two billion numbers: gigabytes,
    then a MemoryError or the machine's memory) before looking at the log."""
    from desktop_app.store.integrity import header_problems

    path = tmp_path / "flipped.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (a)")
        connection.execute("INSERT INTO t VALUES (1)")
    connection.close()
    data = bytearray(path.read_bytes())
    assert int.from_bytes(data[28:32], "big") == 2  # the schema's page and the table's
    data[28] |= 0x80
    path.write_bytes(bytes(data))
    assert header_problems(path) == [
        f"the file is shorter than its header says ({len(data)} < {(1 << 31) + 2} pages)"
    ]
