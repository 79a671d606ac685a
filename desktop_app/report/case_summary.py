"""The case-summary PDF: one or more cases, each from a new page, with a numbered footer."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate

from desktop_app.record import CaseRecord
from desktop_app.report.content import CaseView, case_flowables
from desktop_app.report.fonts import register_fonts
from desktop_app.report.layout import (
    FOOTER_SIZE,
    FOOTER_Y,
    FRAME_PADDING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZE,
    RULE,
)
from desktop_app.spec.model import Spec

CREATOR = "Case Abstractor"


class _FooterCanvas(Canvas):
    """Holds every page back until the end, so that each footer can say 'Page x of y'.

    The case on a page is whatever CaseMarker last set `case_footer` to when the page ended.
    """

    def __init__(self, *args: Any, generated: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case_footer = ""
        self._generated = generated
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._footer(number, total)
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int) -> None:
        font = register_fonts()
        width = PAGE_SIZE[0]
        left, right = MARGIN_X + FRAME_PADDING, width - MARGIN_X - FRAME_PADDING
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        top = FOOTER_Y + FOOTER_SIZE + 3
        self.line(left, top, right, top)
        self.setFillColor(MUTED)
        self.setFont(font.regular, FOOTER_SIZE)
        self.drawString(left, FOOTER_Y, _fit(self.case_footer, font.regular, width * 0.3))
        self.drawCentredString(width / 2, FOOTER_Y, f"Page {number} of {total}")
        self.drawRightString(right, FOOTER_Y, _fit(self._generated, font.regular, width * 0.33))
        self.restoreState()


def _fit(text: str, font: str, room: float) -> str:
    """`text`, shortened with an ellipsis until it fits `room` points of the footer."""
    if stringWidth(text, font, FOOTER_SIZE) <= room:
        return text
    while text and stringWidth(text + "…", font, FOOTER_SIZE) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def render_case_summary(
    spec: Spec,
    records: list[CaseRecord],
    out: str | Path | BinaryIO,
    *,
    generated_by: str = "",
    include_phi: bool = True,
) -> None:
    """Write the case summary of `records` as a PDF to `out` (a path or a binary file).

    Every case starts on a new page. With include_phi=False no field marked phi prints.
    Raises ValueError when there is no record to print.
    """
    if not records:
        raise ValueError("there is no case to print")
    register_fonts()
    story: list[Flowable] = []
    views = [CaseView(spec, record, include_phi) for record in records]
    for index, view in enumerate(views):
        if index:
            story.append(PageBreak())
        story.extend(case_flowables(view, index))
    now = datetime.now().strftime("%d %b %Y %H:%M")
    generated = f"Generated {now}" + (f" by {generated_by}" if generated_by else "")
    first = views[0].case_text("case_number")
    title = "Case summary" + (f" {first}" if len(records) == 1 and first else "")
    target = str(out) if isinstance(out, str | Path) else out
    document = SimpleDocTemplate(
        target,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=generated_by,
        creator=CREATOR,
        subject=f"{len(records)} case(s)",
    )
    document.build(story, canvasmaker=partial(_FooterCanvas, generated=generated))
