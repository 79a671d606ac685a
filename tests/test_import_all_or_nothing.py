"""Import is all or nothing (issue 12, finding 5): a kill at any point of the import, a full
disk or any error while storing leaves the database exactly as it was, and the same file
then imports whole."""

from __future__ import annotations

import getpass
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from desktop_app.exchange import ImportFailed, import_file
from desktop_app.exchange.samples import sample_case
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, StoreError, search_index

IMPORTED = 16  # cases in the file (the finding killed a 400-case import anywhere in it)
KEPT = 3  # cases already in the database before the import


def export_file(spec: Spec, path: Path, count: int = IMPORTED, first: int = 100) -> Path:
    number = spec.summary_field("case_number")
    assert number is not None
    cases = []
    for n in range(first, first + count):
        record = sample_case(spec, n)
        cases.append({"case_number": record.values[number.id], "status": "draft",
                      "record": json.loads(record.to_json())})  # fmt: skip
    path.write_text(json.dumps({"format": "case-abstractor-export", "format_version": 1,
                                "cases": cases}), encoding="utf-8")  # fmt: skip
    return path


def dump(path: Path) -> list[str]:
    """Every row of every table, as SQL text: equal dumps are equal databases."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def seeded(db_path: Path, spec: Spec) -> Iterator[CaseStore]:
    """A database holding KEPT cases before any import."""
    store = CaseStore.open(db_path, spec)
    for n in range(KEPT):
        store.save(sample_case(spec, n), user="ann")
    yield store
    store.close()


# The import runs in a child process that stops at a chosen point (after the k-th case is
# written inside the transaction, or in the commit itself), says so, and waits to be killed.
CHILD = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from sqlalchemy import event
    from desktop_app.exchange import import_file
    from desktop_app.spec import default_spec
    from desktop_app.store import CaseStore

    db, source, stop = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    store = CaseStore.open(db, default_spec())

    def halt(*_args):
        print("ready", flush=True)
        threading.Event().wait()  # until SIGKILL

    if stop == "commit":
        event.listen(store.engine, "commit", halt)
    else:
        written, write_case = [0], CaseStore._write_case

        def counting(self, *args):
            write_case(self, *args)
            written[0] += 1
            if written[0] == int(stop):
                halt()

        CaseStore._write_case = counting
    import_file(store, source)
    print("finished", flush=True)
    """
)


@pytest.mark.parametrize("stop", ["1", str(IMPORTED // 2), str(IMPORTED), "commit"])
def test_a_killed_import_leaves_the_database_as_before_and_the_rerun_works(
    seeded: CaseStore, db_path: Path, tmp_path: Path, stop: str
) -> None:
    source = export_file(seeded.spec, tmp_path / "cases.json")
    before = dump(db_path)
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    child = subprocess.Popen(
        [sys.executable, str(script), str(db_path), str(source), stop],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert child.stdout is not None
        said = child.stdout.readline().strip()
        assert said == "ready", child.stderr.read() if child.stderr else said
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert dump(db_path) == before, "a killed import left something behind"
    numbers = import_file(seeded, source)
    assert len(numbers) == IMPORTED
    assert len(seeded.list_cases()) == KEPT + IMPORTED


def test_a_full_disk_during_the_import_changes_nothing_and_the_rerun_works(
    seeded: CaseStore, db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    source = export_file(spec, tmp_path / "cases.json")
    before = dump(db_path)
    with sqlite3.connect(db_path) as probe:
        pages = probe.execute("PRAGMA page_count").fetchone()[0]
    full = CaseStore.open(db_path, spec)
    full.engine.dispose()  # new connections only, each with the disk "full" a little later

    @event.listens_for(full.engine, "connect")
    def small_disk(connection: sqlite3.Connection, _record: object) -> None:
        connection.execute(f"PRAGMA max_page_count = {pages + 40}")

    try:
        with pytest.raises(ImportFailed) as caught:
            import_file(full, source)
    finally:
        full.close()
    message = str(caught.value)
    assert "disk is full" in message and "Nothing was imported" in message
    assert "\n" not in message and "Traceback" not in message
    assert dump(db_path) == before
    assert len(import_file(seeded, source)) == IMPORTED
    assert len(seeded.list_cases()) == KEPT + IMPORTED


def test_any_error_while_storing_changes_nothing(
    seeded: CaseStore, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = export_file(seeded.spec, tmp_path / "cases.json")
    before = dump(db_path)
    calls = [0]
    write_search = search_index.write_search

    def failing(*args: object) -> None:
        calls[0] += 1
        if calls[0] == IMPORTED - 1:  # nearly every case written already
            raise RuntimeError("planted failure")
        write_search(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(search_index, "write_search", failing)
    with pytest.raises(RuntimeError, match="planted failure"):
        import_file(seeded, source)
    assert calls[0] == IMPORTED - 1
    assert dump(db_path) == before
    monkeypatch.setattr(search_index, "write_search", write_search)
    assert len(import_file(seeded, source)) == IMPORTED


def test_a_failed_save_leaves_the_callers_record_untouched(
    sqlite_store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16, fix 2: a new case without a number gets one generated inside the
    transaction; when the transaction fails the record is as the caller gave it."""
    from sqlalchemy.exc import OperationalError

    def full_disk(*_args: object) -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    record = CaseRecord(values={"title": "no number yet"})
    record.add_entry("imaging_study", {"modality": "US"})
    given = record.copy()
    monkeypatch.setattr(search_index, "write_search", full_disk)
    with pytest.raises(StoreError, match="disk is full"):
        sqlite_store.save(record)
    # no id, no generated case number, the same row version and values
    assert (record.case_id, record.row_version, record.to_json()) == (
        None, 0, given.to_json()
    )  # fmt: skip
    others = [CaseRecord(values={"case_number": "B-1"}), CaseRecord(values={"title": "b"})]
    copies = [r.copy() for r in others]
    with pytest.raises(StoreError):
        sqlite_store.save_many(others)
    assert [(r.case_id, r.row_version, r.to_json()) for r in others] == [
        (None, 0, c.to_json()) for c in copies
    ]
    assert sqlite_store.list_cases() == []


@pytest.mark.parametrize(
    ("database_says", "cause"),
    [
        ("database or disk is full", "the disk is full"),
        ("No space left on device", "the disk is full"),
        ("attempt to write a readonly database", "the database file is read-only"),
        ("cannot execute INSERT in a read-only transaction", "the database file is read-only"),
        ("database is locked", "the database is locked by another program"),
        ("disk I/O error", "the database refused the write (disk i/o error)"),
        ("", "the case number 'S000100' is already used by another case"),
    ],
)
def test_a_failed_import_says_why_in_one_sentence(
    sqlite_store: CaseStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_says: str,
    cause: str,
) -> None:
    from sqlalchemy.exc import IntegrityError, OperationalError

    def failing(*_args: object) -> None:
        if database_says:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError(database_says))
        raise IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE"))

    source = export_file(sqlite_store.spec, tmp_path / "cases.json", count=2)
    monkeypatch.setattr(search_index, "write_search", failing)
    with pytest.raises(ImportFailed) as caught:
        import_file(sqlite_store, source)
    assert str(caught.value) == (
        f"Nothing was imported from cases.json: {cause}. The database is as it was before; "
        "the same file can be imported again."
    )
    assert sqlite_store.list_cases() == []


def test_imported_cases_are_audited_with_who_and_from_which_file(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    source = export_file(sqlite_store.spec, tmp_path / "from_ward_3.json", count=2)
    numbers = import_file(sqlite_store, source, user="ann")
    assert numbers == ["S000100", "S000101"]  # the case numbers of the file, in its order
    for number in numbers:
        events = sqlite_store.audit_trail(sqlite_store.find(number) or 0)
        assert {(e["user_name"], e["reason"]) for e in events} == {
            ("ann", "imported from from_ward_3.json")
        }
    # without a registrar's name, the account that ran the import is the one recorded
    other = export_file(sqlite_store.spec, tmp_path / "other.json", count=1, first=200)
    [number] = import_file(sqlite_store, other)
    events = sqlite_store.audit_trail(sqlite_store.find(number) or 0)
    assert {(e["user_name"], e["os_user"]) for e in events} == {(getpass.getuser(),) * 2}
