"""What the PDF prints for a reported value whose derived value differs, in a table's
column (issue 16: the fifth session's survivor of mutation testing of report/view.py).

A column names its unit in its heading, so a number in it prints bare; a choice has no unit
to leave out, so a reported grade the scores contradict keeps its derived grade beside it in
the column as it does in the case's fields (the registrar must see the disagreement). The
case by hand: FNCLCC scores differentiation 3, mitoses 3, necrosis 2 = 8, grade 3; the
pathologist reported grade 2."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.spec import Spec


def with_columns(spec: Spec, group_id: str, columns: tuple[str, ...]) -> Spec:
    """`spec` with one group's table columns declared otherwise (a registry's own forms)."""
    forms = tuple(
        replace(form, groups=tuple(replace(g, columns=columns) if g.id == group_id else g
                                   for g in form.groups))
        for form in spec.forms
    )  # fmt: skip
    return replace(spec, forms=forms)


def graded_specimen(grade: str) -> CaseRecord:
    record = CaseRecord(values={"case_number": "VIEW-2"})
    record.add_entry("specimen", {"specimen_label": "A", "grading_system": "fnclcc",
                                  "grade_differentiation_score": "3",
                                  "grade_mitotic_score": "3", "grade_necrosis_score": "2",
                                  "grade_fnclcc": grade})  # fmt: skip
    return record


def pdf_text(spec: Spec, record: CaseRecord, path: Path) -> str:
    render_case_summary(spec, [record], path)
    return re.sub(r"\s+", "", "\n".join(p.extract_text() for p in PdfReader(path).pages))


def test_a_reported_grade_in_a_column_keeps_the_derived_grade_beside_it(
    spec: Spec, tmp_path: Path
) -> None:
    forms = with_columns(spec, "specimen", ("specimen_label", "grade_fnclcc"))
    text = pdf_text(forms, graded_specimen("2"), tmp_path / "contradicted.pdf")
    facts, table = text.split("Specimens(1)")  # the key facts, then the specimens' table
    assert "FNCLCCgrade:Grade2(derived:Grade3)" in facts
    # the row: specimen A, its grade column, then the rest of the specimen as details
    assert "AGrade2(derived:Grade3)Gradingsystem:FNCLCC" in table
    # The same grade reported as the scores give it prints once, unmarked.
    text = pdf_text(forms, graded_specimen("3"), tmp_path / "agreed.pdf")
    assert "Grade3" in text
    assert "derived" not in text
