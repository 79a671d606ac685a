"""One of a unit ("1 month after surgery") reads its vocabulary's `singular` (time_unit in
resources/vocabularies/general.toml), not its label cut of an "s". A vocabulary whose
singular is not its label less an "s" (French "mois", German "Monate" / "Monat") is built
here, and the note under the PDF's timeline reads the singular it names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.paths import forms_dir, resource_path
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.report.prose import symptom_phrases
from desktop_app.report.timeline_relative import relative_notes
from desktop_app.report.view import CaseView
from desktop_app.spec import Spec
from desktop_app.spec.loader import SpecError, load_spec

SHIPPED_MONTHS = '{ code = "mo", label = "months", singular = "month" }'


def spec_with_months(tmp_path: Path, months: str) -> Spec:
    """The shipped specification, with the time unit "mo" written as `months`."""
    shutil.copytree(forms_dir(), tmp_path / "forms")
    shutil.copytree(resource_path("vocabularies"), tmp_path / "vocabularies")
    path = tmp_path / "vocabularies" / "general.toml"
    text = path.read_text(encoding="utf-8")
    assert SHIPPED_MONTHS in text
    path.write_text(text.replace(SHIPPED_MONTHS, months), encoding="utf-8")
    return load_spec(tmp_path / "forms", tmp_path / "vocabularies")


def visit_after_surgery(time: str, unit: str = "mo") -> CaseRecord:
    """Surgery on 12 March 2019; a visit `time` `unit` after it (no date of its own)."""
    record = CaseRecord(values={"case_number": "ONE-1", "index_date": "2019-01-10",
                                "index_date_kind": "diagnosis"})  # fmt: skip
    surgery = record.add_entry("treatment", {"modality": "surgery", "start_date": "2019-03-12"})
    record.add_entry("followup_visit", {"status": "ned", "time_after_event": time,
                                        "time_after_unit": unit,
                                        "after_treatment": str(surgery.entry_id)})  # fmt: skip
    return record


def note(spec: Spec, record: CaseRecord) -> str:
    notes = relative_notes(CaseView(spec, record, identified=True))
    assert len(notes) == 1
    return notes[0]


@pytest.mark.parametrize(
    ("months", "one", "two"),
    [
        ('{ code = "mo", label = "mois", singular = "mois" }', "1 mois", "2 mois"),
        ('{ code = "mo", label = "Monate", singular = "Monat" }', "1 Monat", "2 Monate"),
    ],
)
def test_one_of_a_unit_reads_the_singular_its_vocabulary_gives(
    tmp_path: Path, months: str, one: str, two: str
) -> None:
    spec = spec_with_months(tmp_path, months)
    assert f" {one} after surgery." in note(spec, visit_after_surgery("1"))
    assert f" {two} after surgery." in note(spec, visit_after_surgery("2"))


def test_the_pdf_prints_the_singular(tmp_path: Path) -> None:
    spec = spec_with_months(tmp_path, '{ code = "mo", label = "mois", singular = "mois" }')
    pdf = tmp_path / "one.pdf"
    render_case_summary(spec, [visit_after_surgery("1")], pdf, identified=True)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert "Derived from a time after a dated event (hollow): No evidence of disease " \
        "≈ 2019-04, 1 mois after surgery." in text  # fmt: skip


def test_without_a_singular_the_label_stands(tmp_path: Path) -> None:
    spec = spec_with_months(tmp_path, '{ code = "mo", label = "months" }')
    assert " 1 months after surgery." in note(spec, visit_after_surgery("1"))


def test_the_shipped_time_units_count_one_in_the_singular(spec: Spec) -> None:
    assert " 1 month after surgery." in note(spec, visit_after_surgery("1"))
    assert " 1 year after surgery." in note(spec, visit_after_surgery("1", "a"))
    assert " 3 weeks after surgery." in note(spec, visit_after_surgery("3", "wk"))


@pytest.mark.parametrize("written", ['singular = ""', "singular = 1", "singular = []"])
def test_a_singular_that_is_not_a_word_is_a_start_up_error(tmp_path: Path, written: str) -> None:
    with pytest.raises(SpecError) as caught:
        spec_with_months(tmp_path, '{ code = "mo", label = "months", ' + written + " }")
    assert "vocabulary 'time_unit' term 'mo' has a singular that is not a word" in str(caught.value)


def test_the_history_sentence_reads_the_singular(tmp_path: Path) -> None:
    """The sentence "a 6-month history of …" names the unit by its vocabulary's singular
    (was: the label less an "s", which made "a 6-monate history" of German "Monate")."""
    spec = spec_with_months(tmp_path, '{ code = "mo", label = "Monate", singular = "Monat" }')
    record = CaseRecord(values={"case_number": "ONE-2"})
    record.add_entry("symptom", {"symptom": "Breast lump", "duration": "6",
                                 "duration_unit": "mo"})  # fmt: skip
    assert symptom_phrases(CaseView(spec, record, identified=True)) == [
        "a 6-monat history of breast lump"
    ]
