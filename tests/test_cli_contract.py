"""The command line's contract (issue 14): read-only commands never create a database,
cases are chosen the same way everywhere, exports are de-identified unless asked, the
help shows examples and exit codes, and the dictionary and interchange formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.test_cli import run


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.sqlite"
    assert run("demo", str(db), data_dir=tmp_path).returncode == 0
    return db


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["report", "DEMO-001", "-o", "x.pdf"],
        ["export", "--format", "json", "-o", "x.json"],
        ["check"],
        ["backup", "b.sqlite"],
    ],
)
def test_read_only_commands_never_create_a_database(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo" / "mistyped.sqlite"
    out = run(*command, "--db", str(missing), data_dir=tmp_path)
    assert out.returncode == 1, out.stdout
    assert str(missing) in out.stderr and "Traceback" not in out.stderr
    assert not missing.exists() and not missing.parent.exists()


def test_help_has_examples_and_exit_codes(tmp_path: Path) -> None:
    out = run("--help", data_dir=tmp_path)
    assert out.returncode == 0
    assert "examples:" in out.stdout and "exit codes:" in out.stdout
    assert "case-abstractor dictionary --format redcap" in out.stdout


def test_export_is_deidentified_unless_asked_and_chooses_cases_like_report(
    tmp_path: Path, demo_db: Path
) -> None:
    plain = tmp_path / "plain.json"
    done = run("export", "DEMO-002", "--format", "json", "-o", str(plain), "--db", str(demo_db),
               data_dir=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "(de-identified)" in done.stdout and "IDENTIFIED" not in done.stderr
    data = json.loads(plain.read_text(encoding="utf-8"))
    assert data["deidentified"] is True
    assert [c["case_number"] for c in data["cases"]] == ["DEMO-002"]
    both = tmp_path / "both.json"
    done = run("export", "DEMO-001", "--cases", "DEMO-003", "--format", "json", "-o", str(both),
               "--identified", "--db", str(demo_db), data_dir=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"IDENTIFIED export: {both} contains patient identifiers" in done.stderr
    data = json.loads(both.read_text(encoding="utf-8"))
    assert data["deidentified"] is False
    assert [c["case_number"] for c in data["cases"]] == ["DEMO-001", "DEMO-003"]


def test_dictionary_command_writes_redcap_xlsx_and_csv(tmp_path: Path) -> None:
    for fmt, name in (("redcap", "redcap.csv"), ("csv", "dictionary.csv"), ("xlsx", "d.xlsx")):
        out = run("dictionary", "--format", fmt, "-o", str(tmp_path / name), data_dir=tmp_path)
        assert out.returncode == 0, out.stderr
    with open(tmp_path / "redcap.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[0] == "Variable / Field Name" and len(header) == 18
    with open(tmp_path / "dictionary.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"patient_name", "modality"} <= {r["field_id"] for r in rows}
    # the long vocabularies (ICD-O-3.2) beside it, every code with its label
    with open(tmp_path / "dictionary-vocabularies.csv", encoding="utf-8-sig", newline="") as h:
        codes = {(r[1], r[2]) for r in csv.reader(h)}
    assert ("8500/2", "Ductal carcinoma in situ, NOS") in codes


def test_export_redcap_and_odm_from_the_command_line(tmp_path: Path, demo_db: Path) -> None:
    for fmt, name in (("redcap", "r.csv"), ("odm", "c.xml")):
        out = run("export", "--format", fmt, "-o", str(tmp_path / name), "--db", str(demo_db),
                  data_dir=tmp_path)  # fmt: skip
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("5 case(s) written")
    assert "DEMO-004" in (tmp_path / "r.csv").read_text(encoding="utf-8")
    assert 'SubjectKey="DEMO-004"' in (tmp_path / "c.xml").read_text(encoding="utf-8")


def test_restore_brings_back_the_backups_own_cases_and_keeps_the_file(
    tmp_path: Path, demo_db: Path
) -> None:
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", str(demo_db), data_dir=tmp_path).returncode == 0
    # After the backup, the live file changes: a case the backup does not hold.
    other = tmp_path / "other.json"
    assert run("export", "DEMO-001", "--format", "json", "-o", str(other), "--identified",
               "--db", str(demo_db), data_dir=tmp_path).returncode == 0  # fmt: skip
    data = json.loads(other.read_text(encoding="utf-8"))
    data["cases"][0]["case_number"] = "LIVE-ONLY-1"
    data["cases"][0]["record"]["values"]["case_number"] = "LIVE-ONLY-1"
    other.write_text(json.dumps(data), encoding="utf-8")
    assert run("import", str(other), "--db", str(demo_db), data_dir=tmp_path).returncode == 0
    listed = run("list", "--db", str(demo_db), data_dir=tmp_path).stdout
    assert "LIVE-ONLY-1" in listed
    refused = run("restore", str(backup), "--db", str(demo_db), data_dir=tmp_path)
    assert refused.returncode == 1 and "nothing was changed" in refused.stderr
    assert "6 case(s)" in refused.stdout and "5 case(s)" in refused.stdout
    assert "LIVE-ONLY-1" in run("list", "--db", str(demo_db), data_dir=tmp_path).stdout
    done = run("restore", str(backup), "--db", str(demo_db), "--yes", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    after = run("list", "--db", str(demo_db), data_dir=tmp_path).stdout
    assert "LIVE-ONLY-1" not in after and len(after.splitlines()) == 5
    kept = [p for p in tmp_path.glob("demo-replaced-*.sqlite")]
    assert len(kept) == 1 and f"kept whole as {kept[0]}" in done.stdout
    assert "LIVE-ONLY-1" in run("list", "--db", str(kept[0]), data_dir=tmp_path).stdout


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    tmp_path: Path, demo_db: Path
) -> None:
    backup = tmp_path / "backup.sqlite"
    assert run("backup", str(backup), "--db", str(demo_db), data_dir=tmp_path).returncode == 0
    raw = bytearray(backup.read_bytes())
    raw[4096 * 3 : 4096 * 3 + 2048] = b"\x00\xff" * 1024  # a page in the middle destroyed
    backup.write_bytes(bytes(raw))
    before = demo_db.read_bytes()
    out = run("restore", str(backup), "--db", str(demo_db), "--yes", data_dir=tmp_path)
    assert out.returncode == 1 and "damaged" in out.stderr and "Traceback" not in out.stderr
    assert demo_db.read_bytes() == before
    assert not list(tmp_path.glob("demo-replaced-*"))
