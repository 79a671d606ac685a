"""The case PDF's table cells and run-in paragraphs without Paragraph markup (issue 13):
plain cells are strings, cells with a face are runs laid out by report/rich_cell.py. They
must break lines where reportlab's Paragraph of the same style breaks them (the look is
kept), print typed markup as typed, and lose no word when a cell is split over pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.report.layout import styles
from desktop_app.report.rich_cell import lay_out
from desktop_app.spec import Spec
from tests.test_report import minimal_record

PAYLOAD = "<b>not bold</b> & <i>x</i><br/>&lt;"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(spec: Spec, record: CaseRecord, path: Path) -> str:
    render_case_summary(spec, [record], path, identified=True)
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def paragraph_lines(markup: str, width: float) -> list[str]:
    paragraph = Paragraph(markup, styles().cell)
    paragraph.wrap(width, 10_000)
    lines = []
    for line in paragraph.blPara.lines:
        words = line.words if hasattr(line, "words") else line[1]
        text = "".join(w.text if hasattr(w, "text") else f" {w}" for w in words)
        lines.append(" ".join(text.split()))
    return lines


@pytest.mark.parametrize("width", [60.0, 97.5, 150.0, 211.3, 333.0])
def test_runs_break_into_the_lines_a_paragraph_of_the_same_style_makes(width: float) -> None:
    items = [
        ("Region examined", "Head and neck"),
        ("Second dimension", "approximately 16 mm"),
        ("Abnormal regional lymph nodes", "Present"),
        ("Enhancement over time", "Early, persistent enhancement"),
        ("Margin", "Well defined (circumscribed); Encapsulated"),
        ("Note", "Supercalifragilisticexpialidocious-and-more-without-a-space"),
    ]
    markup = "; ".join(f"<i>{label}:</i> {value}" for label, value in items)
    runs: list[tuple[str, str]] = []
    for label, value in items:
        runs += [("", "; ")] if runs else []
        runs += [("i", f"{label}:"), ("", f" {value}")]
    laid = lay_out([runs], width, styles().cell.fontSize)
    ours = [" ".join("".join(text for _font, text in line).split()) for line in laid]
    assert ours == paragraph_lines(markup, width)


def _group_with_role(spec: Spec, role: str) -> tuple[str, list[str]]:
    group = next(g for g in spec.groups if any(f.role == role for f in g.fields))
    return group.id, [f.id for f in group.fields if f.type == "text" and f.show_if is None]


def test_markup_typed_into_cells_and_run_in_sentences_prints_as_typed(
    spec: Spec, tmp_path: Path
) -> None:
    record = minimal_record(spec, "CELLS-1")
    history = next(f for f in spec.case_fields if f.type == "text" and not f.phi and not f.role
                   and f.show_if is None and not f.summary)  # fmt: skip
    record.values[history.id] = PAYLOAD
    # A table (lesions: the label leads, a note goes to the details) and a dated list.
    for role in ("lesion_label", "treatment_modality"):
        group, texts = _group_with_role(spec, role)
        assert texts
        record.add_entry(group, {field_id: f"{PAYLOAD} {field_id}" for field_id in texts})
    text = squash(pdf_text(spec, record, tmp_path / "cells.pdf"))
    typed = 1  # the history's run-in sentence
    for role in ("lesion_label", "treatment_modality"):
        for field_id in _group_with_role(spec, role)[1]:
            assert squash(f"{PAYLOAD} {field_id}") in text, field_id
            typed += 1
    assert text.count(squash(PAYLOAD)) == typed


def test_a_details_cell_split_over_pages_keeps_every_word_in_order(
    spec: Spec, tmp_path: Path
) -> None:
    record = minimal_record(spec, "CELLS-2")
    group, texts = _group_with_role(spec, "lesion_label")
    label, note = texts[0], texts[1]
    words = [f"w{n}" for n in range(900)]  # one cell taller than a page, two lines a word
    record.add_entry(group, {label: "L1", note: "\n".join(" ".join(words[i : i + 2])
                                                         for i in range(0, 900, 2))})  # fmt: skip
    text = pdf_text(spec, record, tmp_path / "split.pdf")
    found = [int(w) for w in re.findall(r"\bw(\d+)\b", text)]
    assert found == list(range(900))
