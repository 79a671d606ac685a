"""The bare-library baseline for the case PDF: a plain reportlab document of the same
content and page count, so that the benchmark reports the case summary as a ratio to what
reportlab itself costs on this machine, in the same run (issue 13).

The baseline holds every value of the case as "label: value" rows of a plain two-column
Table (no Paragraph, no markup: reportlab's cheapest path for text), on as many A4 pages
as the case summary has."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

from desktop_app.record import CaseRecord
from desktop_app.rules.values import display
from desktop_app.spec import Spec


def rows_of(spec: Spec, record: CaseRecord) -> list[list[str]]:
    rows = []
    for (group, _entry, field_id), value in record.items().items():
        field = spec.field(group, field_id)
        text = display(spec, field, value)
        rows.append([field.label[:40], text[:90]])
    return rows


def bare_pdf(rows: list[list[str]], pages: int) -> bytes:
    """A plain reportlab document of `rows` spread over `pages` pages."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4)
    story: list[object] = []
    per_page = max(1, -(-len(rows) // max(1, pages)))
    for start in range(0, len(rows), per_page):
        if story:
            story.append(PageBreak())
        chunk = rows[start : start + per_page]
        table = Table(
            chunk, colWidths=[150, 330], rowHeights=[min(12.0, 600 / len(chunk))] * len(chunk)
        )
        table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 7)]))
        story.append(table)
    doc.build(story)
    return out.getvalue()


def page_count(pdf: bytes) -> int:
    """Pages of a PDF reportlab wrote (its page objects say /Type /Page)."""
    return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ") or 1
