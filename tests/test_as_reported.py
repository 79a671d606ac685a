"""Issue 11, section 2: a case entered as its report gives it. "Not stated" is an answer,
a range of categories is kept as a range, a reported value is never replaced by a derived
one, a date of death outranks any visit, and a grade keeps its system."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.exchange import export_records, import_file
from desktop_app.paths import forms_dir, resource_path
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.rules import derived
from desktop_app.rules.as_reported import NOT_STATED, UNKNOWN
from desktop_app.rules.completeness import completeness
from desktop_app.rules.validation import check_record
from desktop_app.rules.values import ValueRefused, canonical, display
from desktop_app.spec import Spec
from desktop_app.spec.loader import SpecError, load_spec
from desktop_app.store import CaseStore
from desktop_app.store.duplicates import find_duplicates
from desktop_app.store.queries import CaseFilter, Condition


def pdf_text(spec: Spec, record: CaseRecord, path: Path) -> str:
    render_case_summary(spec, [record], path)
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))


# --- not stated / unknown ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "field_id", "typed", "stored", "shown"),
    [
        ("", "age_at_presentation", "ns", NOT_STATED, "Not stated"),  # an integer
        ("", "index_date", "not stated", NOT_STATED, "Not stated"),  # a date
        ("", "sex", "n/s", NOT_STATED, "Not stated"),  # a choice
        ("", "sex", "unknown", "unknown", "Unknown"),  # ... whose own term "unknown" stands
        ("", "metastatic_sites", "unk", UNKNOWN, "Unknown"),  # a multichoice
        ("", "consent_documented", "ns", NOT_STATED, "Not stated"),  # a boolean
        ("specimen", "lesion", "Not Stated", NOT_STATED, "Not stated"),  # a reference
        ("imaging_study", "swe_emax_kpa", "unk", UNKNOWN, "Unknown"),  # a derived decimal
        ("", "title", NOT_STATED, NOT_STATED, "Not stated"),  # free text takes the token ...
        ("", "title", "not stated", "not stated", "not stated"),  # ... and keeps words as words
    ],
)
def test_not_stated_and_unknown_are_typed_in_every_field_type(
    spec: Spec, group: str, field_id: str, typed: str, stored: str, shown: str
) -> None:
    field = spec.field(group, field_id)
    assert canonical(spec, field, typed) == stored
    assert canonical(spec, field, stored) == stored  # canonical: validation accepts it
    assert display(spec, field, stored) == shown


def test_a_case_answered_not_stated_everywhere_is_valid_counted_and_prints(
    spec: Spec, tmp_path: Path
) -> None:
    """Every field of every type holds "not stated": no error, no crash in the rules or the
    PDF, and every required field counts as answered."""
    record = CaseRecord(values={f.id: NOT_STATED for f in spec.case_fields})
    for group in spec.groups:
        record.add_entry(group.id, {f.id: NOT_STATED for f in group.fields})
    assert [p for p in check_record(spec, record) if p.severity == "error"] == []
    found = completeness(spec, record)
    assert found.required_total > 0 and found.required_filled == found.required_total
    filled = derived.with_derived(spec, record)
    assert filled.items() == record.items()  # no rule takes "not stated" as an input
    assert "Not stated" in pdf_text(spec, record, tmp_path / "case.pdf")


def test_completeness_counts_not_stated_as_answered_and_empty_as_missing(spec: Spec) -> None:
    required = [f for f in spec.case_fields if f.required and f.show_if is None]
    assert required
    empty = completeness(spec, CaseRecord())
    answered = completeness(spec, CaseRecord(values={required[0].id: NOT_STATED}))
    assert answered.required_filled == empty.required_filled + 1
    assert answered.required_total == empty.required_total


def test_not_stated_round_trips_the_json_export(
    sqlite_store: CaseStore, tmp_path: Path, spec: Spec
) -> None:
    original = CaseRecord(values={"case_number": "NS-1", "age_at_presentation": NOT_STATED,
                                  "sex": UNKNOWN, "index_date": NOT_STATED})  # fmt: skip
    original.add_entry("imaging_study", {"modality": "US", "birads": "4..5"})
    original.add_entry("followup_visit", {"status": NOT_STATED})
    sqlite_store.save(original)
    assert sqlite_store.list_cases()[0].sex == "Unknown"  # the case list reads words
    path = tmp_path / "cases.json"
    export_records(sqlite_store, path, "json")
    target = CaseStore.open(tmp_path / "target.sqlite", spec)
    try:
        assert import_file(target, path)
        copy = target.load(target.find("NS-1") or 0)
    finally:
        target.close()
    assert copy.values["age_at_presentation"] == NOT_STATED and copy.values["sex"] == UNKNOWN
    assert copy.entries("imaging_study")[0].values["birads"] == "4..5"
    assert copy.entries("followup_visit")[0].values == {"status": NOT_STATED}


# --- ranges of categories ------------------------------------------------------------------


def test_a_birads_range_is_stored_found_on_either_end_and_printed(
    store: CaseStore, spec: Spec, tmp_path: Path
) -> None:
    birads = spec.field("imaging_study", "birads")
    assert canonical(spec, birads, "4-5") == "4..5"
    assert canonical(spec, birads, "5 to 4") == "4..5"  # lower end first
    assert canonical(spec, birads, "4A–4B") == "4A..4B"
    with pytest.raises(ValueRefused):
        canonical(spec, birads, "4-7")
    ranged = CaseRecord(values={"case_number": "R-45"})
    ranged.add_entry("imaging_study", {"modality": "MG", "birads": "4..5"})
    store.save(ranged)
    single = CaseRecord(values={"case_number": "R-3"})
    single.add_entry("imaging_study", {"modality": "MG", "birads": "3"})
    store.save(single)

    def found(code: str) -> list[str]:
        condition = Condition("imaging_study", "birads", "=", code)
        return [c.case_number for c in store.find_cases(CaseFilter(conditions=(condition,)))]

    assert found("4") == ["R-45"] and found("5") == ["R-45"]
    assert found("3") == ["R-3"] and found("6") == []
    assert "4–5" in pdf_text(spec, ranged, tmp_path / "range.pdf")


# --- reported beats derived ----------------------------------------------------------------


def swe_case(kpa: str) -> CaseRecord:
    record = CaseRecord(values={"case_number": "SWE"})
    record.add_entry("imaging_study", {"modality": "US", "techniques": "swe",
                                       "swe_vmax_ms": "4.22", "swe_emax_kpa": kpa})  # fmt: skip
    return record


def test_a_reported_stiffness_is_kept_beside_the_derived_one(spec: Spec, tmp_path: Path) -> None:
    record = swe_case("54")
    fields = spec.group("imaging_study").fields
    values = record.entries("imaging_study")[0].values
    filled = derived.with_derived(spec, record)
    assert filled.entries("imaging_study")[0].values["swe_emax_kpa"] == "54"  # not 53.4
    assert derived.derived_beside(spec, record, fields, values)["swe_emax_kpa"] == "53.4"
    assert derived.disagreements(spec, record, fields, values) == {}  # within rounding
    assert "54 kPa (derived: 53.4 kPa)" in pdf_text(spec, record, tmp_path / "swe.pdf")


def test_a_reported_stiffness_beyond_rounding_is_a_warning(spec: Spec) -> None:
    record = swe_case("80")
    values = record.entries("imaging_study")[0].values
    found = derived.disagreements(spec, record, spec.group("imaging_study").fields, values)
    assert found["swe_emax_kpa"] == "entered as 80, but its inputs give 53.4"
    warned = [(p.severity, p.field) for p in check_record(spec, record)]
    assert ("warning", "swe_emax_kpa") in warned
    assert ("warning", "swe_emax_kpa") not in [
        (p.severity, p.field) for p in check_record(spec, swe_case("54"))
    ]


# --- vital status and the course -----------------------------------------------------------


def test_a_date_of_death_outranks_an_earlier_visit_and_an_undated_one(spec: Spec) -> None:
    record = CaseRecord(values={"index_date": "2015-01-10", "date_of_death": "2016-03-02"})
    record.add_entry("followup_visit", {"visit_date": "2015-09", "status": "ned"})
    filled = derived.with_derived(spec, record).values
    assert filled["current_status"] == "died" and filled["vital_status"] == "dead"
    record.add_entry("followup_visit", {"status": "awd"})  # undated, entered last
    filled = derived.with_derived(spec, record).values
    assert filled["current_status"] == "died" and filled["vital_status"] == "dead"
    # Without a date of death the dated visit still outranks the undated one entered last,
    # and a dated death recorded at a visit stands.
    record.values.pop("date_of_death")
    assert derived.with_derived(spec, record).values["current_status"] == "ned"
    record.add_entry("followup_visit", {"visit_date": "2016-03", "status": "dod"})
    assert derived.with_derived(spec, record).values["current_status"] == "dod"


def test_the_last_contact_is_the_latest_of_visits_last_contact_and_death(spec: Spec) -> None:
    record = CaseRecord(values={"index_date": "2015-01-01", "last_contact_date": "2016-01-01"})
    record.add_entry("followup_visit", {"visit_date": "2015-07-01", "status": "ned"})
    assert derived.with_derived(spec, record).values["months_to_last_contact"] == "12"
    record.values["date_of_death"] = "2017-01-01"
    assert derived.with_derived(spec, record).values["months_to_last_contact"] == "24"


def test_alive_at_the_time_of_the_report_needs_no_date_or_status(spec: Spec) -> None:
    record = CaseRecord(values={"vital_status": "alive", "vital_status_when": "at_report"})
    record.add_entry("followup_visit", {"note": "alive at the time of the report"})
    problems = [p for p in check_record(spec, record) if p.group == "followup_visit"]
    assert problems == []
    assert derived.with_derived(spec, record).values["vital_status"] == "alive"


# --- grade with its system -----------------------------------------------------------------


def test_nottingham_three_three_two_is_grade_three(spec: Spec) -> None:
    record = CaseRecord()
    record.add_entry("specimen", {"specimen_label": "core", "grading_system": "nottingham",
                                  "nottingham_tubules": "3", "nottingham_pleomorphism": "3",
                                  "nottingham_mitoses": "2"})  # fmt: skip
    record.add_entry("specimen", {"specimen_label": "excision", "grading_system": "nottingham",
                                  "nottingham_tubules": "2", "nottingham_pleomorphism": "2",
                                  "nottingham_mitoses": "1"})  # fmt: skip
    grades = [e.values["nottingham_grade"] for e in derived.with_derived(spec, record).entries(
        "specimen")]  # fmt: skip
    assert grades == ["3", "1"]  # 8 → grade 3; 5 → grade 1: each specimen its own grade


def test_a_grade_as_reported_prints_as_typed(spec: Spec, tmp_path: Path) -> None:
    record = CaseRecord(values={"case_number": "ANGIO"})
    record.add_entry("specimen", {"specimen_label": "excision", "grading_system": "as_reported",
                                  "grade_as_reported": "grade III"})  # fmt: skip
    text = pdf_text(spec, record, tmp_path / "grade.pdf")
    assert "Grade as reported: grade III" in text
    assert "WHO grade III" not in text


def test_a_negative_mitotic_count_is_refused_with_a_message_and_crashes_nothing(
    spec: Spec,
) -> None:
    for group, field_id in (("", "mitotic_count"), ("specimen", "grade_mitotic_count")):
        with pytest.raises(ValueRefused, match="cannot be negative"):
            canonical(spec, spec.field(group, field_id), "-3")
    assert derived.fnclcc_mitotic_score(["-3"], ()) is None  # stored by an old import
    record = CaseRecord(values={"mitotic_count": "-3", "differentiation_score": "2"})
    assert "mitotic_score" not in derived.with_derived(spec, record).values


# --- typed once: an entry inherits the case's site and laterality --------------------------


def test_a_lesion_inherits_the_case_site_for_the_pdf_exports_and_cohorts(
    store: CaseStore, spec: Spec
) -> None:
    record = CaseRecord(values={"case_number": "INH", "primary_site": "C50.4",
                                "laterality": "left"})  # fmt: skip
    record.add_entry("lesion", {"lesion_label": "L1"})
    record.add_entry("lesion", {"lesion_label": "L2", "laterality": "right"})
    filled = derived.with_derived(spec, record).entries("lesion")
    assert [(e.values["lesion_site"], e.values["laterality"]) for e in filled] == [
        ("C50.4", "left"), ("C50.4", "right")]  # fmt: skip
    store.save(record)
    stored = store.load(store.find("INH") or 0).entries("lesion")
    assert "lesion_site" not in stored[0].values  # inherited, not stored as entered
    condition = Condition("lesion", "lesion_site", "=", "C50.4")
    assert [c.case_number for c in store.find_cases(CaseFilter(conditions=(condition,)))] == [
        "INH"]  # fmt: skip


def problems_after(tmp_path: Path, file: str, old: str, new: str) -> str:
    shutil.copytree(forms_dir(), tmp_path / "forms")
    shutil.copytree(resource_path("vocabularies"), tmp_path / "vocabularies")
    path = tmp_path / "forms" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path / "forms", tmp_path / "vocabularies")
    return str(caught.value)


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        ("03_imaging.toml", 'role = "birads"\nrange = true', 'role = "birads"\nrange = "yes"',
         "has range, which only a choice field may have"),
        ("01_case.toml", 'inherit = "primary_site"', 'inherit = "primary_sight"',
         "inherits 'primary_sight', which is no case field of its type"),
        ("01_case.toml", 'inherit = "primary_site"', 'inherit = "laterality"',
         "inherits 'laterality', which is no case field of its type"),
    ],
)  # fmt: skip
def test_the_loader_checks_range_and_inherit(
    tmp_path: Path, file: str, old: str, new: str, words: str
) -> None:
    message = problems_after(tmp_path, file, old, new)
    assert f"{file}, line" in message and words in message


def test_not_stated_identifies_no_one_in_the_duplicate_check(sqlite_store: CaseStore) -> None:
    unknown = {"date_of_birth": NOT_STATED, "sex": NOT_STATED, "diagnosis": NOT_STATED}
    sqlite_store.save(CaseRecord(values={"case_number": "A", **unknown}))
    again = CaseRecord(values={"case_number": "B", **unknown})
    assert find_duplicates(sqlite_store.engine, sqlite_store.spec, again) == []
    known = {"date_of_birth": "1960-02-03", "sex": "female", "diagnosis": "8890/3"}
    sqlite_store.save(CaseRecord(values={"case_number": "C", **known}))
    same = CaseRecord(values={"case_number": "D", **known})
    assert [d.case_number for d in find_duplicates(sqlite_store.engine, sqlite_store.spec,
                                                   same)] == ["C"]  # fmt: skip
