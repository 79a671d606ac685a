"""Published cases from outside the five (issue 11, Proof): each abstracted case, saved and
loaded back through the store, holds every fact its report gives, and what has no field is
narrative only. The fact table is tests/test_published_case_facts.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.rules.derived import with_derived
from desktop_app.rules.validation import check_record
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.queries import CaseFilter, Condition
from tests.conftest import OpenWindow
from tests.test_clinical_facts import SELECTOR, resolve, value_at
from tests.test_clinical_gui import enter_case, renumbered
from tests.test_published_case_facts import PUBLISHED_FACTS, PUBLISHED_NARRATIVE

FIXTURES = Path(__file__).parent / "published"
CASES = sorted(PUBLISHED_FACTS)
NARRATIVE_KINDS = {"figure", "source"}


def fixture(n: int) -> CaseRecord:
    return CaseRecord.from_json((FIXTURES / f"case_p{n}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("n", CASES)
def test_the_published_case_keeps_every_fact_through_the_store(
    n: int, spec: Spec, sqlite_store: CaseStore
) -> None:
    saved = sqlite_store.save(fixture(n), user="test")
    assert saved.case_id is not None
    record = with_derived(spec, sqlite_store.load(saved.case_id))
    wrong = []
    for where, expected, said in PUBLISHED_FACTS[n]:
        group, stored = value_at(spec, record, where)
        if stored != resolve(spec, record, group, where, expected):
            wrong.append(f"{where}: {stored!r}, expected {expected!r} ({said})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("n", CASES)
def test_the_published_case_has_no_errors(n: int, spec: Spec) -> None:
    assert [p for p in check_record(spec, fixture(n)) if p.severity == "error"] == []


@pytest.mark.parametrize("n", CASES)
def test_published_facts_without_a_field_are_narrative_only(n: int) -> None:
    for kind, text in PUBLISHED_NARRATIVE[n]:
        assert kind in NARRATIVE_KINDS, text


@pytest.mark.parametrize("n", CASES)
def test_every_published_fact_names_a_declared_field_once(n: int, spec: Spec) -> None:
    seen = set()
    for where, _value, said in PUBLISHED_FACTS[n]:
        found = SELECTOR.match(where)
        assert found and said, where
        spec.field(found.group(1) or "", found.group(3))
        assert where not in seen, f"{where} listed twice"
        seen.add(where)


def test_the_published_case_typed_through_the_widgets_is_the_fixture(
    qtbot: QtBot, main_window: OpenWindow, spec: Spec
) -> None:
    """Case P1 entered field by field (readings, molecular tests and IHC entries pointing at
    their specimen), saved, and compared with the fixture."""
    window = main_window()
    case = fixture(1)
    ids = enter_case(qtbot, window, case)
    window.save_action.trigger()
    assert not window.editor.dirty
    saved = window.store.load(window.store.find("PUB-001") or 0)
    assert saved.values == case.values
    groups = renumbered(spec, case, ids)
    for group in spec.groups:
        assert [e.values for e in saved.entries(group.id)] == groups[group.id], group.id


def test_the_board_pdf_names_the_markers_outside_the_list(spec: Spec, tmp_path: Path) -> None:
    """P2's p53, nm23, PCNA and MRP print under their own names in the IHC grid."""
    path = tmp_path / "p2.pdf"
    render_case_summary(spec, [fixture(2)], path)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))
    for name in ("p53Positive", "nm23Positive", "PCNAPositive", "MRPPositive", "HER2score:3+"):
        assert name in text, name
    assert "Othermarker" not in text


def test_the_board_pdf_of_the_mri_case_prints_its_negatives_and_key_facts(
    spec: Spec, tmp_path: Path
) -> None:
    """P6 (read on breast MRI) printed to the board PDF: the negatives of its history and
    examination stand where the positives would, beside the MRI's lexicon terms."""
    path = tmp_path / "p6.pdf"
    render_case_summary(spec, [fixture(6)], path)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))
    for negative in (
        "No family history of breast cancer",
        "Systemic symptoms: No fever",
        "Nipple discharge: Absent",
        "No palpable axillary lymph nodes",
        "No previous personal history of breast cancer",
    ):
        assert negative in text, negative
    for fact in (
        "26 years · Female",
        "8500/3",
        "Lesion type: Non-mass enhancement",
        "Non-mass internal pattern: Clustered ring",
        "Overall result: Indeterminate",
        "Oral contraceptives",
    ):
        assert fact in text, fact


def test_a_cohort_of_the_published_cases_finds_them_by_negatives_and_results(
    sqlite_store: CaseStore,
) -> None:
    """All published cases in one store: an absent finding, a negative study, a nuclear
    grade or a phyllodes criterion answered "not stated", and a reported SWE value each
    find exactly the cases whose reports say so."""
    for n in CASES:
        sqlite_store.save(fixture(n), user="test")

    def found(*conditions: Condition) -> set[str]:
        cases = sqlite_store.find_cases(CaseFilter(conditions=conditions))
        return {c.case_number for c in cases}

    assert found(Condition("", "family_cancers", "=", "!breast")) == {"PUB-006", "PUB-009"}
    assert found(Condition("", "family_cancers", "=", "breast")) == {"PUB-003"}
    assert found(Condition("", "systemic_symptoms", "=", "!fever")) == {"PUB-006"}
    negative_ct = (
        Condition("imaging_study", "modality", "=", "CT"),
        Condition("imaging_study", "study_result", "=", "negative"),
    )
    assert found(*negative_ct) == {"PUB-005"}
    assert found(Condition("specimen", "nuclear_grade", "=", "?not_stated")) == {"PUB-003"}
    assert found(Condition("specimen", "nuclear_grade", "=", "3")) == {"PUB-007"}
    assert found(Condition("specimen", "stromal_mitoses", "=", "3")) == {"PUB-004"}
    assert found(Condition("specimen", "biopsy_guidance", "=", "stereotactic")) == {"PUB-003"}
    assert found(Condition("imaging_study", "swe_emax_kpa", ">", "100")) == {"PUB-008"}
    assert found(Condition("imaging_study", "mg_associated", "=", "!calcifications")) == {"PUB-009"}


@pytest.mark.parametrize(
    ("n", "printed"),
    [
        (3, ["Purpose of the examination: Diagnostic", "DCIS necrosis: Present, central (comedo)"]),
        (4, ["Earlier benign breast disease", "Fibrocystic change"]),
        (5, ["Residual viable tumour: 5 %", "Reconstruction: Endoprosthesis (megaprosthesis)"]),
        (6, ["Parity: 0"]),
        (
            7,
            [
                "Planned duration: 5; Planned duration unit: years",
                "Time after an event: 11; Time unit: months; Counted from (treatment): Surgery",
                "Lesion assessed: Liver metastases; Response of that lesion: Complete response",
            ],
        ),
    ],
)
def test_the_board_pdf_prints_the_facts_that_had_no_field(
    spec: Spec, tmp_path: Path, n: int, printed: list[str]
) -> None:
    """Issue 11: the published cases' facts the forms had no field for (the purpose of a
    mammogram, DCIS necrosis, an earlier benign operation, residual viable tumour, the
    reconstruction, parity, a planned duration, a visit dated only from an undated surgery,
    one lesion's response) now print in the board PDF from their own fields."""
    path = tmp_path / f"p{n}.pdf"
    render_case_summary(spec, [fixture(n)], path)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))
    assert [p for p in printed if p not in text] == []
