"""Recovery that never loses work (issue 12, findings 3, 4, 6, 10; issue 16, fixes 1 and 5):
a locked or read-only database is said to be so and never restored over; the check before
opening reads the write-ahead log; a restore brings back the backup's own cases and keeps
the file it replaces whole; a damaged backup is refused; paths with #, ? and % are the
paths they name; every connection the checks open is closed. The commands' side is in
test_recovery_commands.py, a real full disk and read-only file system in
test_recovery_disks.py."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.maintenance_service import MaintenanceService
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, DamagedDatabase, integrity
from desktop_app.store.backup import restore_backup, take_backup
from desktop_app.store.errors import DatabaseLocked
from desktop_app.store.integrity import full_problems, quick_problems, sqlite_uri
from desktop_app.store.maintenance import backup_database, check_database, describe_database
from tests.damaged_files import damage_a_middle_page

ROOT = Path(__file__).resolve().parent.parent


def _fill(path: Path, spec: Spec, numbers: list[str], text: str = "") -> None:
    store = CaseStore.open(path, spec)
    for number in numbers:
        store.save(CaseRecord(values={"case_number": number, "title": text or number}))
    store.close()


def _numbers(path: Path, spec: Spec) -> list[str]:
    store = CaseStore.open(path, spec)
    try:
        return [c.case_number for c in store.list_cases()]
    finally:
        store.close()


# ----- restore: the backup's own cases come back; the replaced file is kept whole ---------


def test_a_restore_brings_back_the_backups_own_cases_and_keeps_the_replaced_file(
    db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.sqlite"
    _fill(elsewhere, spec, ["OLD-1", "OLD-2"])
    backup = take_backup(elsewhere)
    _fill(db_path, spec, ["LIVE-1", "LIVE-2", "LIVE-3"])
    # A case committed only to the write-ahead log (a connection still open, no checkpoint):
    # deleting the -wal, as the restore used to, would lose it.
    holder = CaseStore.open(db_path, spec)
    holder.engine.dispose()
    with holder.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
    from sqlalchemy import event

    event.listen(holder.engine, "connect",
                 lambda dbapi, _r: dbapi.execute("PRAGMA wal_autocheckpoint=0"))  # fmt: skip
    holder.engine.dispose()
    holder.save(CaseRecord(values={"case_number": "LIVE-WAL"}))
    assert Path(str(db_path) + "-wal").stat().st_size > 0

    live = describe_database(db_path)
    assert live.cases == 4 and live.latest_save
    kept = restore_backup(backup, db_path)
    holder.engine.dispose()

    assert _numbers(db_path, spec) == ["OLD-1", "OLD-2"]  # the backup's own cases
    assert kept is not None and kept.name.startswith("cases-replaced-")
    assert _numbers(kept, spec) == ["LIVE-1", "LIVE-2", "LIVE-3", "LIVE-WAL"]  # kept whole


def test_a_damaged_backup_is_refused_and_the_file_in_use_is_untouched(
    db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "other.sqlite"
    _fill(elsewhere, spec, [f"B-{n}" for n in range(60)], "t" * 300)
    backup = take_backup(elsewhere)
    damage_a_middle_page(backup)
    _fill(db_path, spec, ["LIVE-1"])
    before = db_path.read_bytes()
    with pytest.raises(OSError, match="damaged"):
        restore_backup(backup, db_path)
    assert db_path.read_bytes() == before
    assert list(db_path.parent.glob("cases-replaced-*")) == []


def test_a_backup_that_fails_its_verification_is_not_kept(db_path: Path, spec: Spec) -> None:
    _fill(db_path, spec, [f"V-{n}" for n in range(60)], "t" * 300)
    damage_a_middle_page(db_path)  # the backup API copies the bad page as it is
    with pytest.raises(OSError, match="failed its integrity check"):
        take_backup(db_path)
    assert not any((db_path.parent / "backups").glob("*.sqlite*"))


# ----- locked is not damaged --------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import event
    from desktop_app.record import CaseRecord
    from desktop_app.spec import default_spec
    from desktop_app.store import CaseStore
    store = CaseStore.open(sys.argv[1], default_spec())
    event.listen(store.engine, "connect",
                 lambda dbapi, _r: dbapi.execute("PRAGMA locking_mode=EXCLUSIVE"))
    store.engine.dispose()
    store.save(CaseRecord(values={"case_number": "HELD-1"}))
    with store.engine.connect() as connection:  # the pooled connection keeps the lock
        connection.exec_driver_sql("SELECT count(*) FROM cases").scalar()
    print("locked", flush=True)
    time.sleep(60)
    """
)


def hold_exclusively(path: Path) -> subprocess.Popen[str]:
    """Another program holding the database with locking_mode=EXCLUSIVE, its last save
    committed to the write-ahead log only."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_a_database_locked_by_another_program_is_said_locked_and_never_restored_over(
    db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "READ_TIMEOUT_SECONDS", 0.2)
    _fill(db_path, spec, ["L-1", "L-2"])
    older = take_backup(db_path)
    holder = hold_exclusively(db_path)
    try:
        with pytest.raises(DatabaseLocked, match="locked by another program") as caught:
            CaseStore.open(db_path, spec)
        assert not isinstance(caught.value, DamagedDatabase)
        assert "damaged" not in check_database(db_path)[0].replace("not damaged", "")
        with pytest.raises(DatabaseLocked):
            restore_backup(older, db_path)
        found = MaintenanceService(db_path).full_check()  # what the background check says
        assert isinstance(found, DatabaseLocked)
        assert list(db_path.parent.glob("cases-replaced-*")) == []
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert _numbers(db_path, spec) == ["HELD-1", "L-1", "L-2"]  # the holder's save survives


# ----- the check before opening reads the write-ahead log ---------------------------------

WRITER = textwrap.dedent(
    """
    import os, sys
    from sqlalchemy import event
    from desktop_app.record import CaseRecord
    from desktop_app.spec import default_spec
    from desktop_app.store import CaseStore
    store = CaseStore.open(sys.argv[1], default_spec())
    event.listen(store.engine, "connect",
                 lambda dbapi, _r: dbapi.execute("PRAGMA wal_autocheckpoint=0"))
    store.engine.dispose()
    for n in range(int(sys.argv[2])):
        store.save(CaseRecord(values={"case_number": f"W-{n:04d}", "title": "x" * 400}))
    os.kill(os.getpid(), 9)  # a crash: every save committed, none checkpointed
    """
)


def _crash_in_a_checkpoint(path: Path, saves: int) -> None:
    """Saves committed to the log, then a checkpoint stopped after its first write (a crash,
    or a full disk when the main file had to grow): page 1 of the main file now counts pages
    that only the log holds."""
    done = subprocess.run([sys.executable, "-c", WRITER, str(path), str(saves)], cwd=ROOT,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == -signal.SIGKILL
    wal = Path(str(path) + "-wal").read_bytes()
    page_size = int.from_bytes(wal[8:12], "big")
    newest_first_page = None
    for offset in range(32, len(wal) - 24 - page_size + 1, 24 + page_size):
        if int.from_bytes(wal[offset : offset + 4], "big") == 1:
            newest_first_page = wal[offset + 24 : offset + 24 + page_size]
    assert newest_first_page is not None
    with path.open("r+b") as handle:
        handle.write(newest_first_page)


def test_a_sound_database_whose_log_is_ahead_of_the_main_file_opens_with_every_case(
    db_path: Path, spec: Spec
) -> None:
    _fill(db_path, spec, ["A-1"])
    _crash_in_a_checkpoint(db_path, 300)
    header = db_path.read_bytes()[:100]
    pages = int.from_bytes(header[28:32], "big")
    assert db_path.stat().st_size < pages * 4096  # what the old check called damage
    assert quick_problems(db_path) == []
    assert full_problems(db_path) == []
    numbers = _numbers(db_path, spec)
    assert len(numbers) == 301 and numbers[0] == "A-1" and numbers[-1] == "W-0299"


def test_a_main_file_short_of_its_header_without_the_log_is_still_refused(
    db_path: Path, spec: Spec
) -> None:
    _fill(db_path, spec, ["A-1"])
    _crash_in_a_checkpoint(db_path, 300)
    Path(str(db_path) + "-wal").unlink()  # the log lost: the pages are nowhere
    Path(str(db_path) + "-shm").unlink(missing_ok=True)
    with pytest.raises(DamagedDatabase, match="shorter than its header"):
        CaseStore.open(db_path, spec)


# ----- #, ? and % in the data folder ------------------------------------------------------


def test_a_data_folder_with_hash_question_mark_and_percent_is_backed_up_checked_and_restored(
    tmp_path: Path, spec: Spec
) -> None:
    folder = tmp_path / "a#b?c%41d"
    folder.mkdir()
    (tmp_path / "a").write_bytes(b"")  # what f"file:{path}" used to open instead: empty
    database = folder / "cases.sqlite"
    _fill(database, spec, ["H-1", "H-2"])
    assert sqlite_uri(database).startswith("file:///") and "#" not in sqlite_uri(database)

    copy = backup_database(database, folder / "copy.sqlite")
    assert _numbers(copy, spec) == ["H-1", "H-2"]  # the cases, not an empty file
    assert check_database(database) == []

    other = folder / "other.sqlite"
    _fill(other, spec, ["O-1"])
    restore_backup(take_backup(other), database)
    assert _numbers(database, spec) == ["O-1"]

    with database.open("r+b") as handle:  # the check reads this file, not the stray one
        handle.seek(4096 + 8)
        handle.write(b"\xffgarbage" * 400)
    assert check_database(database) != []
    assert (tmp_path / "a").read_bytes() == b""


def test_sqlite_uri_names_the_file_itself(tmp_path: Path) -> None:
    folder = tmp_path / "x#y?z%20"
    folder.mkdir()
    database = folder / "c.sqlite"
    sqlite3.connect(database).close()
    with sqlite3.connect(sqlite_uri(database), uri=True) as connection:
        name = connection.execute("PRAGMA database_list").fetchone()[2]
    connection.close()
    assert Path(name) == database
    assert os.path.exists(name)


class _Tracked:
    """A read-only connection that records whether it was closed."""

    def __init__(self, path: Path) -> None:
        self.connection = integrity.read_only(path)
        self.closed = False
        _OPENED.append(self)

    def __getattr__(self, name: str) -> object:
        return getattr(self.connection, name)

    def close(self) -> None:
        self.closed = True
        self.connection.close()


_OPENED: list[_Tracked] = []


def test_every_connection_the_checks_and_backups_open_is_closed(
    db_path: Path, spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.store import backup as backup_module
    from desktop_app.store import maintenance

    _fill(db_path, spec, ["C-1"])
    _OPENED.clear()
    monkeypatch.setattr(maintenance, "read_only", _Tracked)
    monkeypatch.setattr(backup_module, "read_only", _Tracked)
    assert check_database(db_path) == []
    assert describe_database(db_path).cases == 1
    real_connect = sqlite3.connect

    def destination_fails(target: object, *args: object, **kwargs: object) -> object:
        if str(target).endswith(".partial"):
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", destination_fails)
    with pytest.raises(OSError, match="could not be written"):
        backup_database(db_path, tmp_path / "copy.sqlite")
    assert len(_OPENED) == 3
    assert all(c.closed for c in _OPENED)
