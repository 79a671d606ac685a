"""Restore, backup and the session marker as a registrar relies on them; each test kills
mutants that survived `make mutation` on store/backup.py and store/integrity.py
(docs/mutation.md): a restore that fails half-way puts the file back with its log, the
replaced file keeps its journal and is never overwritten by the next restore, a backup
whose index disagrees with its table is refused, the backup's failure says why, a backup
is due once a day, and an unclean close of one database does not mark another."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, integrity
from desktop_app.store import backup as backup_module
from desktop_app.store.backup import (
    backup_due,
    backup_sqlite,
    newest_good_backup,
    restore_backup,
    take_backup,
)
from desktop_app.store.errors import DatabaseLocked, DatabaseReadOnly
from desktop_app.store.integrity import SessionMarker, filesystem_read_only

SIDES = ("-wal", "-shm", "-journal")
STAMP = re.compile(r"\d{8}T\d{12}")  # year month day T hours minutes seconds microseconds


def _fill(path: Path, spec: Spec, numbers: list[str]) -> None:
    store = CaseStore.open(path, spec)
    for number in numbers:
        store.save(CaseRecord(values={"case_number": number}))
    store.close()


def _numbers(path: Path, spec: Spec) -> list[str]:
    store = CaseStore.open(path, spec)
    try:
        return [c.case_number for c in store.list_cases()]
    finally:
        store.close()


@pytest.fixture
def far_east_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's clock at UTC+14, so a local time is never taken for UTC."""
    monkeypatch.setenv("TZ", "XST-14")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_restore_that_fails_half_way_puts_the_file_back_with_its_log_and_journal(
    db_path: Path, spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db_path, spec, ["LIVE-1", "LIVE-2"])
    backup = take_backup(db_path)
    side_bytes = {side: f"what the live file keeps in {side}".encode() for side in SIDES}
    for side, content in side_bytes.items():
        Path(str(db_path) + side).write_bytes(content)
    main_bytes = db_path.read_bytes()

    def full_disk(*_args: object, **_kwargs: object) -> Path:
        raise OSError("the disk is full")

    monkeypatch.setattr(backup_module, "backup_sqlite", full_disk)
    with pytest.raises(OSError, match="the disk is full"):
        restore_backup(backup, db_path)
    assert db_path.read_bytes() == main_bytes
    for side, content in side_bytes.items():
        assert Path(str(db_path) + side).read_bytes() == content
    assert list(tmp_path.glob("cases-replaced-*")) == []


def test_the_replaced_file_takes_its_journal_along_and_a_second_restore_keeps_both(
    tmp_path: Path, spec: Spec, far_east_clock: None
) -> None:
    database = tmp_path / "registry"  # a database named without a suffix
    elsewhere = tmp_path / "elsewhere.sqlite"
    _fill(elsewhere, spec, ["OLD-1"])
    backup = take_backup(elsewhere)
    _fill(database, spec, ["LIVE-1"])
    # A journal left by a crash beside the file it belongs to: left beside the restored
    # file, SQLite would roll it into the backup's cases.
    Path(str(database) + "-journal").write_bytes(b"the live file's journal")
    Path(str(database) + "-shm").write_bytes(b"the live file's shared memory")

    before = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    first = restore_backup(backup, database)
    after = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    assert first is not None
    name = re.fullmatch(r"registry-replaced-(\d{8}T\d{12})\.sqlite", first.name)
    assert name is not None and before <= name.group(1) <= after  # in UTC whatever the clock
    assert Path(str(first) + "-journal").read_bytes() == b"the live file's journal"
    assert Path(str(first) + "-shm").read_bytes() == b"the live file's shared memory"
    for side in ("-journal", "-shm"):
        assert not Path(str(database) + side).exists()
    assert _numbers(database, spec) == ["OLD-1"]
    first_bytes = first.read_bytes()

    _fill(database, spec, ["AFTER-1"])
    second = restore_backup(backup, database)
    assert second is not None and second != first
    assert first.read_bytes() == first_bytes  # the first replaced file is still there
    assert _numbers(second, spec) == ["AFTER-1", "OLD-1"]


def test_a_backup_whose_index_disagrees_with_its_table_is_refused_by_name(
    db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    """The quick check reads every page but not whether each index matches its table; a
    restore runs SQLite's whole integrity check, and says its first finding."""
    _fill(db_path, spec, ["LIVE-1"])
    backup = tmp_path / "elsewhere-backup.sqlite"
    with sqlite3.connect(backup) as connection:
        connection.execute("CREATE TABLE t (a, b)")
        connection.execute("CREATE INDEX i ON t (a)")
        connection.executemany("INSERT INTO t VALUES (?, ?)", [(n, 500 - n) for n in range(50)])
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX i ON t (b)' "
                           "WHERE name = 'i'")  # fmt: skip
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(OSError) as caught:
        restore_backup(backup, db_path)
    assert str(caught.value) == f"the backup {backup} is damaged: row 1 missing from index i"
    assert db_path.read_bytes() == before
    assert list(tmp_path.glob("cases-replaced-*")) == []


def test_a_read_only_or_locked_database_is_refused_naming_it_and_left_alone(
    db_path: Path, spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db_path, spec, ["LIVE-1"])
    backup = take_backup(db_path)
    before = db_path.read_bytes()
    monkeypatch.setattr(backup_module, "filesystem_read_only", lambda _path: True)
    with pytest.raises(DatabaseReadOnly) as read_only:
        restore_backup(backup, db_path)
    assert f"The database {db_path} is read-only" in str(read_only.value)
    monkeypatch.setattr(backup_module, "filesystem_read_only", lambda _path: False)
    monkeypatch.setattr(backup_module, "_read_problems", lambda _path: ["database is locked"])
    with pytest.raises(DatabaseLocked) as locked:
        restore_backup(backup, db_path)
    assert f"The database {db_path} is locked by another program" in str(locked.value)
    assert db_path.read_bytes() == before
    assert list(tmp_path.glob("cases-replaced-*")) == []


def test_a_folder_that_cannot_be_written_is_read_only_even_if_the_file_could_be(
    db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db_path, spec, ["LIVE-1"])
    real_access = os.access

    def access(path: str | Path, mode: int) -> bool:  # the folder refuses writing
        return Path(path) != db_path.parent and real_access(path, mode)

    monkeypatch.setattr(integrity.os, "access", access)
    assert filesystem_read_only(db_path)


@pytest.mark.parametrize(
    ("sqlite_says", "the_registrar_reads"),
    [
        ("database or disk is full", "the disk is full"),
        ("database is locked", "the database is locked by another program"),
        ("disk I/O error", "disk I/O error"),
    ],
)
def test_a_backup_that_cannot_be_written_says_why_in_words(
    db_path: Path, spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    sqlite_says: str, the_registrar_reads: str,
) -> None:  # fmt: skip
    _fill(db_path, spec, ["F-1"])

    class Failing:
        def __init__(self, _path: Path) -> None:
            pass

        def backup(self, *_args: object, **_kwargs: object) -> None:
            raise sqlite3.OperationalError(sqlite_says)

        def close(self) -> None:
            pass

    monkeypatch.setattr(backup_module, "read_only", Failing)
    target = tmp_path / "out" / "copy.sqlite"
    with pytest.raises(OSError) as caught:
        backup_sqlite(db_path, target)
    assert str(caught.value) == f"the backup {target} could not be written: {the_registrar_reads}"
    assert list(target.parent.iterdir()) == []


def test_a_backup_is_due_when_none_is_a_day_old_or_younger(
    db_path: Path, spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db_path, spec, ["D-1"])
    chosen = tmp_path / "chosen"
    assert backup_due(db_path) and backup_due(db_path, folder=chosen)
    older = take_backup(db_path, folder=chosen)
    newer = take_backup(db_path, folder=chosen)
    made = newer.stat().st_mtime
    os.utime(older, (made - 3 * 86400, made - 3 * 86400))  # three days before the newer
    assert backup_due(db_path)  # none in the default folder
    day = 24 * 3600
    for seconds_since, due in ((0, False), (day - 1, False), (day, True), (day + 1, True)):
        monkeypatch.setattr(
            backup_module, "time", SimpleNamespace(time=lambda s=seconds_since: made + s)
        )
        assert backup_due(db_path, folder=chosen) is due, seconds_since
    assert newest_good_backup(db_path, chosen) == newer
    assert newest_good_backup(db_path) is None  # nothing in the default folder


def test_an_unclean_close_of_one_database_does_not_mark_another_of_the_same_name(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    first = SessionMarker(data, tmp_path / "site-a" / "cases.sqlite")
    second = SessionMarker(data, tmp_path / "site-b" / "cases.sqlite")
    first.begin()
    assert first.left_open() and not second.left_open()
    second.begin()  # the sessions folder is there already
    assert first.left_open() and second.left_open()
    first.end()
    assert not first.left_open() and second.left_open()
    first.end()  # closing twice (after a failed start) is no error
    second.end()
    assert not second.left_open()


def test_backups_rotate_in_their_own_folder_and_are_named_in_utc(
    db_path: Path, spec: Spec, tmp_path: Path, far_east_clock: None
) -> None:
    _fill(db_path, spec, ["R-1"])
    before = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    default = [take_backup(db_path) for _ in range(11)]
    after = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    assert sorted(backup_module.backups_dir(db_path).iterdir()) == default[1:]  # ten kept
    stamp = re.fullmatch(r"cases-(\d{8}T\d{12})\.backup\.sqlite", default[-1].name)
    assert stamp is not None and before <= stamp.group(1) <= after
    chosen = tmp_path / "usb" / "registry backups"  # neither folder there yet
    chosen_made = [take_backup(db_path, keep=2, folder=chosen) for _ in range(3)]
    assert sorted(chosen.iterdir()) == chosen_made[1:]
    assert sorted(backup_module.backups_dir(db_path).iterdir()) == default[1:]
    newest = take_backup(db_path, keep=0, folder=chosen)  # none asked: the newest stays
    assert list(chosen.iterdir()) == [newest]


def test_a_backup_replaces_what_a_stopped_one_left_and_reports_its_progress(
    db_path: Path, spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db_path, spec, [f"P-{n:02d}" for n in range(20)])
    with sqlite3.connect(db_path) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()
    target = tmp_path / "copy.sqlite"
    Path(str(target) + ".partial").write_bytes(b"half a backup from a stopped process")
    for side in ("-journal", "-wal", "-shm"):
        Path(str(target) + ".partial" + side).write_bytes(b"left beside it: " + side.encode())
    monkeypatch.setattr(backup_module, "PAGES_PER_STEP", 1)
    seen: list[tuple[int, int]] = []
    assert backup_sqlite(db_path, target, progress=lambda done, total: seen.append((done, total)))
    assert _numbers(target, spec) == [f"P-{n:02d}" for n in range(20)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == [
        "copy.sqlite"
    ]
    assert seen[0] == (1, pages) and seen[-1] == (pages, pages)
    assert [done for done, _ in seen] == list(range(1, pages + 1))


def _with_a_wrong_index(path: Path) -> None:
    """An SQLite file whose every page reads, but whose index does not match its table."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (a, b)")
        connection.execute("CREATE INDEX i ON t (a)")
        connection.executemany("INSERT INTO t VALUES (?, ?)", [(n, 500 - n) for n in range(50)])
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX i ON t (b)' "
                           "WHERE name = 'i'")  # fmt: skip
    connection.close()


def test_a_backup_is_verified_index_by_index_and_can_be_stopped_while_verified(
    tmp_path: Path,
) -> None:
    source = tmp_path / "wrong-index.sqlite"
    _with_a_wrong_index(source)
    target = tmp_path / "out" / "copy.sqlite"
    with pytest.raises(OSError) as caught:
        backup_sqlite(source, target)
    assert str(caught.value) == (
        f"the backup {target} failed its integrity check: row 1 missing from index i"
    )
    sound = tmp_path / "sound.sqlite"
    with sqlite3.connect(sound) as connection:  # big enough that its check takes a while
        connection.execute("CREATE TABLE t (a, b)")
        connection.execute("CREATE INDEX i ON t (a, b)")
        rows = ((f"{n:06d}" * 30, n) for n in range(40_000))
        connection.executemany("INSERT INTO t VALUES (?, ?)", rows)
    connection.close()
    cancel = threading.Event()

    def stop_once_copied(done: int, total: int) -> None:  # the window closes at that moment
        if done == total:
            cancel.set()

    with pytest.raises(backup_module.BackupCancelled):
        backup_sqlite(sound, target, cancel=cancel, progress=stop_once_copied)
    assert list(target.parent.iterdir()) == []


def test_a_backup_stopped_by_a_file_system_error_leaves_nothing(
    db_path: Path, spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db_path, spec, ["F-1"])
    real = backup_module.read_only

    class Unplugged:
        """The source connection; the backup drive goes away half-way."""

        def __init__(self, path: Path) -> None:
            self.connection = real(path)

        def backup(self, target: sqlite3.Connection, **_kwargs: object) -> None:
            target.execute("CREATE TABLE half (a)")
            target.commit()
            raise OSError("the backup drive was removed")

        def close(self) -> None:
            self.connection.close()

    monkeypatch.setattr(backup_module, "read_only", Unplugged)
    target = tmp_path / "out" / "copy.sqlite"
    with pytest.raises(OSError, match="the backup drive was removed"):
        backup_sqlite(db_path, target)
    assert list(target.parent.iterdir()) == []


def _short_file_and_log(tmp_path: Path, frames: list[tuple[int, int, bytes]], magic: int
                        ) -> tuple[Path, int]:  # fmt: skip
    """A sound SQLite file whose header counts one page more than it holds, and beside it a
    write-ahead log of `frames` (page number, commit size, salts) under salts b"SALTSALT"."""
    path = tmp_path / "short.sqlite"
    for old in (path, Path(str(path) + "-wal")):
        old.unlink(missing_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (a)")
    connection.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    data[28:32] = (pages + 1).to_bytes(4, "big")  # the change counter (24:28) stays valid
    path.write_bytes(bytes(data))
    log = magic.to_bytes(4, "big") + (3007000).to_bytes(4, "big")
    log += page_size.to_bytes(4, "big") + bytes(4) + b"SALTSALT" + bytes(8)
    for page, commit, salts in frames:
        log += page.to_bytes(4, "big") + commit.to_bytes(4, "big") + salts + bytes(8)
        log += bytes(page_size)
    Path(str(path) + "-wal").write_bytes(log)
    return path, pages


def test_pages_missing_from_the_file_count_only_when_a_valid_log_holds_them(
    tmp_path: Path,
) -> None:
    from desktop_app.store.integrity import header_problems

    magic = 0x377F0682
    # probe the file's size with a log that holds nothing
    path, pages = _short_file_and_log(tmp_path, [], magic)
    short = [
        f"the file is shorter than its header says ({path.stat().st_size} < {pages + 1} pages)"
    ]
    assert header_problems(path) == short
    path, _ = _short_file_and_log(tmp_path, [(pages + 1, pages + 1, b"SALTSALT")], magic)
    assert header_problems(path) == []  # the log SQLite reads holds the missing page
    path, _ = _short_file_and_log(tmp_path, [(pages + 1, pages + 1, b"SALTSALT")], 0)
    assert header_problems(path) == short  # not a log: SQLite ignores it
    older = [(1, 1, b"SALTSALT"), (pages + 1, pages + 1, b"OLDSALTS")]
    path, _ = _short_file_and_log(tmp_path, older, magic)
    assert header_problems(path) == short  # the missing page is only in an older generation
    uncommitted = [(pages + 1, 0, b"SALTSALT")]
    path, _ = _short_file_and_log(tmp_path, uncommitted, magic)
    assert header_problems(path) == short  # written to the log, never committed
