"""The flowables of one case, derived from the form specification alone.

A title block, then every tab in order: its own filled fields as a label/value table (under
their section's sub-heading), then every repeating group that has entries as a table of the
fields filled in at least one entry. Nothing empty prints, not even a label; fields hidden by
their show_if and, when identifiers are left out, phi fields print nothing either.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, Paragraph, Spacer, Table

from desktop_app.record import CaseRecord, GroupEntry
from desktop_app.report.layout import (
    ACCENT,
    CELL_PAD,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    RULE,
    column_widths,
    field_heading,
    grid_style,
    key_value_style,
    para,
    styles,
)
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.values import display
from desktop_app.spec.model import FieldSpec, FormSpec, GroupSpec, Spec

TITLE_COLUMNS = ("case_number", "title")  # case-list columns printed in the title block
LABEL_SHARE = 0.32  # of the frame width, for the label column of a tab's own fields
TALL_ROW = FRAME_HEIGHT * 0.4  # a row this tall may be split across pages
MIN_SPLIT = 30  # points: the least of a split row left on either page


@dataclass
class CaseView:
    """What of one record may print: shown by show_if, and phi only when asked for."""

    spec: Spec
    record: CaseRecord
    include_phi: bool
    _labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def printable(self, f: FieldSpec, scope: dict[str, str]) -> bool:
        if f.phi and not self.include_phi:
            return False
        return bool(scope.get(f.id)) and is_shown(f, scope, self.record.values)

    def entries(self, group_id: str) -> list[GroupEntry]:
        return self.record.groups.get(group_id, [])

    def entry_labels(self, group_id: str) -> dict[str, str]:
        """How the entries of `group_id` are named where a ref points at them."""
        if group_id not in self._labels:
            group = self.spec.group(group_id)
            ids = [f.id for f in group.fields]
            named = group.field(group.entry_label) if group.entry_label in ids else None
            labels: dict[str, str] = {}
            for entry in self.entries(group_id):
                text = ""
                usable = named is not None and named.type != "ref"
                if named is not None and usable and self.printable(named, entry.values):
                    text = display(self.spec, named, entry.values[named.id])
                labels[str(entry.entry_id)] = text or f"#{entry.entry_id}"
            self._labels[group_id] = labels
        return self._labels[group_id]

    def text(self, f: FieldSpec, scope: dict[str, str], *, unit: bool = True) -> str:
        """The displayed value of `f` in `scope`, or '' when it does not print."""
        if not self.printable(f, scope):
            return ""
        value = scope[f.id]
        if f.numeric and not unit:
            return value
        labels = self.entry_labels(f.ref) if f.type == "ref" else None
        return display(self.spec, f, value, labels)

    def case_text(self, column: str) -> str:
        f = self.spec.summary_field(column)
        return self.text(f, self.record.values) if f is not None else ""


class CaseMarker(Flowable):
    """Invisible: tells the canvas which case the following pages belong to."""

    def __init__(self, footer: str, outline: str, key: str) -> None:
        super().__init__()
        self.footer = footer
        self.outline = outline
        self.key = key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0.0, 0.0)

    def draw(self) -> None:
        self.canv.case_footer = self.footer
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.outline, self.key, level=0)


def case_flowables(view: CaseView, index: int) -> list[Flowable]:
    """Everything one case prints, starting with its marker and title block."""
    story = title_block(view, index)
    for form in view.spec.forms:
        story.extend(form_flowables(view, form))
    return story


def title_block(view: CaseView, index: int) -> list[Flowable]:
    s = styles()
    number_field = view.spec.summary_field("case_number")
    number = view.case_text("case_number")
    title = view.case_text("title")
    number_line = f"{number_field.label}: {number}" if number_field and number else ""
    heading = title or number_line or "Case summary"
    notes = ["Case summary", f"status {view.record.status}"]
    if view.spec.version:
        notes.append(f"form version {view.spec.version}")
    if not view.include_phi:
        notes.append("patient identifiers omitted")
    story: list[Flowable] = [
        CaseMarker(number_line, heading, f"case-{index}"),
        para(heading, s.title),
    ]
    if title and number_line:
        story.append(para(number_line, s.subtitle))
    story.append(para(" · ".join(notes), s.note))
    story.append(HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=4))
    return story


def form_flowables(view: CaseView, form: FormSpec) -> list[Flowable]:
    """A tab: its heading, its own fields by section, then its groups; [] when all empty."""
    s = styles()
    sections: dict[str, list[tuple[FieldSpec, str]]] = {}
    for f in form.fields:
        if f.summary in TITLE_COLUMNS:
            continue
        text = view.text(f, view.record.values)
        if text:
            sections.setdefault(f.section, []).append((f, text))
    body: list[Flowable] = []
    for section, rows in sections.items():
        if section:
            body.append(CondPageBreak(14 * mm))
            body.append(para(section, s.section))
        body.append(key_value_table(rows))
    for group in form.groups:
        body.extend(group_flowables(view, group))
    if not body:
        return []
    return [
        CondPageBreak(30 * mm),
        para(form.label, s.tab),
        HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=3),
        *body,
    ]


def key_value_table(rows: list[tuple[FieldSpec, str]]) -> Table:
    s = styles()
    widths = [FRAME_WIDTH * LABEL_SHARE, FRAME_WIDTH * (1 - LABEL_SHARE)]
    data = [[para(f.label, s.label), para(text, s.value)] for f, text in rows]
    return _table(data, widths, key_value_style(), repeat=0)


def group_flowables(view: CaseView, group: GroupSpec) -> list[Flowable]:
    """A repeating group's table, with only the columns some entry fills; [] when empty."""
    s = styles()
    rows: list[dict[str, str]] = []
    for entry in view.entries(group.id):
        cells = {f.id: view.text(f, entry.values, unit=False) for f in group.fields}
        cells = {k: v for k, v in cells.items() if v}
        if cells:
            rows.append(cells)
    columns = [f for f in group.fields if any(f.id in row for row in rows)]
    if not columns:
        return []
    headers = [field_heading(f.label, f.unit) for f in columns]
    texts = [[row.get(f.id, "") for f in columns] for row in rows]
    widths = column_widths(
        headers,
        [[line[i] for line in texts] for i in range(len(columns))],
        wide=[f.type == "longtext" for f in columns],
    )
    data = [[para(h, s.cell_header) for h in headers]]
    data += [[para(t, s.cell) for t in line] for line in texts]
    heading = f"{group.label} ({len(rows)})"
    return [
        CondPageBreak(20 * mm),
        para(heading, s.group),
        _table(data, widths, grid_style(len(data)), repeat=1),
        Spacer(1, 2 * mm),
    ]


def _table(data: list[list[Paragraph]], widths: list[float], style: object, repeat: int) -> Table:
    """A table whose rows split across pages only where one is too tall for a page."""
    tall = any(
        cell.wrap(width - 2 * CELL_PAD, FRAME_HEIGHT)[1] > TALL_ROW
        for row in data
        for cell, width in zip(row, widths, strict=True)
    )
    return Table(
        data,
        colWidths=widths,
        repeatRows=repeat,
        style=style,
        hAlign="LEFT",
        splitInRow=MIN_SPLIT if tall else 0,
    )
