"""The fields a breast or sarcoma board asks for (issue 11 §3, issue 17): staging, breast
biomarkers, molecular tests, specimen details, readings, surgery and axillary procedure.

Declared once in forms/*.toml, they must reach the XLSX data dictionary with their
vocabularies and print in the board PDF when filled; an "other" marker or gene prints its
typed name, in the PDF and in the entries table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.exchange import export_records
from desktop_app.exchange.layout import DICTIONARY_SHEET, VOCABULARY_SHEET
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from tests.conftest import OpenWindow
from tests.test_clinical_gui import enter

# (group, field id, vocabulary, one code the dictionary's choices must list)
NEW_CODED_FIELDS = [
    ("", "tnm_edition", "tnm_edition", "AJCC8"),
    ("", "ctnm_prefix", "tnm_clinical_prefix", "yc"),
    ("", "ct_category", "tnm_t", "T4d"),
    ("", "cn_category", "tnm_n", "N1mi"),
    ("", "cm_category", "tnm_m", "M0(i+)"),
    ("", "clinical_stage_group", "stage_group", "IIIC"),
    ("", "clinical_prognostic_stage", "stage_group", "IB"),
    ("", "ptnm_prefix", "tnm_pathological_prefix", "yp"),
    ("", "pt_category", "tnm_t", "T1mi"),
    ("", "pn_category", "tnm_n", "N0(i+)"),
    ("", "pm_category", "tnm_m", "M1"),
    ("", "pathological_stage_group", "stage_group", "IVB"),
    ("", "pathological_prognostic_stage", "stage_group", "0"),
    ("", "residual_tumour", "residual_tumour", "R1"),
    ("specimen", "biopsy_guidance", "biopsy_guidance", "stereotactic"),
    ("specimen", "rad_path_concordance", "rad_path_concordance", "discordant"),
    ("specimen", "discordance_action", "discordance_action", "rebiopsy"),
    ("specimen", "lymphovascular_invasion", "lymphovascular_invasion", "present"),
    ("specimen", "pathological_response", "pathological_response", "pcr"),
    ("specimen", "nuclear_grade", "nuclear_grade", "3"),
    ("specimen", "stromal_cellularity", "stromal_cellularity", "marked"),
    ("specimen", "stromal_atypia", "stromal_atypia", "moderate"),
    ("specimen", "stromal_overgrowth", "stromal_overgrowth", "present"),
    ("specimen", "tumour_border", "tumour_border", "permeative"),
    ("specimen", "phyllodes_grade", "phyllodes_grade", "borderline"),
    ("ihc_result", "marker", "ihc_marker", "H3K27ME3"),
    ("ihc_result", "result", "ihc_result", "low_positive"),
    ("ihc_result", "her2_ihc_score", "her2_ihc", "0-ultralow"),
    ("ihc_result", "her2_status", "her2_category", "low"),
    ("molecular_test", "target", "molecular_target", "NAB2-STAT6"),
    ("molecular_test", "method", "molecular_method", "NGS"),
    ("molecular_test", "alteration", "molecular_alteration", "amplification"),
    ("molecular_test", "molecular_result", "molecular_result", "not_detected"),
    ("molecular_test", "ish_group", "ish_group", "4"),
    ("specimen_reading", "reading_kind", "reading_kind", "revised"),
    ("specimen_reading", "reading_diagnosis", "icdo3_morphology", "8890/3"),
    # the facts the published cases gave without a field (issue 11)
    ("imaging_study", "exam_purpose", "exam_purpose", "screening"),
    ("specimen", "dcis_necrosis", "dcis_necrosis", "central"),
    ("treatment", "reconstruction", "reconstruction", "endoprosthesis"),
    ("treatment", "planned_duration_unit", "time_unit", "a"),
    ("treatment", "stop_reason", "treatment_stop_reason", "progression"),
    ("benign_breast_history", "bb_procedure", "benign_breast_procedure", "excision"),
    ("benign_breast_history", "bb_laterality", "laterality", "left"),
    ("followup_visit", "time_after_unit", "time_unit", "mo"),
    ("followup_visit", "lesion_response", "treatment_response", "CR"),
    ("", "who_grade", "reported_grade", "CNS3"),
    ("treatment", "surgery_type", "surgery_type", "nipple_sparing"),
    ("treatment", "axillary_procedure", "axillary_procedure", "sentinel_node"),
    ("treatment", "modality", "treatment_modality", "not_specified"),
]

# (group, field id, unit, min, max) of the new numbers
NEW_NUMBERS = [
    ("specimen", "needle_gauge", "G", 7, 27),
    ("specimen", "core_count", "", 1, 50),
    ("specimen", "gross_size_1_mm", "mm", 0, 2000),
    ("specimen", "gross_size_3_mm", "mm", 0, 2000),
    ("specimen", "mitoses_per_mm2", "per mm²", 0, 500),
    ("specimen", "mitoses_area_mm2", "mm²", 0, 100),
    ("specimen", "necrosis_response_percent", "%", 0, 100),
    ("specimen", "nodes_examined", "", 0, 200),
    ("specimen", "nodes_positive", "", 0, 200),
    ("specimen", "stromal_mitoses", "per 10 HPF", 0, 500),
    ("ihc_result", "allred_score", "", 0, 8),
    ("ihc_result", "h_score", "", 0, 300),
    ("molecular_test", "ish_ratio", "", 0, 100),
    ("molecular_test", "copies_per_cell", "", 0, 100),
    ("treatment", "axillary_nodes_examined", "", 0, 200),
    ("treatment", "axillary_nodes_positive", "", 0, 200),
    ("treatment", "therapy_line", "", 1, 20),
    ("specimen", "viable_tumour_percent", "%", 0, 100),
    ("", "parity", "", 0, 30),
]


def test_the_data_dictionary_lists_every_new_field_with_its_vocabulary(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    path = tmp_path / "cases.xlsx"
    export_records(sqlite_store, path, "xlsx")
    book = load_workbook(path, read_only=True)
    rows = list(book[DICTIONARY_SHEET].iter_rows(values_only=True))
    long_codes = {(r[0], r[1]) for r in book[VOCABULARY_SHEET].iter_rows(values_only=True)}
    header = list(rows[0])
    column = {name: header.index(name) for name in header}
    by_key = {(r[column["group"]] or "", r[column["field_id"]]): r for r in rows[1:]}
    for group, field_id, vocabulary, code in NEW_CODED_FIELDS:
        row = by_key[(group, field_id)]
        assert row[column["vocabulary"]] == vocabulary, field_id
        if "see the sheet" in row[column["choices"]]:  # a long vocabulary: on its own sheet
            assert (vocabulary, code) in long_codes, (field_id, code)
        else:
            assert f"{code}, " in row[column["choices"]], (field_id, code)
    for group, field_id, unit, low, high in NEW_NUMBERS:
        row = by_key[(group, field_id)]
        assert (row[column["unit"]] or "") == unit, field_id
        assert (float(row[column["min"]]), float(row[column["max"]])) == (low, high), field_id


NEW_VOCABULARY_SOURCES = {
    "tnm_t": "AJCC Cancer Staging Manual, 8th edition",
    "residual_tumour": "UICC TNM, 8th edition",
    "her2_ihc": "ASCO/CAP",
    "ish_group": "ASCO/CAP",
    "phyllodes_grade": "WHO Classification of Tumours: Breast Tumours, 5th edition",
    "molecular_target": "WHO Classification of Tumours, 5th edition",
    "biopsy_guidance": "ACR Practice Parameter",
    "pathological_response": "Residual Cancer Burden",
    "exam_purpose": "ACR BI-RADS Atlas, 5th edition",
    "dcis_necrosis": "CAP Protocol",
    "reconstruction": "SEER Program Coding and Staging Manual",
    "treatment_stop_reason": "mCODE",
    "benign_breast_procedure": "Gail model",
    "reported_grade": "5th edition (2021): CNS WHO grade 1-4",
}


@pytest.mark.parametrize("vocabulary", sorted(NEW_VOCABULARY_SOURCES))
def test_each_new_vocabulary_names_its_source(spec: Spec, vocabulary: str) -> None:
    assert NEW_VOCABULARY_SOURCES[vocabulary] in spec.vocabulary(vocabulary).source


def test_the_asked_for_ihc_markers_are_offered(spec: Spec) -> None:
    labels = {t.label for t in spec.vocabulary("ihc_marker").terms}
    asked = ["HER2 (ERBB2)", "GATA3", "p63", "CK7", "CK20", "Pan-cytokeratin (AE1/AE3)", "MDM2",
             "CDK4", "MYC (c-MYC)", "SATB2", "TLE1", "INI1 (SMARCB1)", "H3K27me3", "MyoD1",
             "Myogenin", "β-catenin", "ERG", "D2-40 (podoplanin)", "SOX10"]  # fmt: skip
    assert [a for a in asked if a not in labels] == []


# ----- the PDF ---------------------------------------------------------------------------


def pdf_text(spec: Spec, record: CaseRecord, path: Path) -> str:
    render_case_summary(spec, [record], path)
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def breast_case() -> CaseRecord:
    """A breast carcinoma with every new kind of field filled, as a board would see it."""
    record = CaseRecord()
    record.values.update({
        "case_number": "NEW-1", "primary_site": "C50.4", "diagnosis": "8500/3",
        "tnm_edition": "AJCC8", "ctnm_prefix": "c", "ct_category": "T2", "cn_category": "N1",
        "cm_category": "M0", "clinical_stage_group": "IIB", "ptnm_prefix": "yp",
        "pt_category": "T1c", "pn_category": "N1mi", "pathological_stage_group": "IIA",
        "pathological_prognostic_stage": "IB", "residual_tumour": "R0",
        "staging_note": "ypT1c ypN1mi cM0 as stated",
    })  # fmt: skip
    core = record.add_entry("specimen", {
        "specimen_label": "Core biopsy", "procedure": "core", "biopsy_guidance": "stereotactic",
        "needle_gauge": "14", "core_count": "4", "clip_placed": "true",
        "rad_path_concordance": "discordant", "discordance_action": "excision",
    })  # fmt: skip
    record.add_entry("specimen", {
        "specimen_label": "Lumpectomy", "procedure": "resection", "gross_size_1_mm": "62",
        "gross_size_2_mm": "48", "gross_size_3_mm": "31", "margin_status": "close",
        "margin_distance_mm": "1.5", "closest_margin_name": "posterior",
        "lymphovascular_invasion": "present", "mitoses_per_mm2": "7", "mitoses_area_mm2": "2",
        "necrosis_response_percent": "60", "pathological_response": "rcb2",
        "nodes_examined": "14", "nodes_positive": "3", "nuclear_grade": "3",
        "stromal_cellularity": "marked", "phyllodes_grade": "borderline",
    })  # fmt: skip
    core_id = str(core.entry_id)
    record.add_entry(
        "ihc_result",
        {
            "specimen": core_id,
            "marker": "ER",
            "result": "low_positive",
            "percent": "5",
            "allred_score": "3",
            "h_score": "12",
        },
    )
    record.add_entry(
        "ihc_result",
        {
            "specimen": core_id,
            "marker": "HER2",
            "result": "equivocal",
            "her2_ihc_score": "2+",
            "her2_status": "low",
        },
    )
    record.add_entry("molecular_test", {
        "specimen": core_id, "target": "ERBB2", "method": "FISH",
        "molecular_result": "not_detected",
        "ish_ratio": "1.4", "copies_per_cell": "3.1", "ish_group": "5",
    })  # fmt: skip
    record.add_entry("specimen_reading", {
        "specimen": core_id, "reading_kind": "second_opinion", "reading_by": "Breast panel",
        "reading_diagnosis": "8520/3", "reading_text": "Reclassified as lobular carcinoma",
    })  # fmt: skip
    record.add_entry("treatment", {
        "modality": "surgery", "surgery_type": "nipple_sparing",
        "axillary_procedure": "sentinel_node", "axillary_nodes_examined": "3",
        "axillary_nodes_positive": "1",
    })  # fmt: skip
    record.add_entry(
        "treatment", {"modality": "chemotherapy", "therapy_line": "2", "response": "PR"}
    )
    return record


def test_filled_new_fields_print_in_the_pdf(spec: Spec, tmp_path: Path) -> None:
    text = pdf_text(spec, breast_case(), tmp_path / "case.pdf")
    expected = [
        "T2", "N1mi", "Stage IIB", "Stage IIA", "Stage IB", "R0 — no residual tumour",
        "Pathological after neoadjuvant therapy (yp)", "ypT1c ypN1mi cM0 as stated",
        "Stereotactic (mammographic)", "14 G", "Discordant", "Surgical excision",
        "62 mm", "31 mm", "posterior", "Present", "7 per mm²", "2 mm²",
        "RCB-II (moderate residual disease)", "Grade 3 (high)", "Marked", "Borderline",
        "Low positive (1–10 %)", "2+ (equivocal)", "HER2-low", "ERBB2 (HER2)", "FISH",
        "Not detected (negative)", "Group 5: ratio < 2.0, < 4.0 copies (negative)",
        "Second opinion / review", "Breast panel", "Reclassified as lobular carcinoma",
        "Nipple-sparing mastectomy", "Sentinel lymph node biopsy", "Partial response",
    ]  # fmt: skip
    missing = [e for e in expected if squash(e) not in text]
    assert missing == []


def test_an_other_marker_and_gene_print_their_typed_names(spec: Spec, tmp_path: Path) -> None:
    record = CaseRecord()
    record.values["case_number"] = "NEW-2"
    specimen = record.add_entry("specimen", {"specimen_label": "Excision"})
    for marker, result in (("other", "positive"), ("SMA", "negative")):
        values = {"specimen": str(specimen.entry_id), "marker": marker, "result": result}
        if marker == "other":
            values["marker_other"] = "PRAME"
        record.add_entry("ihc_result", values)
    record.add_entry(
        "molecular_test",
        {
            "specimen": str(specimen.entry_id),
            "target": "other",
            "target_other": "YAP1::TFE3",
            "molecular_result": "detected",
        },
    )
    text = pdf_text(spec, record, tmp_path / "other.pdf")
    assert "PRAMEPositive" in text
    assert "YAP1::TFE3" in text
    assert "Othermarker" not in text and "Othergeneorfusion" not in text


# ----- the entries table -----------------------------------------------------------------


def test_the_entries_table_shows_the_typed_name_of_an_other_marker(
    qtbot: QtBot, main_window: OpenWindow
) -> None:
    window = main_window()
    window.new_action.trigger()
    index, pathology = next((i, t) for i, t in enumerate(window.editor.form_tabs)
                            if t.form.id == "pathology")  # fmt: skip
    window.editor.tabs.setCurrentIndex(index)
    group = pathology.groups["ihc_result"]
    qtbot.mouseClick(group.add_button, Qt.MouseButton.LeftButton)
    enter(qtbot, group.fields, {"marker": "other", "marker_other": "PRAME", "result": "positive"},
          {})  # fmt: skip
    column = [f.id for f in group.columns].index("marker")
    qtbot.waitUntil(lambda: group.table.item(0, column).text() == "PRAME")
    assert window.editor.record.entries("ihc_result")[0].values["marker"] == "other"


def test_a_name_left_over_from_other_does_not_hide_the_chosen_marker(spec: Spec) -> None:
    from desktop_app.rules.other_name import shown_value

    marker = spec.field("ihc_result", "marker")
    assert shown_value(spec, marker, {"marker": "other", "marker_other": "PRAME"}) == "PRAME"
    # The registrar chose SMA after typing a name: the name no longer applies.
    assert shown_value(spec, marker, {"marker": "SMA", "marker_other": "PRAME"}) == "SMA"
    assert shown_value(spec, marker, {"marker": "other"}) == "Other marker"


def test_the_dictionary_lists_the_time_after_an_event_and_the_exposure_start(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    """Fields with no vocabulary or limits: they are listed with their type."""
    path = tmp_path / "cases.xlsx"
    export_records(sqlite_store, path, "xlsx")
    rows = list(load_workbook(path, read_only=True)[DICTIONARY_SHEET].iter_rows(values_only=True))
    header = list(rows[0])
    listed = {(r[header.index("group")] or "", r[header.index("field_id")]) for r in rows[1:]}
    wanted = {("followup_visit", "time_after_event"), ("followup_visit", "after_treatment"),
              ("followup_visit", "after_event_text"), ("followup_visit", "response_lesion"),
              ("treatment", "planned_duration"), ("", "exposure_start_date"),
              ("benign_breast_history", "bb_date"), ("benign_breast_history", "bb_finding"),
              ("benign_breast_history", "bb_atypia")}  # fmt: skip
    assert wanted - listed == set()


def test_a_stored_roman_who_grade_is_kept_and_shown_with_its_edition(
    spec: Spec, sqlite_store: CaseStore, tmp_path: Path
) -> None:
    """The case-level grade offers CNS WHO grade 1-4 (WHO CNS5, 2021); a case stored with
    the old 'WHO grade III' keeps it through the store and prints it, with its edition."""
    vocab = spec.vocabulary("reported_grade")
    assert [t.label for t in vocab.terms if t.code.startswith("CNS")] == [
        f"CNS WHO grade {n}" for n in range(1, 5)
    ]
    assert vocab.term("WHO3") is None  # no longer offered
    saved = sqlite_store.save(CaseRecord(values={"case_number": "OLD-1", "who_grade": "WHO3"}))
    assert saved.case_id is not None
    record = sqlite_store.load(saved.case_id)
    assert record.values["who_grade"] == "WHO3"
    path = tmp_path / "old.pdf"
    render_case_summary(spec, [record], path)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))
    assert "WHO grade III (WHO CNS 2016 and earlier, Roman numerals)" in text
