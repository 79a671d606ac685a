"""The case-summary PDF, read back with pypdf: what is filled prints, what is not does not."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.report.content import CaseView
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.values import display
from desktop_app.spec import Spec, default_spec

AWKWARD = "Margin <b>& 2 µm ± 0.5 µm, ≥ 3 mitoses/10 HPF; is re-excision needed?"
PATIENT_NAME = "Jeanne Dupont-Ørsted"
MRN = "MRN-99812-Q"
HIDDEN_RESISTANCE_INDEX = "0.87"  # stored, but hidden: that study has no Doppler


@pytest.fixture(scope="module")
def spec() -> Spec:
    return default_spec()


def filled_record(number: str = "CR-2024-017") -> CaseRecord:
    """A case with a value of every field type, entries in several groups, a ref and phi."""
    record = CaseRecord(status="complete")
    record.values.update(
        {
            "case_number": number,
            "title": "Malignant glomus tumour of the breast",
            "source": "published",
            "citation": "Lefèvre A, Núñez B. A glomus tumour of the breast. J Rare Tumours. 2016.",
            "institution": "Hôpital Saint-Éloi",
            "index_date": "2015-05-10",
            "index_date_kind": "presentation",
            "primary_site": "C50.9",
            "diagnosis": "8711/3",
            "board_question": AWKWARD,
            "consent_documented": "true",
            "patient_name": PATIENT_NAME,
            "medical_record_number": MRN,
            "date_of_birth": "1958-03-02",
            "age_at_presentation": "57",
            "sex": "female",
            "presenting_complaint": "A painless lump in the right breast.",
            "ki67_percent": "12.5",
        }
    )
    record.add_entry("symptom", {"symptom": "Breast lump", "duration": "6", "duration_unit": "mo"})
    record.add_entry(
        "imaging_study",
        {"study_date": "+0d", "modality": "US", "techniques": "bmode|doppler", "size_mm": "23",
         "birads": "4C", "resistance_index": "0.74", "findings": "Hypoechoic, vascular mass."},
    )  # fmt: skip
    record.add_entry(
        "imaging_study",
        {"study_date": "+6m", "modality": "CT", "size_mm": "31.5",
         "resistance_index": HIDDEN_RESISTANCE_INDEX},
    )  # fmt: skip
    core = record.add_entry(
        "specimen",
        {"specimen_label": "S1 core", "specimen_date": "2015-05", "procedure": "core",
         "specimen_diagnosis": "8711/3", "description": "Nests of round cells around vessels."},
    )  # fmt: skip
    record.add_entry(
        "ihc_result",
        {"specimen": str(core.entry_id), "marker": "SMA", "result": "positive", "percent": "90"},
    )
    record.add_entry(
        "ihc_result", {"specimen": str(core.entry_id), "marker": "DES", "result": "negative"}
    )
    record.add_entry(
        "treatment",
        {"modality": "surgery", "intent": "curative", "start_date": "2015-06",
         "procedure": "Wide local excision", "refused": "false"},
    )  # fmt: skip
    return record


def render(spec: Spec, records: list[CaseRecord], path: Path, **options: object) -> list[str]:
    """Render to `path` and return the text of each page."""
    render_case_summary(spec, records, path, **options)  # type: ignore[arg-type]
    return [page.extract_text() for page in PdfReader(path).pages]


def squash(text: str) -> str:
    """Text without white space: a value wrapped over lines of a cell still matches."""
    return re.sub(r"\s+", "", text)


def expected_values(spec: Spec, record: CaseRecord) -> list[str]:
    """Every value that should print, in its displayed form (units of group columns sit in
    the column's header, so numbers in group tables print bare)."""
    view = CaseView(spec, record, include_phi=True)
    found: list[str] = []
    for f in spec.case_fields:
        value = record.values.get(f.id, "")
        if value and is_shown(f, record.values, record.values):
            labels = view.entry_labels(f.ref) if f.type == "ref" else None
            found.append(display(spec, f, value, labels))
    for group in spec.groups:
        for entry in record.groups.get(group.id, []):
            for f in group.fields:
                value = entry.values.get(f.id, "")
                if not value or not is_shown(f, entry.values, record.values):
                    continue
                labels = view.entry_labels(f.ref) if f.type == "ref" else None
                found.append(value if f.numeric else display(spec, f, value, labels))
    return found


def test_every_filled_value_prints_in_its_displayed_form(spec: Spec, tmp_path: Path) -> None:
    record = filled_record()
    text = squash("\n".join(render(spec, [record], tmp_path / "case.pdf")))
    wanted = expected_values(spec, record)
    assert len(wanted) > 30
    for value in wanted:
        assert squash(value) in text, value
    # The display rules really ran: words for dates and offsets, labels for codes, units.
    for shown in (
        "10 May 2015",
        "6 months after the index date",
        "57 years",
        "12.5 %",
        "B-mode; Doppler",
        "Glomus tumour, malignant",
        "Yes",
        "Female",
        "Largest dimension (mm)",
        "Cells stained (%)",
        AWKWARD,
        PATIENT_NAME,
    ):
        assert squash(shown) in text, shown  # fmt: skip
    # Internal codes never print; ICD-O-3 codes, which registrars use, print with their label.
    assert "bmode" not in text and "female" not in text
    assert squash("8711/3 — Glomus tumour, malignant") in text


def test_ref_prints_the_label_of_the_entry_it_points_to(spec: Spec) -> None:
    record = filled_record()
    view = CaseView(spec, record, include_phi=True)
    ihc = record.entries("ihc_result")[0]
    assert view.text(spec.field("ihc_result", "specimen"), ihc.values) == "S1 core"


def test_filled_tabs_print_their_heading_and_empty_ones_print_nothing(
    spec: Spec, tmp_path: Path
) -> None:
    record = filled_record()
    pages = render(spec, [record], tmp_path / "case.pdf")
    lines = {line.strip() for page in pages for line in page.splitlines()}
    for form in spec.forms[:5]:
        assert form.label in lines, form.label
    text = "\n".join(pages)
    # The follow-up tab is entirely empty: neither its heading nor its group's label prints.
    followup = spec.forms[-1]
    assert not record.groups.get(followup.groups[0].id)
    assert followup.label not in text and followup.groups[0].label not in text
    # Labels of empty fields (each label unique in the specification) print nowhere.
    for group, field_id in [
        ("", "family_history"),
        ("", "hiv_status"),
        ("treatment", "end_date"),
        ("treatment", "details"),
        ("imaging_study", "swe_emean_kpa"),
    ]:
        label = spec.field(group, field_id).label
        assert [f.label for f in spec.all_fields()].count(label) == 1
        assert label not in text, label  # fmt: skip


def test_a_value_hidden_by_show_if_does_not_print(spec: Spec, tmp_path: Path) -> None:
    record = filled_record()
    record.values["source"] = "institutional"  # the citation only applies to published cases
    text = "\n".join(render(spec, [record], tmp_path / "case.pdf"))
    assert HIDDEN_RESISTANCE_INDEX not in text
    assert "0.74" in text  # the same field, shown in the Doppler study
    assert "Lefèvre" not in text and spec.field("", "citation").label not in text


def test_phi_is_left_out_when_asked(spec: Spec, tmp_path: Path) -> None:
    record = filled_record()
    with_phi = "\n".join(render(spec, [record], tmp_path / "phi.pdf"))
    assert PATIENT_NAME in with_phi and MRN in with_phi and "Patient identifiers" in with_phi
    text = "\n".join(render(spec, [record], tmp_path / "deid.pdf", include_phi=False))
    assert PATIENT_NAME not in text and MRN not in text and "2 March 1958" not in text
    for f in spec.all_fields():
        if f.phi:
            assert f.label not in text, f.label
    assert "Patient identifiers" not in text  # a section of phi only prints no heading
    assert "CR-2024-017" in text and "Hôpital Saint-Éloi" in text


def test_footer_numbers_pages_and_names_each_page_s_case(spec: Spec, tmp_path: Path) -> None:
    first, second = filled_record("CR-0001"), filled_record("CR-0002")
    pages = render(spec, [first, second], tmp_path / "two.pdf", generated_by="Dr Ana Müller")
    total = len(pages)
    assert total >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert "Generated" in page and "Dr Ana Müller" in page
        assert ("CR-0001" in page) != ("CR-0002" in page), f"page {number} names both or neither"
    first_page = [i for i, page in enumerate(pages) if "CR-0001" in page]
    second_page = [i for i, page in enumerate(pages) if "CR-0002" in page]
    assert max(first_page) < min(second_page)
    assert first_page[0] == 0 and second_page[-1] == total - 1


def test_long_text_and_many_entries_split_over_pages(spec: Spec, tmp_path: Path) -> None:
    record = filled_record()
    words = [f"word{i}" for i in range(2600)]
    long_text = "START " + " ".join(words) + " FINISH"
    assert len(long_text) > 20_000
    record.values["board_question"] = long_text
    for i in range(1, 61):
        record.add_entry(
            "treatment",
            {"modality": "chemotherapy", "start_date": f"+{i}m", "procedure": f"Cycle {i}",
             "details": f"Course {i}: doxorubicin and ifosfamide, dose reduced for neutropenia."},
        )  # fmt: skip
    pages = render(spec, [record], tmp_path / "long.pdf")
    assert len(pages) >= 6
    text = "\n".join(pages)
    for marker in ("START", "word0", "word1300", "word2599", "FINISH", "Cycle 1", "Cycle 60"):
        assert marker in text, marker
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    # The treatment table's header row repeats on the pages it continues on.
    header = spec.field("treatment", "procedure").label
    assert sum(squash(header) in squash(page) for page in pages) >= 2


def test_renders_to_a_binary_file(spec: Spec) -> None:
    buffer = io.BytesIO()
    render_case_summary(spec, [filled_record()], buffer)
    assert buffer.getvalue().startswith(b"%PDF")
    assert "CR-2024-017" in PdfReader(buffer).pages[0].extract_text()


def test_no_record_is_refused(spec: Spec, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_case_summary(spec, [], tmp_path / "none.pdf")
