"""Second pass of `make mutation` over store/integrity.py (docs/mutation.md, "second
pass"; the backup.py half is tests/test_mutation_recovery2.py): a file's header, its log
and its tables read as a registrar would be told of them — an impossible page size, a file
cut short or not a database at all, a damaged table, a check that cannot open the file —
and a sound file of any page size or table kind found sound. Expected values are written
here (SQLite's own messages, the files made)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.spec import Spec
from desktop_app.store import backup as backup_module
from tests.test_mutation_recovery2 import _fill


def _database(path: Path, *statements: str) -> Path:
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    return path


def test_databases_of_the_smallest_and_largest_page_size_are_sound(tmp_path: Path) -> None:
    from desktop_app.store.integrity import header_problems, quick_problems

    for size in (512, 65536):  # SQLite writes 65536 as 1 in the header
        path = _database(tmp_path / f"pages-{size}.sqlite", f"PRAGMA page_size = {size}",
                         "CREATE TABLE t (a)", "INSERT INTO t VALUES (1)")  # fmt: skip
        assert path.stat().st_size == 2 * size
        assert header_problems(path) == [] and quick_problems(path) == [], size


@pytest.mark.parametrize(("written", "said"), [(1000, 1000), (256, 256), (0, 0)])
def test_a_header_with_an_impossible_page_size_is_damaged(
    tmp_path: Path, written: int, said: int
) -> None:
    from desktop_app.store.integrity import header_problems, quick_problems

    path = _database(tmp_path / "odd.sqlite", "CREATE TABLE t (a)")
    data = bytearray(path.read_bytes())
    data[16:18] = written.to_bytes(2, "big")
    path.write_bytes(bytes(data))
    found = [f"the header gives an impossible page size ({said})"]
    assert header_problems(path) == found and quick_problems(path) == found


def test_a_page_count_an_older_writer_left_stale_is_not_taken_for_a_short_file(
    tmp_path: Path,
) -> None:
    """The header's page count holds only when the change counter beside it matches the
    version-valid-for number (bytes 24 and 92); otherwise SQLite itself ignores it."""
    from desktop_app.store.integrity import header_problems

    path = _database(tmp_path / "stale.sqlite", "CREATE TABLE t (a)")
    data = bytearray(path.read_bytes())
    data[28:32] = (int.from_bytes(data[28:32], "big") + 5).to_bytes(4, "big")
    data[92:96] = (int.from_bytes(data[24:28], "big") + 1).to_bytes(4, "big")
    path.write_bytes(bytes(data))
    assert header_problems(path) == []


def test_a_file_that_cannot_be_read_or_is_no_database_says_so(tmp_path: Path) -> None:
    from desktop_app.store.integrity import header_problems, quick_problems

    folder = tmp_path / "cases.sqlite"
    folder.mkdir()  # a folder where the database should be
    assert header_problems(folder) == [
        f"cannot read the file: [Errno 21] Is a directory: '{folder}'"
    ]
    text = tmp_path / "notes.sqlite"
    text.write_bytes(b"SQLite format 3 but a text file after all" * 10)
    short = tmp_path / "short.sqlite"
    short.write_bytes(_database(tmp_path / "whole.sqlite", "CREATE TABLE t (a)").read_bytes()[:99])
    for path in (text, short):
        assert quick_problems(path) == [
            "the file is not an SQLite database (its header is damaged)"
        ], path


def test_the_cheap_check_reads_tables_of_every_kind_and_name(tmp_path: Path) -> None:
    from desktop_app.store.integrity import full_problems, quick_problems

    path = _database(
        tmp_path / "kinds.sqlite",
        'CREATE TABLE "a ""quoted"" name" (a)',
        'INSERT INTO "a ""quoted"" name" VALUES (1)',
        "CREATE TABLE pairs (k TEXT PRIMARY KEY, v) WITHOUT ROWID",
        "INSERT INTO pairs VALUES ('x', 1)",
        "CREATE VIRTUAL TABLE words USING fts5 (w)",
        "INSERT INTO words VALUES ('carcinoma')",
    )
    assert quick_problems(path) == []
    assert full_problems(path) == [] and full_problems(path, quick=False) == []


def test_a_file_the_cheap_check_cannot_open_says_why(
    db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.store import integrity

    _fill(db_path, spec, ["U-1"])

    def cannot_open(_path: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(integrity, "read_only", cannot_open)
    assert integrity.quick_problems(db_path) == ["unable to open database file"]
    assert integrity.full_problems(db_path) == ["unable to open database file"]


def test_a_backup_that_may_be_stopped_but_is_not_is_whole_and_verified(tmp_path: Path) -> None:
    """Big enough that SQLite's check runs many thousand steps (the cancel request is looked
    at all along): a request never made stops nothing."""
    import threading

    from desktop_app.store.integrity import full_problems

    source = _database(tmp_path / "big.sqlite", "CREATE TABLE t (a, b)", "CREATE INDEX i ON t (a)")
    with sqlite3.connect(source) as connection:
        connection.executemany(
            "INSERT INTO t VALUES (?, ?)", ((f"{n:05d}", n) for n in range(20_000))
        )
    connection.close()
    never = threading.Event()
    assert full_problems(source, cancel=never) == []
    assert full_problems(source, quick=False, cancel=never) == []
    target = backup_module.backup_sqlite(source, tmp_path / "copy.sqlite", cancel=never)
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*), sum(b) FROM t").fetchone() == (
            20_000,
            19_999 * 20_000 // 2,
        )
    connection.close()


def test_a_page_in_the_log_counts_only_up_to_the_last_commit_whatever_its_size(
    tmp_path: Path,
) -> None:
    """A frame written after the last commit is not yet part of the database, even when a
    commit came before it; a commit frame is one whose 4-byte database size is not zero,
    however large (a database of 2**24 pages has zeros in its three low bytes)."""
    from desktop_app.store.integrity import header_problems
    from tests.test_mutation_recovery import _short_file_and_log

    magic, salts = 0x377F0682, b"SALTSALT"
    path, pages = _short_file_and_log(tmp_path, [], magic)
    short = [
        f"the file is shorter than its header says ({path.stat().st_size} < {pages + 1} pages)"
    ]
    after_a_commit = [(1, pages, salts), (pages + 1, 0, salts)]
    path, _ = _short_file_and_log(tmp_path, after_a_commit, magic)
    assert header_problems(path) == short
    path, _ = _short_file_and_log(tmp_path, [(pages + 1, 1 << 24, salts)], magic)
    assert header_problems(path) == []


def test_a_file_cut_short_or_with_a_damaged_page_count_is_short_of_its_header(
    tmp_path: Path,
) -> None:
    from desktop_app.store.integrity import header_problems

    whole = _database(tmp_path / "whole.sqlite", "CREATE TABLE t (a)", "INSERT INTO t VALUES (1)")
    cut = tmp_path / "cut.sqlite"  # a copy stopped after the first 100 bytes
    cut.write_bytes(whole.read_bytes()[:100])
    assert header_problems(cut) == ["the file is shorter than its header says (100 < 2 pages)"]
    flipped = tmp_path / "flipped.sqlite"  # one bit flipped in the page count's high byte
    data = bytearray(whole.read_bytes())
    data[28] |= 0x01
    flipped.write_bytes(bytes(data))
    size = len(data)
    assert header_problems(flipped) == [
        f"the file is shorter than its header says ({size} < {(1 << 24) + 2} pages)"
    ]


def test_a_table_whose_first_page_is_damaged_is_said_malformed_before_opening(
    tmp_path: Path,
) -> None:
    from desktop_app.store.integrity import full_problems, quick_problems

    path = _database(tmp_path / "root.sqlite", "CREATE TABLE t (a)",
                     "INSERT INTO t VALUES ('x')")  # fmt: skip
    with sqlite3.connect(path) as connection:
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 't'").fetchone()[
            0
        ]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    assert quick_problems(path) == ["database disk image is malformed"]
    not_a_database = tmp_path / "garbage.sqlite"
    not_a_database.write_bytes(b"\x00" * 4096)
    assert full_problems(not_a_database) == ["file is not a database"]
