"""Crash and fault safety: a killed save, a read-only file, a full disk, a lock held by
another process, a damaged file; backups that restore every case."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, DamagedDatabase, StoreError
from desktop_app.store.backup import list_backups, restore_backup, take_backup

SAVER = textwrap.dedent(
    """
    import sys
    from desktop_app.spec import default_spec
    from desktop_app.store import CaseStore
    store = CaseStore.open(sys.argv[1], default_spec())
    record = store.load(1)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        tag = "A" if n % 2 else "B"
        record.values["title"] = f"version {tag}"
        for entry in record.entries("imaging_study"):
            entry.values["findings"] = f"finding {tag} " * 40
        record.values["presenting_complaint"] = f"complaint {tag}"
        store.save(record)
    """
)


def _case_with_many_entries() -> CaseRecord:
    record = CaseRecord(values={"case_number": "KILL-1", "title": "version A"})
    for _ in range(30):
        record.add_entry("imaging_study", {"modality": "US", "findings": "finding A " * 40})
    record.values["presenting_complaint"] = "complaint A"
    return record


def _whole_version(record: CaseRecord) -> str:
    tags = {record.values["title"][-1], record.values["presenting_complaint"][-1]}
    tags |= {e.values["findings"].split()[1] for e in record.entries("imaging_study")}
    assert len(tags) == 1, f"a case mixes versions: {tags}"
    return tags.pop()


@pytest.mark.parametrize("delay", [0.4, 0.9, 1.7])
def test_sigkill_in_a_stream_of_saves_leaves_each_case_whole(
    db_path: Path, spec: Spec, delay: float
) -> None:
    store = CaseStore.open(db_path, spec)
    store.save(_case_with_many_entries())
    store.close()
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    assert saver.stdout is not None and saver.stdout.readline().strip() == "ready"
    time.sleep(delay)
    os.kill(saver.pid, signal.SIGKILL)
    saver.wait(timeout=30)
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reopened = CaseStore.open(db_path, spec)
    record = reopened.load(1)
    assert _whole_version(record) in ("A", "B")
    assert record.row_version > 1  # saves really were under way when it was killed
    reopened.close()


def test_a_read_only_database_gives_a_clear_message_and_keeps_the_record(
    db_path: Path, spec: Spec
) -> None:
    store = CaseStore.open(db_path, spec)
    record = store.save(CaseRecord(values={"case_number": "RO-1"}))
    store.close()
    readonly = CaseStore.open(f"sqlite:///file:{db_path}?mode=ro&uri=true", spec)
    record.values["title"] = "typed while read-only"
    with pytest.raises(StoreError, match="read-only") as caught:
        readonly.save(record)
    assert "kept" in str(caught.value)
    assert record.values["title"] == "typed while read-only"
    assert record.row_version == 1  # the record still knows it is unsaved
    readonly.close()


def test_a_full_disk_gives_a_clear_message_and_writes_nothing(db_path: Path, spec: Spec) -> None:
    store = CaseStore.open(db_path, spec)
    store.save(CaseRecord(values={"case_number": "FULL-0"}))
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    from sqlalchemy import event

    event.listen(
        store.engine, "connect",
        lambda dbapi, _rec: dbapi.execute(f"PRAGMA max_page_count={pages}"),
    )  # fmt: skip
    store.engine.dispose()
    big = CaseRecord(values={"case_number": "FULL-1", "presenting_complaint": "x" * 200_000})
    with pytest.raises(StoreError, match="disk is full"):
        store.save(big)
    assert big.case_id is None and big.values["presenting_complaint"] == "x" * 200_000
    assert [c.case_number for c in store.list_cases()] == ["FULL-0"]
    store.close()


def test_a_lock_held_by_another_process_gives_a_clear_message(
    db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop_app.store.engine as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    store = CaseStore.open(db_path, spec)
    record = store.save(CaseRecord(values={"case_number": "LOCK-1"}))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(30)",
         str(db_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        record.values["title"] = "mine"
        with pytest.raises(StoreError, match="locked by another program"):
            store.save(record)
        assert record.values["title"] == "mine"
    finally:
        holder.kill()
        holder.wait()
    store.save(record)  # once the lock is gone, the same record saves
    assert store.load(record.case_id or 0).values["title"] == "mine"
    store.close()


def _damage(path: Path) -> None:
    """Scribble over the middle of every page after the first, as a failing disk might."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for page_start in range(4096, size, 4096):
            handle.seek(page_start + 8)
            handle.write(b"\xffgarbage" * 100)


def test_a_damaged_file_is_refused_with_the_newest_good_backup(db_path: Path, spec: Spec) -> None:
    store = CaseStore.open(db_path, spec)
    for n in range(40):
        store.save(CaseRecord(values={"case_number": f"D-{n}", "title": "t" * 500}))
    store.close()
    good = take_backup(db_path)
    _damage(db_path)
    before = db_path.read_bytes()
    with pytest.raises(DamagedDatabase) as caught:
        CaseStore.open(db_path, spec)
    assert caught.value.backup == good and str(good) in str(caught.value)
    assert db_path.read_bytes() == before  # never written to

    out = subprocess.run(
        [sys.executable, "-m", "desktop_app", "check", "--db", str(db_path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    assert "integrity check" in out.stdout

    restore_backup(good, db_path)
    restored = CaseStore.open(db_path, spec)
    assert len(restored.list_cases()) == 40
    restored.close()


def test_check_passes_a_sound_database_and_backup_command_verifies(
    db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    store = CaseStore.open(db_path, spec)
    store.save(CaseRecord(values={"case_number": "OK-1"}))
    store.close()
    run = [sys.executable, "-m", "desktop_app"]
    ok = subprocess.run([*run, "check", "--db", str(db_path)], capture_output=True, text=True,
                        timeout=120, check=False)  # fmt: skip
    assert ok.returncode == 0 and "sound" in ok.stdout
    copy = tmp_path / "copy.sqlite"
    made = subprocess.run([*run, "backup", str(copy), "--db", str(db_path)],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert made.returncode == 0, made.stderr
    reopened = CaseStore.open(copy, spec)
    assert [c.case_number for c in reopened.list_cases()] == ["OK-1"]
    reopened.close()


def test_backups_rotate_and_restore_first_backs_up_the_current_file(
    db_path: Path, spec: Spec
) -> None:
    store = CaseStore.open(db_path, spec)
    store.save(CaseRecord(values={"case_number": "B-1"}))
    first = take_backup(db_path, keep=3)
    store.save(CaseRecord(values={"case_number": "B-2"}))
    for _ in range(4):
        take_backup(db_path, keep=3)
    assert len(list_backups(db_path)) == 3 and first not in list_backups(db_path)
    kept = list_backups(db_path)[-1]
    store.close()
    safety = restore_backup(kept, db_path, keep=3)
    assert safety is not None and safety.exists()
    restored = CaseStore.open(db_path, spec)
    assert [c.case_number for c in restored.list_cases()] == ["B-1", "B-2"]
    restored.close()
