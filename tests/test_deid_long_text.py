"""Issue 12, finding 9: a 1 MB free text prints whole, in the case's own fields and in a
group's table (its time is measured by benchmarks/long_text_pdf.py, not here)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desktop_app.exchange.samples import sample_case
from desktop_app.report import render_case_summary
from desktop_app.spec import Spec

SIZE = 1_000_000


def numbered_text(size: int) -> str:
    """Sentences that each carry their own number, so that a missing piece shows."""
    parts, n, length = [], 0, 0
    while length < size:
        sentence = f"Sentence n{n:06d} describes the specimen again. "
        parts.append(sentence)
        length += len(sentence)
        n += 1
    return "".join(parts)


def pdf_words(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.mark.parametrize("where", ["case", "group"])
def test_a_megabyte_of_text_prints_completely(spec: Spec, tmp_path: Path, where: str) -> None:
    record = sample_case(spec, 1, entries=1)
    text = numbered_text(SIZE)
    if where == "case":
        field = next(f for f in spec.case_fields
                     if f.type == "longtext" and not f.phi and f.show_if is None and not f.role
                     and f.section != "Case report")  # fmt: skip
        record.values[field.id] = text
    else:
        long_groups = [g for g in spec.groups if any(f.type == "longtext" for f in g.fields)]
        group = next(g for g in long_groups if record.entries(g.id))
        field = next(f for f in group.fields if f.type == "longtext")
        record.entries(group.id)[0].values[field.id] = text
    path = tmp_path / "long.pdf"
    render_case_summary(spec, [record], path)
    printed = set(re.findall(r"n(\d{6})", pdf_words(path)))
    expected = {f"{n:06d}" for n in range(text.count("Sentence"))}
    assert expected - printed == set()
