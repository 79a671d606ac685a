"""Derived values reach what leaves the app: the PDF prints a grade computed from its
scores, the analysis exports (XLSX, wide CSV) carry it, and the formats that import reads
back (JSON, long CSV) keep only what was entered."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.demo import demo_records
from desktop_app.exchange import export_records
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.rules.derived import with_derived
from desktop_app.spec import Spec
from desktop_app.store import CaseStore


def graded_demo_case(spec: Spec) -> CaseRecord:
    """The scalp leiomyosarcoma of the reference cases (mitotic count 10, necrosis under
    50 %) graded in the case-level fields of the earlier form, as a case stored then holds
    them, with the differentiation score of a conventional leiomyosarcoma added and no
    grade entered: 2 + 2 + 1 = 5, FNCLCC grade 2."""
    grade = spec.role_field("grade")
    assert grade is not None and grade.derived is not None
    record = next(r for r in demo_records() if r.values.get("case_number") == "DEMO-002")
    record.values.update(mitotic_count="10", necrosis_percent="<50", necrosis_score="1")
    record.values["differentiation_score"] = "2"
    assert grade.id not in record.values
    return record


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_pdf_prints_a_grade_derived_from_its_scores(spec: Spec, tmp_path: Path) -> None:
    record = graded_demo_case(spec)
    before = record.to_json()
    path = tmp_path / "case.pdf"
    render_case_summary(spec, [record], path)
    text = squash("\n".join(p.extract_text() for p in PdfReader(path).pages))
    assert squash("FNCLCC grade: Grade 2") in text
    assert record.to_json() == before  # the record printed is not changed

    record.values.pop("differentiation_score")  # without a score, no grade can be given
    render_case_summary(spec, [record], path)
    text = squash("\n".join(p.extract_text() for p in PdfReader(path).pages))
    assert squash("FNCLCC grade:") not in text


def test_analysis_exports_carry_the_derived_grade(
    sqlite_store: CaseStore, spec: Spec, tmp_path: Path
) -> None:
    record = graded_demo_case(spec)
    sqlite_store.save(record)
    number = record.values["case_number"]
    grade = spec.role_field("grade")
    assert grade is not None

    export_records(sqlite_store, tmp_path / "cases.xlsx", "xlsx")
    book = load_workbook(tmp_path / "cases.xlsx", read_only=True)
    rows = list(book["case"].iter_rows(values_only=True))
    book.close()
    row = dict(zip(rows[0], next(r for r in rows if r[0] == number), strict=False))
    assert row[grade.id] == "2"

    export_records(sqlite_store, tmp_path / "wide", "csv-wide")
    with open(tmp_path / "wide" / "case.csv", encoding="utf-8-sig", newline="") as handle:
        wide = list(csv.DictReader(handle))
    assert next(r for r in wide if r["case"] == number)[grade.id] == "2"

    export_records(sqlite_store, tmp_path / "cases.json", "json")
    data = json.loads((tmp_path / "cases.json").read_text(encoding="utf-8"))
    [case] = [c for c in data["cases"] if c["case_number"] == number]
    assert grade.id not in case["record"]["values"]  # as entered: import recomputes it
    export_records(sqlite_store, tmp_path / "long.csv", "csv-long")
    with open(tmp_path / "long.csv", encoding="utf-8-sig", newline="") as handle:
        assert not [r for r in csv.DictReader(handle) if r["field"] == grade.id]


def test_a_count_below_every_band_gives_no_score_and_saves(
    sqlite_store: CaseStore, spec: Spec
) -> None:
    """A count of "<0" is stored as typed (qualified) but allows no value: no score, no crash
    in the save that keeps the derived values."""
    record = graded_demo_case(spec)
    count = spec.role_field("mitotic_count")
    grade = spec.role_field("grade")
    assert count is not None and grade is not None
    record.values[count.id] = "<0"
    saved = sqlite_store.save(record)
    assert saved.case_id is not None
    assert grade.id not in with_derived(spec, sqlite_store.load(saved.case_id)).values
