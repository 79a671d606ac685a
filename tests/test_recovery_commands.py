"""Recovery from the command line (issue 12, findings 4, 6, 10): commands that write check
the whole file first and refuse a damaged one before writing; a full disk, a newer
release's database, a password in the URL and a missing password entry each end in one
clear line, never a traceback, and leave nothing behind."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, StoreError
from tests.damaged_files import damage_a_middle_page
from tests.test_recovery import ROOT, _fill


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def test_cli_import_refuses_a_file_damaged_in_its_middle(
    db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    _fill(db_path, spec, [f"D-{n}" for n in range(60)], "t" * 300)
    source = tmp_path / "source.sqlite"
    _fill(source, spec, ["NEW-1"])
    exported = tmp_path / "cases.json"
    exporting = _run("export", "--format", "json", "-o", str(exported), "--db", str(source))
    assert exporting.returncode == 0, exporting.stderr
    damage_a_middle_page(db_path)
    wal = Path(str(db_path) + "-wal")
    before = (db_path.read_bytes(), wal.read_bytes() if wal.exists() else b"")
    done = _run("import", str(exported), "--db", str(db_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "damaged" in done.stderr
    assert (db_path.read_bytes(), wal.read_bytes() if wal.exists() else b"") == before


def test_a_command_that_would_upgrade_a_damaged_file_refuses_before_writing(
    db_path: Path, spec: Spec
) -> None:
    from tests.conftest import downgrade

    _fill(db_path, spec, [f"U-{n}" for n in range(60)], "t" * 300)
    downgrade(CaseStore.open(db_path, spec), "0003")  # opening it would migrate: a write
    damage_a_middle_page(db_path)
    before = db_path.read_bytes()
    done = _run("list", "--db", str(db_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "damaged" in done.stderr and done.stdout == ""
    assert db_path.read_bytes() == before


def test_backup_to_a_full_disk_is_one_line_and_leaves_nothing(
    db_path: Path, spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app import cli
    from desktop_app.store import backup as backup_module

    _fill(db_path, spec, ["F-1"])
    real = backup_module.read_only

    class FullDisk:
        """The source connection; its backup runs into a full disk."""

        def __init__(self, path: Path) -> None:
            self.connection = real(path)

        def backup(self, *_args: object, **_kwargs: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def close(self) -> None:
            self.connection.close()

    monkeypatch.setattr(backup_module, "read_only", FullDisk)
    target = tmp_path / "out" / "copy.sqlite"
    code = cli.run_command(cli.parse(["backup", str(target), "--db", str(db_path)]))
    assert code == 1
    assert list((tmp_path / "out").iterdir()) == []


def test_a_database_of_a_newer_release_is_refused_and_left_as_it_was(
    db_path: Path, spec: Spec
) -> None:
    _fill(db_path, spec, ["N-1"])
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    before = db_path.read_bytes()
    assert before[18:20] == b"\x01\x01"  # rollback journal, not WAL
    with pytest.raises(StoreError, match="newer release") as caught:
        CaseStore.open(db_path, spec)
    assert "nothing was changed" in str(caught.value)
    assert db_path.read_bytes() == before
    assert not Path(str(db_path) + "-wal").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["check"],
        ["backup", "{out}/b.sqlite"],
        ["import", "{out}/none.json"],
        ["export", "--format", "json", "-o", "{out}/x.json"],
        ["report", "C1", "-o", "{out}/r.pdf"],
        ["restore", "{out}/b.sqlite"],
    ],
)
def test_a_password_in_the_db_url_is_never_logged_nor_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Every command given a --db it cannot open (nothing listens on port 1) fails, and
    neither the log, the terminal nor an error report holds the password."""
    from desktop_app import cli
    from desktop_app.logs import log, redact, setup_logging

    handlers = list(log.handlers)
    path = setup_logging(tmp_path / "logs")
    url = "postgresql+psycopg://registrar:Pw-7788secret@127.0.0.1:1/cases"
    argv = [a.format(out=tmp_path) for a in command]
    try:
        code = cli.run_command(cli.parse([*argv, "--db", url]))
        log.error("a driver's words: connection to %s failed; password=Pw-7788secret", url)
    finally:
        for handler in [h for h in log.handlers if h not in handlers]:
            log.removeHandler(handler)
            handler.close()
        for handler in handlers:
            log.addHandler(handler)
    shown = capsys.readouterr()
    written = path.read_text(encoding="utf-8")
    report = redact(f"Traceback ...\nOperationalError: cannot open {url}", [])
    assert code != 0
    assert "registrar:***@127.0.0.1" in written  # the driver's words are logged, masked
    for text in (written, shown.out, shown.err, report):
        assert "Pw-7788secret" not in text


def test_a_user_without_a_password_entry_can_still_save(
    db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    def no_entry() -> str:
        raise KeyError("getpwuid(): uid not found: 4242")

    monkeypatch.setattr(getpass, "getuser", no_entry)
    store = CaseStore.open(db_path, spec)
    saved = store.save(CaseRecord(values={"case_number": "U-1"}))
    assert store.load(saved.case_id or 0).values["case_number"] == "U-1"
    store.close()
