"""Issue 11 §2: the grade is the specimen's, with its system. The board PDF's key facts
print the specimens' grades (not the case-level FNCLCC section's), FNCLCC is offered only
for a soft-tissue sarcoma, and the reference cases carry their grades on the specimen the
report grades."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.demo import demo_records
from desktop_app.record import CaseRecord
from desktop_app.report.case_summary import render_case_summary
from desktop_app.report.view import CaseView
from desktop_app.rules.validation import check_record
from desktop_app.spec import Spec
from desktop_app.spec.loader import SpecError, load_spec
from desktop_app.spec.vocabulary_index import offered

ROOT = Path(__file__).resolve().parent.parent


def _first_page(path: Path) -> str:
    return re.sub(r"\s+", " ", PdfReader(path).pages[0].extract_text())


def _demo(number: str) -> CaseRecord:
    return next(r for r in demo_records() if r.values.get("case_number", "").endswith(number))


def test_key_facts_print_the_specimen_grade_over_the_case_level_one(
    spec: Spec, tmp_path: Path
) -> None:
    record = CaseRecord(values={"case_number": "G-1", "differentiation_score": "1",
                                "mitotic_count": "2", "necrosis_percent": "0"})  # fmt: skip
    assert CaseView(spec, record).grade_text() == "Grade 1"  # no specimen graded: the case's
    record.add_entry("specimen", {"specimen_label": "Core biopsy", "grading_system": "fnclcc",
                                  "grade_differentiation_score": "3", "grade_mitotic_count": "25",
                                  "grade_necrosis_percent": "60"})  # fmt: skip
    assert CaseView(spec, record).grade_text() == "FNCLCC grade: Grade 3"  # 3 + 3 + 2
    record.add_entry("specimen", {"specimen_label": "Recurrence", "grading_system": "two_tier",
                                  "two_tier_grade": "low"})  # fmt: skip
    both = "FNCLCC grade: Grade 3 (Core biopsy); Grade (two-tier): Low grade (Recurrence)"
    assert CaseView(spec, record).grade_text() == both
    path = tmp_path / "g1.pdf"
    render_case_summary(spec, [record], path)
    assert "GRADE FNCLCC grade: Grade 3 (Core biopsy); Grade (two-tier)" in _first_page(path)


@pytest.mark.parametrize(
    ("number", "grade"),
    [("4", "Grade (two-tier): High grade"), ("5", "Grade as reported: WHO Grade III")],
)
def test_the_reference_cases_grade_their_specimens(
    spec: Spec, tmp_path: Path, number: str, grade: str
) -> None:
    """Case 4: 'a high-grade spindle cell tumor' (the excised breast mass); case 5:
    'leiomyosarcoma (WHO Grade III)' after the resection of the recurrence."""
    record = _demo(number)
    assert "who_grade" not in record.values  # moved onto the specimen
    path = tmp_path / f"case{number}.pdf"
    render_case_summary(spec, [record], path)
    assert f"GRADE {grade}" in _first_page(path)


def test_fnclcc_is_offered_only_for_a_soft_tissue_sarcoma(spec: Spec) -> None:
    vocab = spec.vocabulary("grading_system")
    fnclcc = vocab.term("fnclcc")
    assert fnclcc is not None
    sarcomas = ["8890/3", "8850/3", "9040/3", ""]  # "": undiagnosed, nothing ruled out yet
    others = ["9180/3", "9220/3", "8500/3"]  # osteosarcoma, chondrosarcoma, a carcinoma
    for code, expected in [(c, True) for c in sarcomas] + [(c, False) for c in others]:
        assert offered(fnclcc, {"specimen_diagnosis": code}, {}) is expected, code
    record = CaseRecord()
    record.add_entry("specimen", {"specimen_label": "Tibia", "specimen_diagnosis": "9180/3",
                                  "grading_system": "fnclcc"})  # fmt: skip
    said = [p.message for p in check_record(spec, record) if p.field == "grading_system"]
    assert said and "FNCLCC" in said[0] and "9180/3" in said[0]


def test_a_role_repeats_in_a_group_only_where_one_field_applies(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    head = ('[form]\nid = "f"\nlabel = "F"\n\n[[group]]\nid = "g"\nlabel = "G"\n\n'
            '[[group.field]]\nid = "system"\nlabel = "S"\ntype = "text"\n')  # fmt: skip
    field = '\n[[group.field]]\nid = "{id}"\nlabel = "{id}"\ntype = "text"\nrole = "grade"\n{extra}'
    exclusive = head + field.format(id="a", extra='show_if = { field = "system", equals = "x" }\n')
    exclusive += field.format(id="b", extra='show_if = { field = "system", equals = "y" }\n')
    (forms / "01.toml").write_text(exclusive, encoding="utf-8")
    load_spec(forms, ROOT / "resources" / "vocabularies")  # one applies per entry: fine
    both = head + field.format(id="a", extra="") + field.format(id="b", extra="")
    (forms / "01.toml").write_text(both, encoding="utf-8")
    with pytest.raises(SpecError, match="has role 'grade', which another field"):
        load_spec(forms, ROOT / "resources" / "vocabularies")
