"""The top of a case: institution, case number, title, board date, the question for the
board, and the strip of key facts a board member reads first."""

from __future__ import annotations

from reportlab.platypus import Flowable, HRFlowable, Paragraph, Table, TableStyle

from desktop_app.report.dates import compact_months, months_from_index, parse_or_none
from desktop_app.report.evidence import split_table
from desktop_app.report.layout import (
    ACCENT,
    FRAME_WIDTH,
    HEADER_FILL,
    RULE,
    Letterhead,
    logo_image,
    markup,
    para,
    styles,
)
from desktop_app.report.markers import CaseMarker
from desktop_app.report.view import CaseView

# Roles printed at the top, so that the sections below do not print them again.
HEADING_ROLES = ("institution", "board_question")
FACT_ROLES = (
    "age", "sex", "primary_site", "laterality", "diagnosis", "metastatic_sites",
    "current_status", "date_of_death",
)  # fmt: skip


def case_label(view: CaseView) -> str:
    """What names the case on its pages: its case number, else its title."""
    return view.case_text("case_number") or view.case_text("title") or "Case"


LONG_NAME = 90  # characters; a longer institution prints in full below the top line


def top_line(name: str, right: str, letterhead: Letterhead | None) -> list[Flowable]:
    """The line above a case's title (and a packet's agenda): the logo, the institution's
    name and, on the right, the board and its date. A name too long for the line prints in
    full below it."""
    s = styles()
    logo = logo_image(letterhead.logo) if letterhead else None
    long_name = len(name) > LONG_NAME
    cells: list[Flowable | str] = [para("" if long_name else name, s.kicker),
                                   Paragraph(markup(right), s.kicker)]  # fmt: skip
    widths = [FRAME_WIDTH * 0.62, FRAME_WIDTH * 0.38]
    if logo is not None:
        cells.insert(0, logo)
        widths = [logo.drawWidth + 8, widths[0] - logo.drawWidth - 8, widths[1]]
    top = Table(
        [cells],
        colWidths=widths,
        style=TableStyle([
            ("ALIGN", (-1, 0), (-1, 0), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ]),
    )  # fmt: skip
    top.hAlign = "LEFT"
    return [top, *([para(name, s.kicker)] if long_name else [])]


def case_heading(
    view: CaseView, index: int, board_date: str, letterhead: Letterhead | None = None
) -> list[Flowable]:
    """The top of a case. With a letterhead (the settings' institution), the issuing
    institution heads the page and the case's own institution, when it is another one (a
    referral, a published case), is named below the title."""
    s = styles()
    number = view.case_text("case_number")
    title = view.case_text("title") or view.role_text("diagnosis") or f"Case {number}".strip()
    institution = view.role_text("institution")
    issuer = letterhead.institution.strip() if letterhead else ""
    right = f"Tumour board · {board_date}" if board_date else "Tumour board"
    notes = [f"Case {number}" if number and title != f"Case {number}" else ""]
    index_field = view.role_field("index_date")
    kind = view.role_text("index_date_kind")
    # De-identified, every date prints as a distance from the index date, which itself
    # prints only as what it is the date of.
    when = view.text(index_field, view.record.values) if view.identified else ""
    if index_field is not None and (kind or when):
        # "Times from the diagnosis (10 May 2015)": what the +3 mo of the timeline count from.
        start = f"the {kind[:1].lower()}{kind[1:]}" if kind else f"the {index_field.label.lower()}"
        notes.append(f"Times from {start}" + (f" ({when})" if when else ""))
    own = view.role_field("institution")
    if issuer and institution and institution != issuer and own is not None:
        notes.append(f"{own.label}: {institution}")
    notes.append("identified" if view.identified else "de-identified")
    story: list[Flowable] = [
        CaseMarker(case_label(view), title, f"case-{index}", view.deid_note()),
        *top_line(issuer or institution, right, letterhead),
        para(title, s.title),
        para(" · ".join(n for n in notes if n), s.note),
    ]
    found = view.identifiers()
    if found:
        story.append(para("  ·  ".join(f"{label}: {value}" for label, value in found),
                          s.identifiers))  # fmt: skip
    story.append(HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=3))
    question = view.role_field("board_question")
    asked = view.text(question, view.record.values) if question else ""
    if question and asked:
        story.append(para(question.label.upper(), s.question_label))
        story.append(para(asked, s.question))
    strip = key_facts(view)
    if strip is not None:
        story.append(strip)
    return story


def cover_letterhead(letterhead: Letterhead | None) -> list[Flowable]:
    """The letterhead above a board packet's agenda (nothing without one)."""
    if not letterhead:
        return []
    return top_line(letterhead.institution.strip(), "", letterhead)


def status_text(view: CaseView) -> str:
    """The current status and how long after the index date it was last known: the status
    field, else the latest follow-up entry; the time of death, else of that entry."""
    status, when = view.role_text("current_status"), None
    for group in view.groups_with("followup_status"):
        status_field = view.spec.role_field("followup_status", group.id)
        date_field = view.spec.role_field("event_date", group.id)
        for entry in view.entries(group.id):
            shown = view.text(status_field, entry.values)
            at = parse_or_none(entry.values.get(date_field.id, "")) if date_field else None
            months = months_from_index(at, view.index_date) if at else None
            if shown and (when is None or months is None or months >= when):
                latest, when = shown, months if months is not None else when
                status = view.role_text("current_status") or latest
    died = view.role_field("date_of_death")
    died_at = parse_or_none(view.record.values.get(died.id, "")) if died else None
    if died is not None and died_at is not None:
        status = status or died.label
        when = months_from_index(died_at, view.index_date)
    if not status:
        return ""
    return status + (f" · {compact_months(when)} from index" if when is not None else "")


def key_facts(view: CaseView) -> Table | None:
    """One row of boxes: who, where, what, how bad, how far, and how the patient is now."""
    s = styles()
    site = ", ".join(p for p in (view.role_text("primary_site"), view.role_text("laterality"))
                     if p)  # fmt: skip
    who = " · ".join(p for p in (view.age_text(), view.role_text("sex")) if p)
    facts = [
        ("Patient", who),
        ("Primary site", site),
        ("Diagnosis", view.role_text("diagnosis")),
        ("Grade", view.role_text("grade")),
        ("Extent", view.role_text("metastatic_sites")),
        ("Status", status_text(view)),
    ]
    shown = [(caption, value) for caption, value in facts if value]
    if not shown:
        return None
    width = FRAME_WIDTH / len(shown)
    caption_style = s.fact_caption
    cells: list[Paragraph | str] = [
        Paragraph(
            f'<font size="{caption_style.fontSize}" color="{caption_style.textColor.hexval()}">'
            f"{markup(caption.upper())}</font><br/>{markup(value)}", s.fact_value,
        )
        for caption, value in shown
    ]  # fmt: skip
    table = split_table(
        [cells],
        [width] * len(shown),
        TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL),
            ("LINEAFTER", (0, 0), (-2, -1), 0.8, "white"),
            ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]),
        repeat=0,
    )  # fmt: skip
    table.spaceAfter = 6
    return table
