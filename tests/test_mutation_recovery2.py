"""Second pass of `make mutation` over store/backup.py (docs/mutation.md, "second pass";
the store/integrity.py half is tests/test_mutation_integrity.py): each test kills survivors
as a registrar would notice them — which file a path or URL names, where backups go and
which are this database's, a locked, read-only or damaged file said as such before opening,
and a newer release's file refused. Expected values are written here (SQLite's own
messages, the files made)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy.engine import make_url

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store import backup as backup_module
from desktop_app.store.backup import (
    backups_dir,
    check_before_opening,
    list_backups,
    local_file,
    not_damaged_but,
    sqlite_path,
    take_backup,
)
from desktop_app.store.errors import DamagedDatabase, DatabaseLocked, DatabaseReadOnly


def _fill(path: Path, spec: Spec, numbers: list[str]) -> None:
    store = CaseStore.open(path, spec)
    for number in numbers:
        store.save(CaseRecord(values={"case_number": number}))
    store.close()


def _engine(url: str) -> SimpleNamespace:
    """What sqlite_path reads of an engine: its dialect's name and its URL."""
    parsed = make_url(url)
    return SimpleNamespace(dialect=SimpleNamespace(name=parsed.get_backend_name()), url=parsed)


def test_the_file_behind_an_engine_is_named_only_for_an_sqlite_file(tmp_path: Path) -> None:
    assert sqlite_path(_engine(f"sqlite:///{tmp_path}/cases.sqlite")) == (  # type: ignore[arg-type]
        tmp_path / "cases.sqlite"
    )
    for url in ("sqlite://", "sqlite:///:memory:", "postgresql://registry@host/cases"):
        assert sqlite_path(_engine(url)) is None, url  # type: ignore[arg-type]


def test_a_path_or_url_names_its_file_only_when_there_is_one_to_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "cases.sqlite"
    sqlite3.connect(database).execute("CREATE TABLE t (a)").connection.close()
    # Files in the working folder named as a URL's parts read as a path would: a PostgreSQL
    # URL and SQLite's in-memory database still name no file.
    monkeypatch.chdir(tmp_path)
    for decoy in (Path("postgresql:/registry@host/cases"), Path(":memory:")):
        decoy.parent.mkdir(parents=True, exist_ok=True)
        decoy.write_bytes(b"not the database")
    assert local_file(database) == database
    assert local_file(str(database)) == database
    assert local_file(f"sqlite:///{database}") == database
    monkeypatch.setenv("HOME", str(tmp_path))
    assert local_file("~/cases.sqlite") == database
    empty = tmp_path / "new.sqlite"
    empty.write_bytes(b"")  # a file just created for a new database: nothing to check
    for nothing in (
        "postgresql://registry@host/cases",
        "sqlite://",
        "sqlite:///:memory:",
        empty,
        f"sqlite:///{empty}",
        tmp_path / "missing.sqlite",
    ):
        assert local_file(nothing) is None, nothing


def test_backups_go_beside_the_database_and_only_its_own_are_listed_newest_first(
    db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    _fill(db_path, spec, ["B-1"])
    other = tmp_path / "cases2.sqlite"  # a second database whose name begins the same
    _fill(other, spec, ["O-1"])
    assert backups_dir(db_path) == tmp_path / "backups"
    mine = [take_backup(db_path) for _ in range(3)]
    theirs = take_backup(other)
    assert theirs.parent == tmp_path / "backups"
    assert list_backups(db_path) == mine[::-1]
    assert list_backups(other) == [theirs]
    assert list_backups(db_path, tmp_path / "nowhere") == []
    chosen = tmp_path / "usb"
    elsewhere = take_backup(db_path, folder=chosen)
    assert list_backups(db_path, chosen) == [elsewhere]
    assert list_backups(db_path) == mine[::-1]


@pytest.mark.parametrize(
    "sqlite_says",
    ["database is locked", "database table is locked", "database is busy",
     "Database Is Locked"],
)  # fmt: skip
def test_a_file_another_program_holds_is_locked_not_damaged(
    db_path: Path, sqlite_says: str
) -> None:
    found = not_damaged_but(db_path, ["row 3 missing from index i", sqlite_says])
    assert isinstance(found, DatabaseLocked) and found.path == db_path


@pytest.mark.parametrize(
    "sqlite_says",
    ["unable to open database file", "attempt to write a readonly database",
     "the file is read-only", "Attempt To Write a database"],
)  # fmt: skip
def test_a_file_that_cannot_be_written_is_read_only_not_damaged(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_says: str
) -> None:
    asked: list[Path] = []

    def read_only_mount(path: Path) -> bool:
        asked.append(path)
        return True

    monkeypatch.setattr(backup_module, "filesystem_read_only", read_only_mount)
    found = not_damaged_but(db_path, ["disk I/O error", sqlite_says])
    assert isinstance(found, DatabaseReadOnly) and found.path == db_path
    assert f"is read-only ({sqlite_says})" in str(found)
    assert asked == [db_path]
    monkeypatch.setattr(backup_module, "filesystem_read_only", lambda _path: False)
    assert not_damaged_but(db_path, [sqlite_says]) is None  # writable: damage after all


def _short_of_its_header(path: Path) -> None:
    """An SQLite file whose header counts one page more than the file holds, no log beside
    it: the end of the file is lost (the cheap check's finding)."""
    data = bytearray(path.read_bytes())
    pages = int.from_bytes(data[28:32], "big")
    data[28:32] = (pages + 1).to_bytes(4, "big")
    path.write_bytes(bytes(data))


def test_before_opening_a_damaged_file_is_refused_with_its_newest_good_backup(
    db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    check_before_opening("postgresql://registry@host/cases")  # nothing local to check
    check_before_opening(tmp_path / "not-yet-made.sqlite")
    _fill(db_path, spec, ["G-1"])
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    check_before_opening(db_path)
    check_before_opening(f"sqlite:///{db_path}", full=True)
    good = take_backup(db_path)
    size = db_path.stat().st_size
    page_size = int.from_bytes(db_path.read_bytes()[16:18], "big")
    _short_of_its_header(db_path)
    with pytest.raises(DamagedDatabase) as caught:
        check_before_opening(db_path)
    assert caught.value.path == db_path and caught.value.backup == good
    pages = size // page_size
    assert caught.value.problems == [
        f"the file is shorter than its header says ({size} < {pages + 1} pages)"
    ]


def test_the_full_check_before_opening_finds_damage_the_cheap_one_cannot(
    db_path: Path, spec: Spec
) -> None:
    from tests.damaged_files import damage_a_middle_page

    store = CaseStore.open(db_path, spec)
    for n in range(40):
        store.save(CaseRecord(values={"case_number": f"M-{n:02d}", "title": "t" * 500}))
    store.close()
    damage_a_middle_page(db_path)
    check_before_opening(db_path)  # the cheap check reads the ends of each table only
    with pytest.raises(DamagedDatabase) as caught:
        check_before_opening(db_path, full=True)
    assert caught.value.backup is None
    assert str(caught.value).endswith("No good backup was found next to it.")


def test_before_opening_a_file_held_by_another_program_is_locked_not_damaged(
    db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said locked after READ_TIMEOUT_SECONDS: the other program lets go later (2.5 s),
    and a check that waited that long would have found the file sound instead."""
    import threading

    from desktop_app.store import integrity

    monkeypatch.setattr(integrity, "READ_TIMEOUT_SECONDS", 0.1)
    _fill(db_path, spec, ["H-1"])
    holder = sqlite3.connect(db_path, timeout=0.1, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    lets_go = threading.Timer(2.5, holder.close)
    lets_go.start()
    try:
        for full in (False, True):
            with pytest.raises(DatabaseLocked) as caught:
                check_before_opening(db_path, full=full)
            assert caught.value.path == db_path
    finally:
        lets_go.cancel()
        holder.close()
    check_before_opening(db_path, full=True)  # let go: sound


def test_before_opening_a_newer_releases_file_is_refused_and_an_older_one_is_not(
    db_path: Path, spec: Spec
) -> None:
    from desktop_app.store.errors import StoreError

    _fill(db_path, spec, ["N-1"])
    for known in ("0001", "0006"):  # an older release's file is upgraded on opening
        with sqlite3.connect(db_path) as connection:
            connection.execute("UPDATE alembic_version SET version_num = ?", (known,))
        connection.close()
        check_before_opening(db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    with pytest.raises(StoreError) as caught:
        check_before_opening(db_path)
    assert "upgraded by a newer release" in str(caught.value)
    assert "(its schema is 9999_future;" in str(caught.value)
    foreign = db_path.parent / "foreign.sqlite"  # no version table: opening handles it
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (a)")
    connection.close()
    check_before_opening(foreign)
