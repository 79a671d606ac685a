"""The timeline: every dated event of a case on one axis, counted from the index date.

Events are the case's own date fields and every entry of each group that has a field with
the role event_date (with event_end_date, a treatment draws as a bar); a date derived from
a time after a dated event is placed there, labelled with that time (timeline_relative).
Absolute dates, partial dates and offsets ("+6m", "-15y") are all placed in months from the
index date; a partial date is drawn hollow, at the middle of the period it names. When years
pass with nothing happening (an osteosarcoma 15 years before a breast lump), the axis is broken
there, so that the months that matter are not squeezed into a dot.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.report.approximate_dates import date_span
from desktop_app.report.dates import MINUS, is_partial, months_from_index, parse_or_none
from desktop_app.report.fonts import register_fonts
from desktop_app.report.layout import FRAME_WIDTH, INK, MUTED, RULE
from desktop_app.report.timeline_relative import relative_time
from desktop_app.report.view import CaseView
from desktop_app.spec.model import GroupSpec

KIND_ROLES = (
    "modality", "treatment_modality", "followup_status", "event_kind", "procedure", "marker",
)  # fmt: skip
PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#b8860b", "#2e75b6", "#a4161a")
LANES = 5
LANE_HEIGHT = 9.5
LABEL_SIZE = 6.5
TICK_SIZE = 6.5
BREAK = 14.0  # points of axis given to a stretch of time left out
EDGE = 6.0
LABEL_ROOM = 110.0  # the widest a label may be, points


@dataclass(frozen=True)
class Event:
    months: float  # from the index date
    label: str
    series: str  # what the legend calls it: the group's label, or the case's
    approximate: bool = False
    end: float | None = None
    span: tuple[float, float] | None = None  # where an "about/before/after" date may lie


def _kind(view: CaseView, group_id: str, values: dict[str, str]) -> str:
    for role in KIND_ROLES:
        f = view.spec.role_field(role, group_id)
        text = view.text(f, values) if f is not None else ""
        if text:
            return text
    return ""


def entry_kind(view: CaseView, group: GroupSpec, values: dict[str, str]) -> str:
    """What an entry's event is called: its kind (a modality, a status), else the group's."""
    label = _kind(view, group.id, values) or group.entry_name or group.label
    return label[:1].upper() + label[1:]


def events_of_case_label(view: CaseView) -> str:
    """What the legend calls the case's own dates (index date, date of death): its tab."""
    return view.spec.forms[0].label if view.spec.forms else "Case"


def timeline_events(view: CaseView) -> tuple[list[Event], list[str]]:
    """The events that can be placed, and the labels of those that cannot (an absolute date
    when the index date is itself unknown or relative)."""
    placed: list[Event] = []
    unplaced: list[str] = []
    index_field = view.role_field("index_date")
    case_series = events_of_case_label(view)
    for f in view.spec.case_fields:
        if f.type != "date" or f.role == "date_of_birth" or not view.record.values.get(f.id):
            continue
        if f is not index_field and not view.printable(f, view.record.values):
            continue
        value = parse_or_none(view.record.values[f.id])
        if value is None:
            continue
        label = view.role_text("index_date_kind") or f.label if f is index_field else f.label
        months = 0.0 if f is index_field else months_from_index(value, view.index_date)
        if months is None:
            unplaced.append(label)
        else:
            span = date_span(view.record.values[f.id], months)
            placed.append(Event(months, label, case_series, is_partial(value) or bool(span),
                                span=span))  # fmt: skip
    for group in view.groups_with("event_date"):
        start = view.spec.role_field("event_date", group.id)
        end = view.spec.role_field("event_end_date", group.id)
        assert start is not None
        for entry in view.entries(group.id):
            if not view.printable(start, entry.values):
                continue
            value = parse_or_none(entry.values[start.id])
            if value is None:
                continue
            label = entry_kind(view, group, entry.values)
            relative = relative_time(view, group, entry)  # a date worked out from a time after
            if relative is not None and not relative.undated_event:  # an event: its words
                label = f"{label}, {relative.words}"
            months = months_from_index(value, view.index_date)
            if months is None:
                unplaced.append(label)
                continue
            until = None
            if end is not None and view.printable(end, entry.values):
                stop = parse_or_none(entry.values[end.id])
                until = months_from_index(stop, view.index_date) if stop else None
            span = date_span(entry.values[start.id], months)
            placed.append(Event(months, label, group.label, is_partial(value) or bool(span),
                                until, span))  # fmt: skip
    return placed, unplaced


@dataclass(frozen=True)
class Stretch:
    """A piece of the axis: months lo..hi drawn from x to x + width."""

    lo: float
    hi: float
    x: float
    width: float

    def at(self, months: float) -> float:
        return self.x + (months - self.lo) / (self.hi - self.lo) * self.width


def stretches(points: list[float], left: float, right: float) -> list[Stretch]:
    """The axis, broken wherever nothing happens for a long while."""
    points = sorted(set(points))
    span = points[-1] - points[0]
    wide_gap = max(36.0, 0.6 * span)  # three years, and most of the span, with nothing
    clusters: list[list[float]] = [[points[0], points[0]]]
    for p in points[1:]:
        if p - clusters[-1][1] > wide_gap:
            clusters.append([p, p])
        else:
            clusters[-1][1] = p
    total = sum(hi - lo for lo, hi in clusters) or 1.0
    weights = [max(hi - lo, 0.15 * total, 1.0) for lo, hi in clusters]
    room = right - left - BREAK * (len(clusters) - 1)
    found: list[Stretch] = []
    x = left
    for (lo, hi), weight in zip(clusters, weights, strict=True):
        pad = max(0.6, 0.05 * (hi - lo))
        width = room * weight / sum(weights)
        found.append(Stretch(lo - pad, hi + pad, x, width))
        x += width + BREAK
    return found


def x_of(parts: list[Stretch], months: float) -> float:
    for part in parts:
        if part.lo <= months <= part.hi:
            return part.at(months)
    nearest = min(parts, key=lambda p: min(abs(p.lo - months), abs(p.hi - months)))
    return nearest.at(min(max(months, nearest.lo), nearest.hi))


def tick_step(span: float, width: float, reach: float = 0.0) -> tuple[float, bool]:
    """Months between ticks and whether they read in years, for `span` months over `width`
    points, `reach` months at most from the index date: months within three years of it,
    years beyond."""
    most = max(2.0, width / 42)
    in_years = span > 36 or reach > 36
    steps = (12, 24, 60, 120, 240, 600, 1200) if in_years else (1, 2, 3, 6, 12)
    for step in steps:
        if span / step <= most:
            return float(step), in_years and step >= 12
    return float(steps[-1]), in_years


def tick_label(months: float, in_years: bool) -> str:
    if abs(months) < 1e-9:
        return "index"
    sign = MINUS if months < 0 else "+"
    amount = abs(months) / 12 if in_years else abs(months)
    return f"{sign}{amount:g} {'y' if in_years else 'mo'}"


def merged(events: list[Event]) -> list[tuple[Event, int]]:
    """Events in time order, those of one kind within a fortnight of each other as one."""
    found: list[tuple[Event, int]] = []
    for event in sorted(events, key=lambda e: e.months):
        if found:
            last, count = found[-1]
            close = abs(event.months - last.months) < 0.5 and event.end is None
            if close and (last.label, last.series) == (event.label, event.series):
                found[-1] = (last, count + 1)
                continue
        found.append((event, 1))
    return found


def draw_span(drawing: Drawing, left: float, right: float, y: float, ink: colors.Color) -> None:
    """A thin bar with end ticks from `left` to `right`, above the axis."""
    lift = y + 4.2
    drawing.add(Line(left, lift, right, lift, strokeColor=ink, strokeWidth=0.7))
    for x in (left, right):
        drawing.add(Line(x, lift - 1.5, x, lift + 1.5, strokeColor=ink, strokeWidth=0.7))


def timeline_drawing(
    view: CaseView, found: tuple[list[Event], list[str]] | None = None
) -> tuple[Drawing, list[str], str] | None:
    """The drawing, the labels of events that could not be placed, and the units the axis
    reads in ("months", "years" or "months and years"); None when nothing is dated.
    `found`: timeline_events(view), when the caller has it already."""
    events, unplaced = found if found is not None else timeline_events(view)
    if not events:
        return None
    font = register_fonts()
    points = [0.0] + [e.months for e in events] + [e.end for e in events if e.end is not None]
    parts = stretches(points, EDGE, FRAME_WIDTH - EDGE)
    # Each kind of event keeps its colour from case to case: the case's own dates first,
    # then the dated groups in the order of the specification.
    kinds = [events_of_case_label(view), *(g.label for g in view.groups_with("event_date"))]
    series = [name for name in kinds if any(e.series == name for e in events)]
    colour = {name: colors.HexColor(PALETTE[kinds.index(name) % len(PALETTE)]) for name in series}
    legend_y, tick_y, axis_y = 2.0, 14.0, 26.0
    base = axis_y + 10
    height = base + LANES * LANE_HEIGHT + 2
    drawing = Drawing(FRAME_WIDTH, height)
    units: set[str] = set()
    for number, part in enumerate(parts):
        drawing.add(Line(part.x, axis_y, part.x + part.width, axis_y, strokeColor=INK,
                         strokeWidth=0.8))  # fmt: skip
        if number:
            for dx in (-BREAK / 2 - 2, -BREAK / 2 + 2):
                x = part.x + dx
                drawing.add(Line(x - 2, axis_y - 4, x + 2, axis_y + 4, strokeColor=MUTED))
        step, in_years = tick_step(part.hi - part.lo, part.width, max(-part.lo, part.hi))
        units.add("years" if in_years else "months")
        first = int(part.lo // step) + 1
        shown_until = -1e9
        for k in range(first, int(part.hi // step) + 1):
            months = k * step
            x = part.at(months)
            drawing.add(Line(x, axis_y - 2.5, x, axis_y, strokeColor=INK, strokeWidth=0.5))
            text = tick_label(months, in_years)
            half = stringWidth(text, font.regular, TICK_SIZE) / 2
            if x - half > shown_until + 3:
                drawing.add(String(x, tick_y, text, fontName=font.regular, fontSize=TICK_SIZE,
                                   fillColor=MUTED, textAnchor="middle"))  # fmt: skip
                shown_until = x + half
    if parts[0].lo <= 0 <= parts[-1].hi:
        x0 = x_of(parts, 0.0)
        drawing.add(Line(x0, axis_y - 4, x0, height - 2, strokeColor=RULE, strokeWidth=0.6,
                         strokeDashArray=[2, 2]))  # fmt: skip
    lane_ends = [-1e9] * LANES
    for event, count in merged(events):
        x = x_of(parts, event.months)
        ink = colour[event.series]
        if event.end is not None and event.end > event.months:
            x_end = x_of(parts, event.end)
            drawing.add(Rect(x, axis_y - 1.8, x_end - x, 3.6, fillColor=ink, strokeColor=None,
                             fillOpacity=0.45))  # fmt: skip
        if event.span is not None:  # an approximate date: a whisker over its span
            draw_span(drawing, x_of(parts, event.span[0]), x_of(parts, event.span[1]), axis_y,
                      ink)  # fmt: skip
        dot = Circle(x, axis_y, 2.6, strokeColor=ink, strokeWidth=1,
                     fillColor=colors.white if event.approximate else ink)  # fmt: skip
        drawing.add(dot)
        label = event.label + (f" ×{count}" if count > 1 else "")
        while len(label) > 3 and stringWidth(label, font.regular, LABEL_SIZE) > LABEL_ROOM:
            label = label[:-2].rstrip() + "…"
        width = stringWidth(label, font.regular, LABEL_SIZE)
        left = min(x + 2, FRAME_WIDTH - width)  # right of its leader line
        lane = next((n for n in range(LANES) if left > lane_ends[n] + 3), None)
        if lane is None:
            continue  # the dot is drawn; there is no room left for its words
        y = base + lane * LANE_HEIGHT
        drawing.add(Line(x, axis_y + 2.6, x, y - 1.5, strokeColor=ink, strokeWidth=0.4))
        drawing.add(String(left, y, label, fontName=font.regular, fontSize=LABEL_SIZE,
                           fillColor=ink))  # fmt: skip
        lane_ends[lane] = left + width
    x = EDGE
    for name in series:
        drawing.add(Circle(x + 3, legend_y + 2.3, 2.6, fillColor=colour[name],
                           strokeColor=colour[name]))  # fmt: skip
        drawing.add(String(x + 9, legend_y, name, fontName=font.regular, fontSize=TICK_SIZE,
                           fillColor=MUTED))  # fmt: skip
        x += 9 + stringWidth(name, font.regular, TICK_SIZE) + 12
    return drawing, unplaced, " and ".join(sorted(units))
