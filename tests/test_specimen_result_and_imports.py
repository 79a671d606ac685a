"""Issue 17 and 11 follow-ups: a specimen's overall result found by a cohort query, absent
metastatic sites on the Case tab, an older ICD-O code printed with its term, and an import
that takes what a registrar would type ("4-5", "not stated")."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from pypdf import PdfReader

from desktop_app.demo import demo_records
from desktop_app.exchange import import_file
from desktop_app.record import CaseRecord
from desktop_app.report.case_summary import render_case_summary
from desktop_app.rules.values import canonical, display
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.queries import CaseFilter, Condition


def _numbers(store: CaseStore, *conditions: Condition) -> set[str]:
    return {c.case_number for c in store.find_cases(CaseFilter(conditions=conditions))}


def _pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def test_a_cohort_finds_a_negative_specimen(sqlite_store: CaseStore) -> None:
    """'Sentinel node negative': the procedure and the result hold in one specimen."""
    field = sqlite_store.spec.field("specimen", "specimen_result")
    assert field.vocabulary == "overall_result"
    assert canonical(sqlite_store.spec, field, "Negative") == "negative"
    negative = CaseRecord(values={"case_number": "S-NEG"})
    negative.add_entry("specimen", {"specimen_label": "Breast excision", "procedure": "resection",
                                    "specimen_result": "abnormal"})  # fmt: skip
    negative.add_entry("specimen", {"specimen_label": "Neck node aspirate", "procedure": "fna",
                                    "specimen_result": "negative"})  # fmt: skip
    positive = CaseRecord(values={"case_number": "S-POS"})
    positive.add_entry("specimen", {"specimen_label": "Node aspirate", "procedure": "fna",
                                    "specimen_result": "abnormal"})  # fmt: skip
    for record in (negative, positive):
        sqlite_store.save(record, user="registrar")
    result = Condition("specimen", "specimen_result", "=", "negative")
    fna = Condition("specimen", "procedure", "=", "fna")
    resection = Condition("specimen", "procedure", "=", "resection")
    assert _numbers(sqlite_store, result) == {"S-NEG"}
    assert _numbers(sqlite_store, fna, result) == {"S-NEG"}
    assert _numbers(sqlite_store, resection, result) == set()  # not the same entry


def test_the_demo_cases_record_their_negative_specimens(spec: Spec) -> None:
    """Case 3: the cervical smear 'showed no malignant cells'; case 5: the neck lymph node
    aspirate 'showed no tumor cells' (shared/seeds/002 and 004)."""
    results = {
        e.values["specimen_label"]: e.values.get("specimen_result", "")
        for r in demo_records()
        for e in r.entries("specimen")
    }
    assert results["Cervical smear"] == "negative"
    assert results["Neck lymph node aspirate"] == "negative"


def test_metastatic_sites_can_be_absent_and_are_found_so(
    spec: Spec, sqlite_store: CaseStore, tmp_path: Path
) -> None:
    sites = spec.field("", "metastatic_sites")
    value = canonical(spec, sites, "lung; no liver; bone absent")
    assert value == "lung|!liver|!bone"
    assert display(spec, sites, value) == "Lung; no metastases in liver or bone"
    assert canonical(spec, sites, "lung; breast") == "lung|breast"  # present as before
    sqlite_store.save(CaseRecord(values={"case_number": "M-1", "metastatic_sites": value}))
    sqlite_store.save(CaseRecord(values={"case_number": "M-2", "metastatic_sites": "liver"}))
    assert _numbers(sqlite_store, Condition("", "metastatic_sites", "=", "!liver")) == {"M-1"}
    assert _numbers(sqlite_store, Condition("", "metastatic_sites", "=", "liver")) == {"M-2"}
    path = tmp_path / "m1.pdf"
    record = sqlite_store.load(sqlite_store.find("M-1") or 0)
    render_case_summary(spec, [record], path)
    assert "no metastases in liver" in _pdf_text(path)


def test_an_older_icdo_code_prints_with_its_term_and_edition(spec: Spec, tmp_path: Path) -> None:
    diagnosis = spec.field("", "diagnosis")
    said = "8680/1 — Paraganglioma, NOS (ICD-O-3 (2000))"
    assert display(spec, diagnosis, "8680/1") == said
    assert display(spec, diagnosis, "8680/3") == "8680/3 — Paraganglioma, NOS"  # current
    path = tmp_path / "old.pdf"
    render_case_summary(spec, [CaseRecord(values={"case_number": "OLD-1", "diagnosis": "8680/1"})],
                        path)  # fmt: skip
    assert said in _pdf_text(path)


def _export(cases: list[dict[str, object]]) -> str:
    return json.dumps({"format": "case-abstractor-export", "format_version": 1, "cases": cases})


def test_json_import_takes_a_typed_range_and_not_stated(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    record = {
        "status": "draft", "next_entry_id": 2,
        "values": {"case_number": "IMP-1", "age_at_presentation": "not stated",
                   "index_date": "unknown", "metastatic_sites": "lung; no liver"},
        "groups": {"imaging_study": [{"entry_id": 1, "values": {"modality": "US",
                                                                "birads": "4-5"}}]},
    }  # fmt: skip
    path = tmp_path / "typed.json"
    path.write_text(_export([{"case_number": "IMP-1", "status": "draft", "record": record}]),
                    encoding="utf-8")  # fmt: skip
    assert import_file(sqlite_store, path) == ["IMP-1"]
    stored = sqlite_store.load(sqlite_store.find("IMP-1") or 0)
    assert stored.values["age_at_presentation"] == "?not_stated"
    assert stored.values["index_date"] == "?unknown"
    assert stored.values["metastatic_sites"] == "lung|!liver"
    assert stored.entries("imaging_study")[0].values["birads"] == "4..5"
    birads = Condition("imaging_study", "birads", "=", "5")
    assert _numbers(sqlite_store, birads) == {"IMP-1"}  # found by either end


def test_csv_import_takes_a_typed_range_and_not_stated(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    path = tmp_path / "typed.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "group", "entry", "field", "value"])
        writer.writerow(["IMP-2", "", "", "age_at_presentation", "Not stated"])
        writer.writerow(["IMP-2", "imaging_study", "1", "modality", "MG"])
        writer.writerow(["IMP-2", "imaging_study", "1", "birads", "4 to 5"])
    assert import_file(sqlite_store, path, "csv-long") == ["IMP-2"]
    stored = sqlite_store.load(sqlite_store.find("IMP-2") or 0)
    assert stored.values["age_at_presentation"] == "?not_stated"
    assert stored.entries("imaging_study")[0].values["birads"] == "4..5"
