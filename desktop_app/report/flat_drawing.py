"""A drawing of lines, rectangles, circles and strings (the timeline) drawn straight onto the
page, as reportlab's renderer would draw it.

reportlab's renderer wraps every shape in a saved and restored graphics state and sets every
one of its properties again (colour, width, cap, join, dash, overprint), which was a tenth of
a case summary's time for the timeline's hundred-odd shapes (issue 13). Here each shape sets
only what differs from the shape drawn before it; the page looks the same. A drawing with
anything else in it (a group, a transform, a path) is left to reportlab's renderer.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

FLAT = (Line, Rect, Circle, String)


class FlatDrawing(Flowable):
    """`drawing` as a flowable of the same size and alignment."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height
        self.hAlign = drawing.hAlign
        self.flat = all(map(_flat, drawing.contents)) and tuple(drawing.transform) == (
            1, 0, 0, 1, 0, 0,
        )  # fmt: skip

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if not self.flat:
            renderPDF.draw(self.drawing, self.canv, 0, 0)
            return
        _Pen(self.canv).draw(self.drawing.contents)


def _flat(node: Any) -> bool:
    """Whether `node` is one of the shapes drawn here, as the renderer would draw it."""
    kind: type = type(node)
    if kind not in FLAT:
        return False
    if kind is Rect and (node.rx or node.ry):  # rounded corners: the renderer's own
        return False
    if kind is String:
        anchored = node.textAnchor in ("start", "middle", "end")
        return anchored and getattr(node, "textRenderMode", 0) == 0
    return True


class _Pen:
    """The canvas's state as the shapes drawn so far left it."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.stroke: Any = None
        self.fill: Any = None
        self.width: float | None = None
        self.dash: Any = False  # unknown until set
        self.font: tuple[str, float] | None = None
        canvas.setLineCap(0)
        canvas.setLineJoin(0)

    def draw(self, shapes: list[Any]) -> None:
        for shape in shapes:
            kind = type(shape)
            if kind is String:
                self.string(shape)
                continue
            see_through = shape.strokeOpacity is not None or (
                getattr(shape, "fillOpacity", None) is not None
            )
            if see_through:  # its alpha stays with it
                self.canvas.saveState()
                self.shape(shape)
                self.canvas.restoreState()
                self.stroke = self.fill = self.width = self.font = None
                self.dash = False
            else:
                self.shape(shape)

    def _stroke_with(self, shape: Any) -> bool:
        if shape.strokeColor is None:
            return False
        canvas = self.canvas
        if shape.strokeColor != self.stroke:
            canvas.setStrokeColor(shape.strokeColor)
            self.stroke = shape.strokeColor
        if shape.strokeWidth != self.width:
            canvas.setLineWidth(shape.strokeWidth)
            self.width = shape.strokeWidth
        dash = shape.strokeDashArray or None
        if dash != self.dash:
            canvas.setDash(dash) if dash else canvas.setDash()
            self.dash = dash
        if shape.strokeOpacity is not None:
            canvas.setStrokeAlpha(shape.strokeOpacity)
        return True

    def _fill_with(self, shape: Any) -> bool:
        if shape.fillColor is None:
            return False
        if shape.fillColor != self.fill:
            self.canvas.setFillColor(shape.fillColor)
            self.fill = shape.fillColor
        if getattr(shape, "fillOpacity", None) is not None:
            self.canvas.setFillAlpha(shape.fillOpacity)
        return True

    def shape(self, shape: Any) -> None:
        canvas = self.canvas
        if type(shape) is Line:
            if self._stroke_with(shape):
                canvas.line(shape.x1, shape.y1, shape.x2, shape.y2)
            return
        stroke, fill = int(self._stroke_with(shape)), int(self._fill_with(shape))
        if type(shape) is Rect:
            canvas.rect(shape.x, shape.y, shape.width, shape.height, stroke=stroke, fill=fill)
        else:
            canvas.circle(shape.cx, shape.cy, shape.r, stroke=stroke, fill=fill)

    def string(self, shape: String) -> None:
        if not self._fill_with(shape):
            return
        font = (shape.fontName, shape.fontSize)
        if font != self.font:
            self.canvas.setFont(*font)
            self.font = font
        x = shape.x
        if shape.textAnchor in ("end", "middle"):
            wide = stringWidth(shape.text, shape.fontName, shape.fontSize, shape.encoding)
            x -= wide if shape.textAnchor == "end" else wide / 2
        self.canvas.drawString(x, shape.y, shape.text)
