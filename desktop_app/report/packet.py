"""The agenda page of a board packet: one line per case, with the question it brings."""

from __future__ import annotations

from reportlab.platypus import Flowable, HRFlowable, Paragraph

from desktop_app.report.evidence import split_table
from desktop_app.report.heading import case_label
from desktop_app.report.layout import ACCENT, FRAME_WIDTH, grid_style, markup, para, styles
from desktop_app.report.markers import CaseMarker
from desktop_app.report.prose import person_noun
from desktop_app.report.view import CaseView

QUESTION_ROOM = 420  # characters of a question on the agenda; the case page has it all


def one_line(view: CaseView) -> str:
    """'57-year-old woman · Glomus tumour, malignant · Breast, left'."""
    years = view.age_years()
    who = f"{years}-year-old {person_noun(view)}" if years is not None else view.role_text("sex")
    site = ", ".join(p for p in (view.role_text("primary_site"), view.role_text("laterality"))
                     if p)  # fmt: skip
    title = view.case_text("title")
    parts = [who, view.role_text("diagnosis") or title, site]
    return " · ".join(p for p in parts if p)


def shortened(text: str, room: int) -> str:
    return text if len(text) <= room else text[:room].rsplit(" ", 1)[0] + " …"


def agenda(views: list[CaseView], board_date: str) -> list[Flowable]:
    s = styles()
    institutions = list(dict.fromkeys(v.role_text("institution") for v in views))
    heading = "Tumour board" + (f" — {board_date}" if board_date else "")
    story: list[Flowable] = [CaseMarker("Agenda", "Agenda", "agenda")]
    if len(institutions) == 1 and institutions[0]:
        story.append(para(institutions[0], s.kicker))
    story += [
        para(heading, s.title),
        para(f"Agenda · {len(views)} case{'s' if len(views) != 1 else ''}", s.note),
        HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=3, spaceAfter=8),
    ]
    question = next((f.label for v in views if (f := v.role_field("board_question"))), "")
    headers = ["#", "Case", "Summary", question or "Question"]
    data: list[list[Paragraph | str]] = [[para(h, s.cell_header) for h in headers]]
    for number, view in enumerate(views, start=1):
        asked = view.role_text("board_question")
        data.append([
            para(str(number), s.cell),
            Paragraph(f"<b>{markup(case_label(view))}</b>", s.cell),
            para(one_line(view), s.cell),
            para(shortened(asked, QUESTION_ROOM), s.cell),
        ])  # fmt: skip
    widths = [FRAME_WIDTH * w for w in (0.05, 0.15, 0.35, 0.45)]
    story.append(split_table(data, widths, grid_style(len(data)), repeat=1))
    return story
