"""A time after an event ("2 months after surgery"): kept as reported, and, when the event is
dated, given a derived date that places it on the timeline (rules/relative_dates.py,
report/timeline_relative.py) without ever taking the place of a date the source gives.

Expected dates by hand: 12 March 2019 + 2 months (2 × 30.44 = 61 days) is 12 May 2019,
written at the month: ~2019-05. + 2-3 months (2.5 × 30.44 = 76 days) is 27 May 2019. March
2019 (middle: 15 March) + 1 year (365 days) is 14 March 2020, written at the year: ~2020.
+3 weeks from 12 March 2019 is 2 April 2019, written at the day. An offset event (+3m)
+ 2 months is +5m. The year 2019 alone + 2 months: ~2019.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.paths import forms_dir, resource_path
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.report.timeline import timeline_events
from desktop_app.report.view import CaseView
from desktop_app.rules.derived import derived_beside, disagreements, with_derived
from desktop_app.spec import Spec
from desktop_app.spec.loader import SpecError, load_spec
from desktop_app.store import CaseStore


def case_after(
    surgery: str, time: str, unit: str = "mo", *, visit_date: str = "", index: str = "2019-01-10"
) -> CaseRecord:
    record = CaseRecord(values={"case_number": "REL-1", "index_date": index,
                                "index_date_kind": "diagnosis"})  # fmt: skip
    operation = record.add_entry("treatment", {"modality": "surgery", "start_date": surgery})
    visit = {"status": "ned", "time_after_event": time, "time_after_unit": unit,
             "after_treatment": str(operation.entry_id)}  # fmt: skip
    if visit_date:
        visit["visit_date"] = visit_date
    record.add_entry("followup_visit", visit)
    return record


def derived_visit_date(spec: Spec, record: CaseRecord) -> str:
    return with_derived(spec, record).entries("followup_visit")[-1].values.get("visit_date", "")


@pytest.mark.parametrize(
    ("surgery", "time", "unit", "expected"),
    [
        ("2019-03-12", "2", "mo", "~2019-05"),
        ("2019-03-12", "2-3", "mo", "~2019-05"),
        ("2019-03-12", "~2", "mo", "~2019-05"),
        ("2019-03", "1", "a", "~2020"),
        ("2019-03-12", "3", "wk", "~2019-04-02"),
        ("+3m", "2", "mo", "~+5m"),
        ("2019", "2", "mo", "~2019"),
    ],
)
def test_a_time_after_a_dated_event_gives_an_approximate_date(
    spec: Spec, surgery: str, time: str, unit: str, expected: str
) -> None:
    assert derived_visit_date(spec, case_after(surgery, time, unit)) == expected


@pytest.mark.parametrize(("surgery", "time"), [("", "2"), ("2019-03-12", "<1"), ("2019-03-12", "")])
def test_no_date_is_derived_without_a_dated_event_or_a_time(
    spec: Spec, surgery: str, time: str
) -> None:
    assert derived_visit_date(spec, case_after(surgery, time)) == ""


def test_the_derived_date_is_not_stored_and_the_reported_time_is(
    spec: Spec, sqlite_store: CaseStore
) -> None:
    saved = sqlite_store.save(case_after("2019-03-12", "2"), user="test")
    loaded = sqlite_store.load(saved.case_id or 0)
    visit = loaded.entries("followup_visit")[0].values
    assert "visit_date" not in visit
    assert (visit["time_after_event"], visit["time_after_unit"]) == ("2", "mo")
    assert derived_visit_date(spec, loaded) == "~2019-05"


@pytest.mark.parametrize(
    ("reported", "warned"),
    [("2019-05-20", False), ("2019-04-28", False), ("2019-05", False),
     ("2019-07-30", True), ("2019-04-10", True)],
)  # fmt: skip
def test_a_reported_date_stands_and_is_checked_against_the_time(
    spec: Spec, reported: str, warned: bool
) -> None:
    """2 months stands for 1.5 to 2.5 months: 12 March + 45.7 days (26 April) to + 76.1 days
    (27 May). 20 May, 28 April and May 2019 can be it; 30 July and 10 April cannot."""
    record = case_after("2019-03-12", "2", visit_date=reported)
    fields = spec.group("followup_visit").fields
    values = record.entries("followup_visit")[0].values
    assert derived_visit_date(spec, record) == reported  # never replaced
    assert derived_beside(spec, record, fields, values) == {"visit_date": "~2019-05"}
    assert ("visit_date" in disagreements(spec, record, fields, values)) is warned


def timeline_part(text: str) -> str:
    return text[text.index("Timeline") : text.index("Treatments (")]


def pdf_text(spec: Spec, record: CaseRecord, path: Path, *, identified: bool) -> str:
    render_case_summary(spec, [record], path, identified=identified)
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def test_an_anchored_follow_up_shows_on_the_pdf_timeline_in_its_order(
    spec: Spec, tmp_path: Path
) -> None:
    """Surgery 12 March, an MRI 15 April, the visit 2 months after surgery (about May), a
    dated visit in September: on the timeline in that order, the derived one named as such,
    and the visit's reported time still printed with it."""
    record = case_after("2019-03-12", "2")
    record.add_entry("imaging_study", {"modality": "MRI", "study_date": "2019-04-15"})
    record.add_entry("followup_visit", {"visit_date": "2019-09-20", "status": "awd"})
    events, _unplaced = timeline_events(CaseView(spec, record, identified=True))
    labels = [e.label for e in sorted(events, key=lambda e: e.months)]
    assert labels == ["Diagnosis", "Surgery", "Magnetic resonance imaging",
                      "No evidence of disease, 2 months after surgery",
                      "Alive with disease"]  # fmt: skip
    text = pdf_text(spec, record, tmp_path / "rel.pdf", identified=True)
    drawn = timeline_part(text)
    order = [drawn.index(w) for w in ("Surgery", "Magnetic", "No evidence of disease, 2", "Alive")]
    assert order == sorted(order)
    assert "Derived from a time after a dated event (hollow): No evidence of disease " \
        "≈ 2019-05, 2 months after surgery." in drawn  # fmt: skip
    assert "Time after an event: 2; Time unit: months; Counted from (treatment): Surgery" in text


def test_the_de_identified_timeline_gives_the_distance_not_the_calendar(
    spec: Spec, tmp_path: Path
) -> None:
    """About May 2019 is about 4 months after 10 January 2019 (12 May: 122 days)."""
    drawn = timeline_part(
        pdf_text(spec, case_after("2019-03-12", "2"), tmp_path / "d.pdf", identified=False)
    )
    assert "No evidence of disease ≈ +4 mo, 2 months after surgery." in drawn
    assert "2019" not in drawn


def test_a_follow_up_counted_from_an_undated_event_stays_relative_and_says_so(
    spec: Spec, tmp_path: Path
) -> None:
    record = case_after("2019-03-12", "2")
    chemo = record.add_entry("treatment", {"modality": "chemotherapy"})
    record.add_entry("followup_visit", {"status": "ned", "time_after_event": "11",
                                        "time_after_unit": "mo",
                                        "after_treatment": str(chemo.entry_id)})  # fmt: skip
    assert derived_visit_date(spec, record) == ""
    events, _unplaced = timeline_events(CaseView(spec, record, identified=True))
    assert not any("11 months" in e.label for e in events)
    drawn = timeline_part(pdf_text(spec, record, tmp_path / "u.pdf", identified=True))
    assert "Not placed, counted from an event that has no date: No evidence of disease, " \
        "11 months after chemotherapy." in drawn  # fmt: skip


@pytest.mark.parametrize(
    ("fixture", "said"),
    [
        ("resources/demo/case_4.json", "No evidence of disease, 2 months after the excisional "
         "biopsies of the breast and mediastinal masses."),
        ("tests/published/case_p7.json", "Distant metastasis, 11 months after surgery."),
    ],
)  # fmt: skip
def test_a_case_with_nothing_dated_still_says_what_could_not_be_placed(
    spec: Spec, tmp_path: Path, fixture: str, said: str
) -> None:
    """Demo case 4 and P7 date their follow-up only from undated events and have no index
    date: no timeline is drawn, and the timeline section says why their visits are not on it."""
    root = Path(__file__).parent.parent
    record = CaseRecord.from_json((root / fixture).read_text(encoding="utf-8"))
    text = pdf_text(spec, record, tmp_path / "none.pdf", identified=False)
    assert f"Timeline Not placed, counted from an event that has no date: {said}" in text


def test_a_time_after_an_event_that_names_no_field_is_a_start_up_error(tmp_path: Path) -> None:
    shutil.copytree(forms_dir(), tmp_path / "forms")
    shutil.copytree(resource_path("vocabularies"), tmp_path / "vocabularies")
    path = tmp_path / "forms" / "06_followup.toml"
    text = path.read_text(encoding="utf-8")
    assert '"after_treatment->start_date"' in text
    path.write_text(text.replace('"after_treatment->start_date"', '"after_treatment->begun"'),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path / "forms", tmp_path / "vocabularies")
    assert "'after_treatment->begun', which is not a field it can see" in str(caught.value)
