"""A follow-up dated only as "2 months after surgery" counts for the course of the case, and
the PDF says its date was derived (issue 11, section 2: reported beats derived).

The case by hand: index date 10 January 2019, surgery 12 March 2019. A visit "2 months after
surgery" gets the derived date ~2019-05 (12 March + 61 days = 12 May, written at the month),
which rules.derived places at the middle of May (15 May): 10 January → 15 May is
21 + 28 + 31 + 30 + 15 = 125 days = 125 / 30.4375 = 4.1 months, approximate: "~4.1".
An earlier reported visit on 20 February 2019 is 41 days = 1.3 months.

A reported date wins over a derived one it may equal: ~2019-05 stands for 1–31 May, so a
reported 10 May 2019 (120 days = 3.9 months) stays the last contact even though the middle
of May is later; a reported 28 April 2019 is before all of May, so the derived visit is the
last contact.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.rules.derived import derive_scope, with_derived
from desktop_app.spec import Spec


def course_case(reported: str, *, surgery: str = "2019-03-12") -> CaseRecord:
    """A reported visit (alive with disease) and a later one dated only as 2 months after
    the surgery (no evidence of disease)."""
    record = CaseRecord(values={"case_number": "DER-1", "index_date": "2019-01-10",
                                "index_date_kind": "diagnosis"})  # fmt: skip
    operation = record.add_entry("treatment", {"modality": "surgery", "start_date": surgery})
    record.add_entry("followup_visit", {"visit_date": reported, "status": "awd"})
    record.add_entry("followup_visit", {"status": "ned", "time_after_event": "2",
                                        "time_after_unit": "mo",
                                        "after_treatment": str(operation.entry_id)})  # fmt: skip
    return record


def course(spec: Spec, record: CaseRecord) -> tuple[str, str]:
    values = with_derived(spec, record).values
    return values.get("months_to_last_contact", ""), values.get("current_status", "")


def pdf_text(spec: Spec, record: CaseRecord, path: Path, *, identified: bool) -> str:
    render_case_summary(spec, [record], path, identified=identified)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", "", text)


def test_a_derived_later_visit_is_the_last_contact(spec: Spec) -> None:
    assert course(spec, course_case("2019-02-20")) == ("~4.1", "ned")


def test_without_a_dated_event_the_reported_visit_stays_the_last(spec: Spec) -> None:
    """The surgery undated: no date can be derived, and the undated visit never outranks
    the dated one (20 February: 1.3 months, alive with disease)."""
    assert course(spec, course_case("2019-02-20", surgery="")) == ("1.3", "awd")


@pytest.mark.parametrize(
    ("reported", "expected"),
    [("2019-05-10", ("3.9", "awd")),  # within May: the reported date wins
     ("2019-05-20", ("4.3", "awd")),  # 130 days
     ("2019-05", ("~4.1", "awd")),  # the same month at the same precision: reported
     ("2019-04-28", ("~4.1", "ned"))],  # before all of May: the derived visit is later
)  # fmt: skip
def test_a_reported_date_wins_over_a_derived_one_it_may_equal(
    spec: Spec, reported: str, expected: tuple[str, str]
) -> None:
    assert course(spec, course_case(reported)) == expected


def test_an_entered_date_on_the_relative_visit_is_used_as_reported(spec: Spec) -> None:
    """The source's own date for the visit stands: 1 June 2019 is 142 days = 4.7 months."""
    record = course_case("2019-02-20")
    record.entries("followup_visit")[1].values["visit_date"] = "2019-06-01"
    assert course(spec, record) == ("4.7", "ned")


def test_an_undated_visit_never_outranks_the_derived_one(spec: Spec) -> None:
    record = course_case("2019-02-20")
    record.add_entry("followup_visit", {"status": "awd"})  # "alive at the time of the report"
    assert course(spec, record) == ("~4.1", "ned")


def test_the_case_form_sees_the_derived_visit_date_too(spec: Spec) -> None:
    """What the case's fields show while editing (derive_scope on the record as entered)."""
    record = course_case("2019-02-20")
    found = derive_scope(spec, record, spec.case_fields, record.values)
    assert (found["months_to_last_contact"], found["current_status"]) == ("~4.1", "ned")


def test_the_pdf_marks_the_derived_visit_date(spec: Spec, tmp_path: Path) -> None:
    record = course_case("2019-02-20")
    identified = pdf_text(spec, record, tmp_path / "identified.pdf", identified=True)
    assert "20February2019" in identified  # the reported date, unmarked
    assert "20February2019(derived)" not in identified
    assert "aboutMay2019(derived)" in identified
    deidentified = pdf_text(spec, record, tmp_path / "deid.pdf", identified=False)
    assert "+4mo(derived)" in deidentified  # 4.1 months from the index date
    assert "May2019" not in deidentified


def test_a_reported_visit_date_prints_its_derived_date_beside_it(
    spec: Spec, tmp_path: Path
) -> None:
    record = course_case("2019-02-20")
    record.entries("followup_visit")[1].values["visit_date"] = "2019-05-20"
    identified = pdf_text(spec, record, tmp_path / "identified.pdf", identified=True)
    assert "20May2019(derived:aboutMay2019)" in identified
    deidentified = pdf_text(spec, record, tmp_path / "deid.pdf", identified=False)
    assert "May2019" not in deidentified
    assert "+4mo(derived:about+4mo)" in deidentified
