"""Import checks the whole file first: one bad value among good cases imports nothing and
names the case (or line), the field and the reason. And the export/import commands."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_app.demo import demo_records
from desktop_app.exchange import ImportRefused, export_records, import_file
from desktop_app.exchange.samples import sample_case
from desktop_app.spec import FieldSpec, Spec
from desktop_app.store import CaseStore


def field_of(spec: Spec, test: Callable[[FieldSpec], bool], group: bool = False) -> FieldSpec:
    fields = [f for f in spec.all_fields() if bool(f.group) == group and test(f)]
    assert fields, "the specification has such a field"
    return fields[0]


def good_cases(spec: Spec, count: int = 3) -> list[dict[str, Any]]:
    out = []
    number = spec.summary_field("case_number")
    assert number is not None
    for n in range(count):
        record = sample_case(spec, 20 + n)
        out.append({"case_number": record.values[number.id], "status": "draft",
                    "record": json.loads(record.to_json())})  # fmt: skip
    return out


def write_export(path: Path, cases: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"format": "case-abstractor-export", "format_version": 1,
                                "cases": cases}), encoding="utf-8")  # fmt: skip
    return path


def refused(store: CaseStore, path: Path) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        import_file(store, path)
    assert store.list_cases() == [], "nothing is imported from a refused file"
    return [str(p) for p in caught.value.problems]


def test_one_bad_value_among_good_cases_imports_nothing(store: CaseStore, tmp_path: Path) -> None:
    spec = store.spec
    cases = good_cases(spec, 4)
    integer = field_of(spec, lambda f: f.type == "integer" and not f.qualified)
    cases[2]["record"]["values"][integer.id] = "fifty-seven"
    problems = refused(store, write_export(tmp_path / "bad.json", cases))
    assert len(problems) == 1
    assert cases[2]["case_number"] in problems[0]
    assert integer.id in problems[0] and "fifty-seven" in problems[0]


@pytest.mark.parametrize(
    "kind",
    [
        "unknown_field",
        "unknown_group",
        "unknown_code",
        "not_canonical",
        "not_text",
        "bad_entry",
        "bad_status",
    ],
)
def test_every_kind_of_bad_value_is_named(spec: Spec, sqlite_store: CaseStore, tmp_path: Path,
                                          kind: str) -> None:  # fmt: skip
    cases = good_cases(spec)
    bad = cases[1]["record"]
    choice = field_of(spec, lambda f: f.type == "choice")
    group = spec.groups[0].id
    expected = {
        "unknown_field": "no_such_field", "unknown_group": "no_such_group",
        "unknown_code": "NOT-A-CODE", "not_canonical": "line one", "not_text": "57",
        "bad_entry": "entry_id", "bad_status": "sideways",
    }[kind]  # fmt: skip
    if kind == "unknown_field":
        bad["values"]["no_such_field"] = "x"
    elif kind == "unknown_group":
        bad["groups"]["no_such_group"] = [{"entry_id": 99, "values": {}}]
    elif kind == "unknown_code":
        bad["values"][choice.id] = "NOT-A-CODE"
    elif kind == "not_canonical":  # a typed date is read as typed ("10 May 2015"); CR is not
        longtext = field_of(spec, lambda f: f.type == "longtext")
        bad["values"][longtext.id] = "line one\r\nline two"
    elif kind == "not_text":
        bad["values"][choice.id] = 57
    elif kind == "bad_entry":
        bad["groups"][group].append({"entry_id": "three", "values": {}})
    else:
        cases[1]["status"] = "sideways"
    problems = refused(sqlite_store, write_export(tmp_path / "bad.json", cases))
    assert len(problems) == 1, problems
    assert cases[1]["case_number"] in problems[0] and expected in problems[0]


def test_duplicate_case_numbers_in_the_file_or_the_database(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    spec = sqlite_store.spec
    cases = good_cases(spec)
    twice = write_export(tmp_path / "twice.json", [*cases, cases[0]])
    [problem] = refused(sqlite_store, twice)
    assert cases[0]["case_number"] in problem and "also" in problem
    existing = demo_records()[0]
    sqlite_store.save(existing)
    number = existing.values[spec.summary_field("case_number").id]  # type: ignore[union-attr]
    clash = good_cases(spec)
    clash[1]["case_number"] = number
    clash[1]["record"]["values"][spec.summary_field("case_number").id] = number  # type: ignore[union-attr]
    with pytest.raises(ImportRefused) as caught:
        import_file(sqlite_store, write_export(tmp_path / "clash.json", clash))
    assert [str(p) for p in caught.value.problems] == [
        f"case {number}: case_number: '{number}' is already in the database"
    ]
    assert len(sqlite_store.list_cases()) == 1


@pytest.mark.parametrize("text", ["{not json", "[]", '{"cases": [17]}', ""])
def test_malformed_json_is_one_clear_problem(sqlite_store: CaseStore, tmp_path: Path,
                                             text: str) -> None:  # fmt: skip
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    assert refused(sqlite_store, path)


def test_csv_long_problems_name_the_line(sqlite_store: CaseStore, tmp_path: Path) -> None:
    spec = sqlite_store.spec
    source = tmp_path / "source.sqlite"
    other = CaseStore.open(source, spec)
    try:
        for n in range(3):
            other.save(sample_case(spec, 30 + n))
        export_records(other, tmp_path / "long.csv", "csv-long")
    finally:
        other.close()
    with open(tmp_path / "long.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    decimal = field_of(spec, lambda f: f.type == "decimal" and not f.qualified, group=True)
    line = next(i for i, r in enumerate(rows) if r[1] == decimal.group and r[3] == decimal.id)
    rows[line][4] = "12,5 mm"
    rows[line + 1][2] = "first"
    rows.append([rows[1][0], "", "", "no_such_field", "x", ""])
    with open(tmp_path / "bad.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with open(tmp_path / "bad.csv", encoding="utf-8", newline="") as handle:
        reader, starts, start = csv.reader(handle), [], 1  # the line each row starts on
        for _ in reader:
            starts.append(start)
            start = reader.line_num + 1
    problems = refused(sqlite_store, tmp_path / "bad.csv")
    assert len(problems) == 3, problems
    assert problems[0].startswith(f"line {starts[line]}, case {rows[line][0]}: "
                                  f"{decimal.group}.{decimal.id}: ")  # fmt: skip
    assert "12,5 mm" in problems[0]
    assert problems[1].startswith(f"line {starts[line + 1]}") and "first" in problems[1]
    assert problems[2].startswith(f"line {starts[-1]}") and "no_such_field" in problems[2]


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CASE_ABSTRACTOR_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def test_export_and_import_commands(tmp_path: Path) -> None:
    db, copy = tmp_path / "demo.sqlite", tmp_path / "copy.sqlite"
    assert run("demo", str(db), data_dir=tmp_path).returncode == 0
    for fmt, name in (
        ("json", "all.json"),
        ("csv-long", "all.csv"),
        ("csv-wide", "wide"),
        ("xlsx", "all.xlsx"),
    ):
        done = run("export", "--format", fmt, "-o", str(tmp_path / name), "--db", str(db),
                   "--deidentify", data_dir=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert (tmp_path / name).exists()
    out = run("export", "--format", "json", "-o", str(tmp_path / "one.json"), "--cases",
              "NO-SUCH", "--db", str(db), data_dir=tmp_path)  # fmt: skip
    assert out.returncode == 1
    assert out.stderr.strip() == "case-abstractor: no case numbered 'NO-SUCH'"
    assert run("export", "--format", "json", "-o", str(tmp_path / "full.json"), "--db", str(db),
               "--identified", data_dir=tmp_path).returncode == 0  # fmt: skip
    imported = run("import", str(tmp_path / "full.json"), "--db", str(copy), data_dir=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("5 case(s) imported")
    again = run("import", str(tmp_path / "full.json"), "--db", str(copy), data_dir=tmp_path)
    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    assert again.stderr.count("is already in the database") == 5
    missing = run("import", str(tmp_path / "nothing.json"), "--db", str(copy), data_dir=tmp_path)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
