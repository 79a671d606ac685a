"""The headless commands, run as a registrar would run them: in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from desktop_app.demo import demo_records


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CASE_ABSTRACTOR_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def test_demo_list_and_report(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    made = run("demo", str(db), data_dir=tmp_path)
    assert made.returncode == 0, made.stderr
    numbers = [r.values["case_number"] for r in demo_records()]
    assert len(numbers) == 5

    listed = run("list", "--db", str(db), data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == sorted(numbers)
    assert all("\t" in line and line.split("\t")[1] for line in lines)

    pdf = tmp_path / "case.pdf"
    printed = run("report", numbers[0], "-o", str(pdf), "--db", str(db), data_dir=tmp_path)
    assert printed.returncode == 0, printed.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert numbers[0] in text
    first = demo_records()[0]
    assert first.values["title"].split()[0] in text


def test_demo_twice_adds_nothing_twice(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", str(db), data_dir=tmp_path).returncode == 0
    again = run("demo", str(db), data_dir=tmp_path)
    assert again.returncode == 0 and again.stdout.startswith("0 demo case(s)")
    assert len(run("list", "--db", str(db), data_dir=tmp_path).stdout.splitlines()) == 5


def test_report_of_an_unknown_case_is_one_clear_line(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    run("demo", str(db), data_dir=tmp_path)
    out = run("report", "NO-SUCH", "-o", str(tmp_path / "x.pdf"), "--db", str(db),
              data_dir=tmp_path)  # fmt: skip
    assert out.returncode == 1
    assert out.stderr.strip() == "case-abstractor: no case numbered 'NO-SUCH'"
    assert not (tmp_path / "x.pdf").exists()


def test_list_uses_the_data_dir_database_by_default(tmp_path: Path) -> None:
    own = tmp_path / "mine" / "cases.sqlite"
    out = run("list", data_dir=tmp_path / "mine")
    assert out.returncode == 1 and str(own) in out.stderr  # read-only: nothing created
    assert not own.exists()
    assert run("demo", str(own), data_dir=tmp_path / "mine").returncode == 0
    out = run("list", data_dir=tmp_path / "mine")
    assert out.returncode == 0 and len(out.stdout.splitlines()) == 5


def test_a_broken_form_stops_start_up_with_file_line_and_field(tmp_path: Path) -> None:
    from desktop_app.paths import forms_dir

    broken = tmp_path / "forms"
    broken.mkdir()
    for form in forms_dir().glob("*.toml"):
        text = form.read_text(encoding="utf-8")
        if form.name == "02_history.toml":
            text = text.replace('type = "integer"', 'type = "integr"', 1)
        (broken / form.name).write_text(text, encoding="utf-8")
    env = dict(
        os.environ, CASE_ABSTRACTOR_DATA_DIR=str(tmp_path), CASE_ABSTRACTOR_FORMS=str(broken)
    )
    out = subprocess.run(
        [sys.executable, "-m", "desktop_app", "list"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "02_history.toml, line" in out.stderr
    assert "field 'age_at_presentation' has an unknown type 'integr'" in out.stderr
