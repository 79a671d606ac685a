"""The tumour-board PDF: one case summary, or a board packet (an agenda, then each case from
a new page), with a footer on every page and, when identified, a warning on every page.

De-identified by default: no field marked phi prints, the age stands in for the date of
birth, and dates print as distances from the index date. The identified version has to be
asked for (identified=True) and says so at the top of every page.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate

from desktop_app import __version__
from desktop_app.record import CaseRecord
from desktop_app.report.binary_streams import binary_streams
from desktop_app.report.fonts import register_fonts
from desktop_app.report.heading import cover_letterhead
from desktop_app.report.layout import (
    FOOTER_SIZE,
    FOOTER_Y,
    FRAME_PADDING,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MUTED,
    PAPERS,
    RULE,
    WARNING,
    Letterhead,
)
from desktop_app.report.packet import agenda
from desktop_app.report.sections import case_body
from desktop_app.report.view import CaseView
from desktop_app.spec.model import Spec

CREATOR = f"Case Abstractor {__version__}"
CONFIDENTIAL = "CONFIDENTIAL — contains patient identifiers"


class _PageCanvas(Canvas):
    """Holds every page back until the end, so that each footer can say 'Page x of y'.

    The case on a page is whatever CaseMarker last set `case_footer` to when the page ended.
    """

    def __init__(self, *args: Any, generated: str, identified: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case_footer = ""
        self.case_deid_note = ""  # 'de-identified: 2 patient names, 3 dates removed'
        self._generated = generated
        self._identified = identified
        self._held: list[dict[str, Any]] = []
        self._marks: list[tuple[int, str, str]] = []  # page index, key, outline title

    def mark_page(self, key: str, title: str) -> None:
        self._marks.append((len(self._held), key, title))

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        marks = list(self._marks)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            for _page, key, title in [m for m in marks if m[0] == number - 1]:
                self.bookmarkPage(key)
                self.addOutlineEntry(title, key, level=0)
            self._footer(number, total)
            if self._identified:
                self._warning()
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int) -> None:
        font = register_fonts()
        width = self._pagesize[0]
        left = (width - FRAME_WIDTH) / 2
        right = width - left
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        top = FOOTER_Y + FOOTER_SIZE + 3
        self.line(left, top, right, top)
        self.setFillColor(MUTED)
        self.setFont(font.regular, FOOTER_SIZE)
        note = self.case_deid_note or "de-identified"
        case = self.case_footer + ("" if self._identified else f" · {note}")
        self.drawString(left, FOOTER_Y, _fit(case.strip(" ·"), font.regular, width * 0.7))
        self.drawRightString(right, FOOTER_Y, f"Page {number} of {total}")
        low = FOOTER_Y - FOOTER_SIZE - 2
        self.drawString(left, low, _fit(self._generated, font.regular, width * 0.6))
        self.drawRightString(right, low, CREATOR)
        self.restoreState()

    def _warning(self) -> None:
        font = register_fonts()
        width, height = self._pagesize
        self.saveState()
        self.setFillColor(WARNING)
        self.rect(0, height - 11 * 2.835, width, 11 * 2.835, stroke=0, fill=1)
        self.setFillColor("white")
        self.setFont(font.bold, 9)
        self.drawCentredString(width / 2, height - 7 * 2.835, CONFIDENTIAL)
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
    identified: bool = False,
    paper: str = "A4",
    board_date: str = "",
    with_agenda: bool | None = None,
    letterhead: Letterhead | None = None,
) -> None:
    """Write the summary of `records` as a PDF to `out` (a path or a binary file).

    Several records make a board packet: an agenda page (with_agenda defaults to True when
    there is more than one case), then every case from a new page. `paper` is "A4" or
    "Letter". `letterhead` (the settings' institution and logo) heads every case and the
    agenda. Raises ValueError when there is no record to print or the paper is unknown.
    """
    if not records:
        raise ValueError("there is no case to print")
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r}; expected one of {', '.join(PAPERS)}")
    register_fonts()
    views = [CaseView(spec, record, identified) for record in records]
    story: list[Flowable] = []
    if with_agenda if with_agenda is not None else len(records) > 1:
        story.extend(cover_letterhead(letterhead))
        story.extend(agenda(views, board_date))
    for index, view in enumerate(views):
        if story:
            story.append(PageBreak())
        story.extend(case_body(view, index, board_date, letterhead))
    now = datetime.now().strftime("%d %b %Y %H:%M")
    generated = f"Generated {now}" + (f" by {generated_by}" if generated_by else "")
    first = views[0].case_text("case_number")
    title = "Case summary" + (f" {first}" if len(records) == 1 and first else "")
    if len(records) > 1:
        title = "Tumour board packet" + (f" {board_date}" if board_date else "")
    page = PAPERS[paper]
    side = (page[0] - FRAME_WIDTH) / 2 - FRAME_PADDING
    target = str(out) if isinstance(out, str | Path) else out
    document = SimpleDocTemplate(
        target,
        pagesize=page,
        leftMargin=side,
        rightMargin=side,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=generated_by,
        creator=CREATOR,
        subject=f"{len(records)} case(s), {'identified' if identified else 'de-identified'}",
    )
    canvas = partial(_PageCanvas, generated=generated, identified=identified)
    with binary_streams():
        document.build(story, canvasmaker=canvas)
