"""The evidence of a case: repeating groups as tables, dated lists and the IHC grid.

Which group is which is read from roles: a group with a `modality` field is an
examination table, one with `marker` and `marker_result` an immunohistochemistry grid, one
with `treatment_modality` or `followup_status` a dated list. Any other group prints as a
table of the columns its specification names for the editor. In every table the leading
columns are the fields that matter; every other filled field of an entry goes, as
"label: value", into a last column, so descriptors that only apply to one technique (SWE
stiffness, CEUS pattern, resistance index) print only for the examinations that have them.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from desktop_app.record import GroupEntry
from desktop_app.report.dates import months_from_index, parse_or_none
from desktop_app.report.layout import (
    CELL_PAD,
    CELL_TEXT,
    EQUIVOCAL_FILL,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    NEGATIVE_FILL,
    POSITIVE_FILL,
    RULE,
    cell_height,
    column_widths,
    field_heading,
    grid_style,
    long_paragraphs,
    markup,
    narrowest,
    para,
    plain_cell,
    plain_cell_style,
    styles,
    text_pieces,
)
from desktop_app.report.rich_cell import Rich, RichCell, add, joined, plain_text
from desktop_app.report.view import CaseView
from desktop_app.rules.other_name import names_a_choice
from desktop_app.spec.model import FieldSpec, GroupSpec

EXAMINATION_ROLES = ("event_date", "modality", "lesion", "size", "birads")
DATED_LEAD_ROLES = ("treatment_modality", "followup_status", "event_kind")
TALL_ROW = FRAME_HEIGHT * 0.4  # a row this tall may be split across pages
MIN_SPLIT = 30  # points: the least of a split row left on either page
GRID_COLUMNS = 6


def _role_fields(view: CaseView, group: GroupSpec, roles: tuple[str, ...]) -> list[FieldSpec]:
    found = [view.spec.role_field(r, group.id) for r in roles]
    return [f for f in found if f is not None]


def details(view: CaseView, entry: GroupEntry, fields: list[FieldSpec]) -> Rich:
    """The filled `fields` of an entry as cell runs: short values as 'label: value' (the
    label in italics) on one line, each long text on lines of its own after it."""
    short: Rich = []
    long: Rich = []
    for f in fields:
        value = view.text(f, entry.values)
        if not value or names_a_choice(view.spec, f):  # printed in its choice's place
            continue
        if f.type == "longtext" and len(value) > CELL_TEXT:
            # a table's cell cannot hold a long text: its start here, the rest below
            start = text_pieces(value, CELL_TEXT)[0]
            long.append([])
            add(add(long, "", start.rstrip()), "i", " (continued below)")
            label = view.entry_labels(f.group).get(str(entry.entry_id), "")
            view.continued.append((f"{f.label} ({label})" if label else f.label,
                                   value[len(start):]))  # fmt: skip
        elif f.type == "longtext":
            long.append([])
            add(long, "", value)
        else:
            if short:
                add(short, "", "; ")
            add(add(short, "i", f"{f.label}:"), "", f" {value}")
    return short + long


def opening_height(
    data: Sequence[Sequence[Flowable | str]], widths: list[float], rows: int
) -> float:
    """Room for a group's heading and the first `rows` rows of its table, so that a heading
    never stands alone at the foot of a page (a row taller than half a page may split)."""
    height = 18.0
    for row in data[:rows]:
        cells = [cell_height(c, w) for c, w in zip(row, widths, strict=True)]
        height += max(cells, default=0.0) + 6
    return min(height, FRAME_HEIGHT * 0.5)


def heading(group: GroupSpec, count: int, titled: bool) -> list[Flowable]:
    """The group's label and count above its table, unless its section already names it."""
    return [para(f"{group.label} ({count})", styles().group)] if titled else [Spacer(1, 3)]


def entry_table(
    view: CaseView, group: GroupSpec, lead: list[FieldSpec], titled: bool = True
) -> list[Flowable]:
    """The group's entries, one row each: the `lead` columns some entry fills, then the
    rest of each entry as 'Details'; [] when no entry has anything to print."""
    s = styles()
    leading = {f.id for f in lead}  # ids: comparing whole FieldSpecs was a tenth of this
    rest = [f for f in group.fields if f.id not in leading]
    rows: list[tuple[dict[str, str], Rich]] = []
    for entry in view.entries(group.id):
        cells = {f.id: view.text(f, entry.values, unit=False) for f in lead}
        more = details(view, entry, rest)
        if any(cells.values()) or more:
            rows.append((cells, more))
    columns = [f for f in lead if any(cells.get(f.id) for cells, _more in rows)]
    has_details = any(more for _cells, more in rows)
    if not rows:
        return []
    headers = [field_heading(f.label, f.unit) for f in columns]
    texts = [[cells.get(f.id, "") for f in columns] for cells, _more in rows]
    if has_details:
        headers.append("Details")
        for line, (_cells, more) in zip(texts, rows, strict=True):
            # measured as the escaped markup it once was, so the columns keep their widths
            line.append(escape(plain_text(more)))
    cells_by_column = [[line[i] for line in texts] for i in range(len(headers))]
    widths = column_widths(headers, cells_by_column, wide=[False] * len(columns) + [True])
    if has_details and columns:
        # Descriptors and findings: the more there is to read, the more room it gets.
        # Never so much that a word of a leading column has to break.
        typical = sum(len(t) for t in cells_by_column[-1]) / len(rows)
        least = list(map(narrowest, headers[:-1], cells_by_column[:-1]))
        target = min(FRAME_WIDTH * (0.5 if typical > 160 else 0.36), FRAME_WIDTH - sum(least))
        room = max(widths[-1], target)
        fitted = column_widths(headers[:-1], cells_by_column[:-1], FRAME_WIDTH - room)
        fitted = [max(w, n) for w, n in zip(fitted, least, strict=True)]
        widths = [*fitted, max(FRAME_WIDTH - sum(fitted), FRAME_WIDTH * 0.2)]
    data: list[list[Flowable | str]] = [
        [plain_cell(h, w, bold=True) for h, w in zip(headers, widths, strict=True)]
    ]
    for (_cells, more), line in zip(rows, texts, strict=True):
        row: list[Flowable | str] = [
            plain_cell(t, w)
            for t, w in zip(line[: len(columns)], widths[: len(columns)], strict=True)
        ]
        if has_details:
            row.append(RichCell(more, s.cell))
        data.append(row)
    return [
        CondPageBreak(opening_height(data, widths, 2)),
        *heading(group, len(rows), titled),
        split_table(data, widths, grid_style(len(data)), repeat=1),
        Spacer(1, 2 * mm),
    ]


def split_table(
    data: Sequence[Sequence[Flowable | str]], widths: list[float], style: TableStyle, repeat: int
) -> Table:
    """A table whose rows split across pages only where one is too tall for a page."""
    tall = any(
        (not isinstance(cell, Paragraph) or _may_be_tall(cell, width - 2 * CELL_PAD))
        and cell_height(cell, width) > TALL_ROW
        for row in data
        for cell, width in zip(row, widths, strict=True)
    )
    return Table([list(row) for row in data], colWidths=widths, repeatRows=repeat, style=style,
                 hAlign="LEFT", splitInRow=MIN_SPLIT if tall else 0)  # fmt: skip


def _may_be_tall(cell: Paragraph, width: float) -> bool:
    """A generous guess from the length of the text, so that only a cell that may be too
    tall is measured (wrapping every cell twice costs a third of the build)."""
    style = cell.style
    text = str(getattr(cell, "text", ""))
    lines = len(text) * style.fontSize * 0.7 / max(width, 1.0) + text.count("<br")
    return lines * style.leading > TALL_ROW * 0.5


def examination_table(view: CaseView, group: GroupSpec, titled: bool = True) -> list[Flowable]:
    lead = _role_fields(view, group, EXAMINATION_ROLES)
    return entry_table(view, group, lead or list(group.table_columns), titled)


def generic_table(view: CaseView, group: GroupSpec, titled: bool = True) -> list[Flowable]:
    when = _role_fields(view, group, ("event_date",))
    named = [f for f in group.fields if f.id == group.entry_label and f not in when]
    first = {f.id for f in when + named}
    lead = when + named + [f for f in group.table_columns if f.id not in first]
    return entry_table(view, group, lead, titled)


def _when(view: CaseView, group: GroupSpec, entry: GroupEntry) -> tuple[float, str]:
    start = view.spec.role_field("event_date", group.id)
    end = view.spec.role_field("event_end_date", group.id)
    text = view.text(start, entry.values) if start else ""
    until = view.text(end, entry.values) if end else ""
    at = parse_or_none(entry.values.get(start.id, "")) if start else None
    months = months_from_index(at, view.index_date) if at else None
    shown = f"{text} – {until}" if text and until else text or (f"until {until}" if until else "")
    return (months if months is not None else float("inf"), shown)


def dated_list(view: CaseView, group: GroupSpec, titled: bool = True) -> list[Flowable]:
    """One line per entry, in time order: when, then what (bold), its intent, the rest."""
    s = styles()
    lead = _role_fields(view, group, DATED_LEAD_ROLES)[:1]
    intent = _role_fields(view, group, ("treatment_intent",))
    dates = _role_fields(view, group, ("event_date", "event_end_date"))
    placed = {f.id for f in lead + intent + dates}
    rest = [f for f in group.fields if f.id not in placed]
    rows: list[tuple[float, int, str, Rich]] = []
    for position, entry in enumerate(view.entries(group.id)):
        months, when = _when(view, group, entry)
        what = view.text(lead[0], entry.values) if lead else ""
        how = view.text(intent[0], entry.values) if intent else ""
        cell: Rich = []
        if what:
            add(add(cell, "b", what), "", f" ({how})" if how else "")
        elif how:
            add(cell, "", how)
        more = details(view, entry, rest)
        if len(more) > 1:  # its first line break a dash, as its head's
            more = [more[0] + [("", " — ")] + more[1], *more[2:]]
        if more and plain_text(cell):
            cell[-1].append(("", " — "))
            cell[-1].extend(more[0])
            cell.extend(more[1:])
        elif more:
            cell = more
        if plain_text(cell) or when:
            rows.append((months, position, when, cell))
    if not rows:
        return []
    rows.sort(key=lambda row: (row[0], row[1]))
    if any(when for _m, _p, when, _t in rows):
        widths = [FRAME_WIDTH * 0.16, FRAME_WIDTH * 0.84]
        data: list[list[Flowable | str]] = [
            [plain_cell(when, widths[0]), RichCell(text, s.cell)] for _m, _p, when, text in rows
        ]
    else:  # nothing dated: no empty column of dates
        data = [[RichCell(text, s.cell)] for _m, _p, _w, text in rows]
        widths = [FRAME_WIDTH]
    style = TableStyle([
        *plain_cell_style(header=False),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
    ])  # fmt: skip
    return [
        CondPageBreak(opening_height(data, widths, 1)),
        *heading(group, len(rows), titled),
        split_table(data, widths, style, repeat=0),
        Spacer(1, 2 * mm),
    ]


def result_kind(label: str) -> str:
    """'positive', 'negative' or 'equivocal', from how the result vocabulary words it."""
    low = label.lower()
    if "neg" in low:
        return "negative"
    if any(word in low for word in ("pos", "focal", "diffuse", "express", "retained")):
        return "positive"
    return "equivocal"


def ihc_grid(view: CaseView, group: GroupSpec, titled: bool = True) -> list[Flowable]:
    """Markers as a grid of tinted cells: positive first, then equivocal, then negative."""
    s = styles()
    marker = view.spec.role_field("marker", group.id)
    result = view.spec.role_field("marker_result", group.id)
    if marker is None or result is None:
        return []
    rest = [f for f in group.fields if f not in (marker, result)]
    # A value every marker shares (one specimen for all) prints once, above the grid.
    shared: list[str] = []
    entries = view.entries(group.id)
    for f in list(rest):
        values = {view.text(f, e.values) for e in entries}
        if len(entries) > 1 and len(values) == 1 and "" not in values:
            shared.append(f"<i>{markup(f.label)}:</i> {markup(values.pop())}")
            rest.remove(f)
    order = {"positive": 0, "equivocal": 1, "negative": 2}
    cells: list[tuple[int, int, str, Rich]] = []
    for position, entry in enumerate(view.entries(group.id)):
        name, said = view.text(marker, entry.values), view.text(result, entry.values)
        more = joined(details(view, entry, rest), "; ")
        if not name and not said and not more:
            continue
        kind = result_kind(said)
        text: Rich = [[("b", name or "?"), ("", f" {said}")]] + ([more] if more else [])
        cells.append((order[kind], position, kind, text))
    if not cells:
        return []
    cells.sort(key=lambda c: (c[0], c[1]))
    fills = {"positive": POSITIVE_FILL, "negative": NEGATIVE_FILL, "equivocal": EQUIVOCAL_FILL}
    data: list[list[Flowable | str]] = []
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]  # fmt: skip
    for index, (_o, _p, kind, text) in enumerate(cells):
        row, column = divmod(index, GRID_COLUMNS)
        if column == 0:
            data.append([""] * GRID_COLUMNS)
        data[row][column] = RichCell(text, s.cell)
        commands.append(("BACKGROUND", (column, row), (column, row), fills[kind]))
        commands.append(("BOX", (column, row), (column, row), 1.5, "white"))
    widths = [FRAME_WIDTH / GRID_COLUMNS] * GRID_COLUMNS
    grid = split_table(data, widths, TableStyle(commands), repeat=0)
    story: list[Flowable] = [CondPageBreak(30 * mm), *heading(group, len(cells), titled)]
    if shared:
        story.append(Paragraph("; ".join(shared), s.small))
    return [CondPageBreak(opening_height(data, widths, 1) + 12), *story[1:], grid,
            Spacer(1, 2 * mm)]  # fmt: skip


def group_flowables(view: CaseView, group: GroupSpec, titled: bool = True) -> list[Flowable]:
    """A group printed the way its roles say it reads best, then the rest of any long text
    that a cell could only begin."""
    story = _group_flowables(view, group, titled)
    for title, rest in view.continued:
        story += long_paragraphs(f"{title}, continued:", rest, styles().body)
    view.continued.clear()
    return story


def _group_flowables(view: CaseView, group: GroupSpec, titled: bool) -> list[Flowable]:
    roles = {f.role for f in group.fields}
    if {"marker", "marker_result"} <= roles:
        return ihc_grid(view, group, titled)
    if "modality" in roles:
        return examination_table(view, group, titled)
    if roles & {"treatment_modality", "followup_status"}:
        return dated_list(view, group, titled)
    return generic_table(view, group, titled)
