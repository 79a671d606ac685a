"""Odd inputs to a date derived from a time after an event (rules/relative_dates.py): what a
registrar can type or a source can say. None of them may crash the form, the PDF or an
export, give a date the source does not support, or let a calendar date out of a
de-identified file.

Expected values by hand: "before 2019" is no day; 2 months after it can be any time up to
about March 2019, so no "about" date is derived and no reported date is contradicted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.exchange import export_records
from desktop_app.report import render_case_summary
from desktop_app.rules.derived import derived_beside, disagreements
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from tests.test_exchange_deidentify import exported_text
from tests.test_relative_dates import case_after, derived_visit_date


@pytest.mark.parametrize(
    ("surgery", "time", "unit"),
    [
        ("2019-03-12", "99999", "a"),  # typed a digit too many times: no field maximum
        ("2019-03-12", "999999", "wk"),
        ("9999-12-20", "2", "mo"),
        ("2019-02-30", "2", "mo"),  # no such day
        ("2019-03-12", "-2", "mo"),
        ("2019-03-12", "3-2", "mo"),  # a range the wrong way round
        ("2019-03-12", "2", ""),  # unit missing
        ("2019-03-12", "2", "fortnight"),  # not a unit of the vocabulary
    ],
)
def test_an_impossible_or_incomplete_time_derives_nothing_and_does_not_crash(
    spec: Spec, tmp_path: Path, surgery: str, time: str, unit: str
) -> None:
    record = case_after(surgery, time, unit)
    fields = spec.group("followup_visit").fields
    values = record.entries("followup_visit")[0].values
    assert derived_visit_date(spec, record) == ""
    assert derived_beside(spec, record, fields, values) == {}
    render_case_summary(spec, [record], tmp_path / "odd.pdf", identified=True)
    assert PdfReader(tmp_path / "odd.pdf").pages


@pytest.mark.parametrize("bound", ["<2019", ">2019-03", "<2019-03-12"])
def test_an_event_dated_only_as_before_or_after_gives_no_about_date(spec: Spec, bound: str) -> None:
    """ "Surgery before 2019", 2 months after: the visit can be in 2016 as well as in
    February 2019; "~2019" would say more than the source does."""
    assert derived_visit_date(spec, case_after(bound, "2")) == ""


def test_a_reported_date_is_not_contradicted_by_an_event_dated_before_a_year(
    spec: Spec,
) -> None:
    record = case_after("<2019", "2", visit_date="2016-05-20")
    fields = spec.group("followup_visit").fields
    values = record.entries("followup_visit")[0].values
    assert disagreements(spec, record, fields, values) == {}


@pytest.mark.parametrize("fmt", ["csv-wide", "xlsx", "json", "csv-long", "redcap", "odm"])
def test_a_de_identified_export_carries_no_calendar_year_of_a_derived_date(
    spec: Spec, sqlite_store: CaseStore, tmp_path: Path, fmt: str
) -> None:
    """Surgery 12 March 2019, index date 10 January 2019, the visit 2 months after: the
    analysis formats carry the derived visit date (~2019-05), de-identified like every date;
    the others carry the surgery's date, de-identified too."""
    sqlite_store.save(case_after("2019-03-12", "2"), user="test")
    target = tmp_path / ("wide" if fmt == "csv-wide" else f"cases.{fmt}")
    assert export_records(sqlite_store, target, fmt, deidentify=True) == 1
    files = sorted(target.iterdir()) if target.is_dir() else [target]
    text = ""
    for path in files:
        if fmt == "xlsx":
            text += "\n".join(exported_text(path))
        else:
            text += path.read_text(encoding="utf-8-sig")
    assert re.findall(r"20(19|20)-\d\d", text) == []


def test_a_reported_date_the_same_as_the_derived_one_is_not_called_derived(
    spec: Spec, tmp_path: Path
) -> None:
    """The registrar worked the date out and entered it ("~2019-05", as the old help asked):
    it is the source's date as abstracted, so the timeline's note does not say it was
    derived."""
    record = case_after("2019-03-12", "2", visit_date="~2019-05")
    render_case_summary(spec, [record], tmp_path / "same.pdf", identified=True)
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "same.pdf").pages)
    text = re.sub(r"\s+", " ", text)
    assert "No evidence of disease" in text
    assert "Derived from a time after a dated event" not in text


def test_the_derived_date_beside_a_reported_one_is_relative_in_a_de_identified_pdf(
    spec: Spec, tmp_path: Path
) -> None:
    """Visit reported 20 May 2019, 2 months after surgery on 12 March 2019, index date
    10 January 2019: de-identified, both print as distances ("+4 mo"), never "May 2019"."""
    record = case_after("2019-03-12", "2", visit_date="2019-05-20")
    render_case_summary(spec, [record], tmp_path / "beside.pdf", identified=False)
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "beside.pdf").pages)
    text = re.sub(r"\s+", " ", text)
    assert "+4 mo" in text
    assert re.findall(r"(?:May|March) 2019|2019-0\d", text) == []
