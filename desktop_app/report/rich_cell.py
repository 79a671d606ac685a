"""Table cells of a few styled runs (a label in italics then its value, a marker's name in
bold), broken into lines by words without a Paragraph.

A Paragraph parses its markup and measures every word again each time its table asks for
its height or splits it: in a case summary that was half of the build (issue 13). A cell
here is plain text in runs of one face each; nothing in it is read as markup, so what a
registrar typed prints as typed. Lines are broken where a Paragraph of the same style
would break them (at spaces, a word too wide for the cell cut by its characters), and
drawn at the same places: the first baseline one font size below the top, one leading
between lines.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop_app.report.fonts import FAMILY

Run = tuple[str, str]  # (face, text): face "" regular, "i" italic, "b" bold, "bi" both
Rich = list[list[Run]]  # lines (hard breaks), each of runs
Laid = list[list[tuple[str, str]]]  # lines as laid out: (font name, text) segments

_FACES: dict[tuple[str, str], str] = {}
_WIDTHS: dict[tuple[str, str, float], float] = {}  # a word's width, measured once
_MEASURED_MOST = 200_000
SHRINK = float(rl_config.spaceShrinkage)  # how much of its spaces a Paragraph's line may lose


def width_of(text: str, font: str, size: float) -> float:
    key = (text, font, size)
    found = _WIDTHS.get(key)
    if found is None:
        if len(_WIDTHS) > _MEASURED_MOST:
            _WIDTHS.clear()
        found = _WIDTHS[key] = stringWidth(text, font, size)
    return found


def face_font(font: str, face: str) -> str:
    """The font of `face` in the family of `font`, as Paragraph picks it for <b> and <i>
    (a bold style's italic run is bold italic)."""
    found = _FACES.get((font, face))
    if found is None:
        family, bold, italic = ps2tt(font)
        found = _FACES[(font, face)] = tt2ps(family, bold or "b" in face, italic or "i" in face)
    return found


def plain_text(rich: Rich, between_lines: str = " ") -> str:
    """The cell's text without faces (to size the columns)."""
    return between_lines.join("".join(text for _face, text in line) for line in rich)


def _cut(word: str, font: str, size: float, first: float, room: float) -> list[str]:
    """A word wider than the cell in pieces, as a Paragraph cuts it: the first fills the
    `first` points left on the line, each next one a line of `room`."""
    pieces: list[str] = []
    piece, used, limit = "", 0.0, first
    for char in word:
        wide = width_of(char, font, size)
        if used + wide > limit and (piece or wide <= room):
            pieces.append(piece)
            piece, used, limit = "", 0.0, room
        piece += char
        used += wide
    return [*pieces, piece]


def lay_out(rich: Rich, room: float, size: float, font: str = FAMILY.regular) -> Laid:
    """Break each line of runs into lines at most `room` points wide, at spaces; `font`
    is the style's, runs in another face use that face of its family."""
    base = font
    laid: Laid = []
    known = _WIDTHS  # width_of's cache, read here directly: this loop runs for every word
    for line in rich:
        current: list[tuple[str, str]] = []
        used = spaces = 0.0  # the line's width, and that of its spaces
        space = False  # a space is due before the next word
        for face, text in line:
            font = face_font(base, face)
            space_wide = width_of(" ", font, size)
            if text[:1].isspace():
                space = True
            for number, word in enumerate(text.split()):
                space = space or number > 0
                wide = known.get((word, font, size))
                if wide is None:
                    wide = width_of(word, font, size)
                gap = space_wide if space and current else 0.0
                # As a Paragraph: a line may run over by a little of its spaces' width.
                if current and used + gap + wide > room + SHRINK * (spaces + gap):
                    if wide > room:  # too wide for any line: cut, from where this line is
                        *whole, word = _cut(word, font, size, room - used - gap, room)
                        _append(current, font, (" " if gap else "") + whole[0])
                        laid.append(current)
                        laid.extend([[(font, piece)] for piece in whole[1:]])
                        wide = width_of(word, font, size)
                    else:
                        laid.append(current)
                    current, used, spaces, gap = [], 0.0, 0.0, 0.0
                elif not current and wide > room:
                    *whole, word = _cut(word, font, size, room, room)
                    laid.extend([[(font, piece)] for piece in whole])
                    wide = width_of(word, font, size)
                _append(current, font, (" " if gap else "") + word)
                used += gap + wide
                spaces += gap
                space = False
            if text[-1:].isspace():
                space = True
        laid.append(current)
    return laid


def _append(line: list[tuple[str, str]], font: str, text: str) -> None:
    if line and line[-1][0] == font:
        line[-1] = (font, line[-1][1] + text)
    else:
        line.append((font, text))


class RichCell(Flowable):
    """A cell's runs in the colour, size and leading of a paragraph style."""

    def __init__(self, rich: Rich, style: ParagraphStyle, laid: Laid | None = None) -> None:
        super().__init__()
        self.rich = rich
        self.style = style
        self._laid = laid  # given: lines already laid out (the part of a split cell)
        self._room: float | None = None
        self.width = self.height = 0.0

    def _lines(self, room: float) -> Laid:
        if self._laid is None or (self._room is not None and self._room != room):
            self._laid = lay_out(self.rich, room, self.style.fontSize, self.style.fontName)
            self._room = room
        return self._laid

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = len(self._lines(available_width)) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Any]:
        lines = self._lines(available_width)
        fit = int(available_height // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return []
        return [RichCell(self.rich, self.style, lines[:fit]),
                RichCell(self.rich, self.style, lines[fit:])]  # fmt: skip

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """As Flowable.drawOn, but the text object is placed at (x, y) itself instead of
        the canvas's origin being moved there and back (a table draws hundreds of cells)."""
        x = self._hAlignAdjust(x, _sW)
        canvas.saveState()
        self.canv = canvas
        self._draw_at(x, y)
        del self.canv
        canvas.restoreState()

    def draw(self) -> None:
        self._draw_at(0, 0)

    def _draw_at(self, x: float, y: float) -> None:
        style = self.style
        text = self.canv.beginText(x, y + self.height - style.fontSize)
        text.setFillColor(style.textColor)
        text.setLeading(style.leading)
        font = ""
        for line in self._lines(self.width):
            last = len(line) - 1
            for number, (name, words) in enumerate(line):
                if name != font:
                    text.setFont(name, style.fontSize, style.leading)
                    font = name
                if number < last:
                    # The next run goes on where this one ends (the PDF's own text cursor):
                    # _textOut, as Paragraph draws its runs, since textOut would measure
                    # the run again only to track a cursor that textLine then resets.
                    text._textOut(words)
                else:
                    text.textLine(words)  # and the next line starts one leading below
            if not line:
                text.textLine("")
        self.canv.drawText(text)


def add(rich: Rich, face: str, text: str) -> Rich:
    """`text` in `face` at the end of the last line of `rich`, a line break in it starting
    a new line; returns `rich`."""
    if not rich:
        rich.append([])
    for number, part in enumerate(text.replace("\r\n", "\n").split("\n")):
        if number:
            rich.append([])
        if part:
            rich[-1].append((face, part))
    return rich


def joined(rich: Rich, between: str) -> list[Run]:
    """The lines of `rich` as one line, `between` where each line ended."""
    line: list[Run] = []
    for number, runs in enumerate(rich):
        if number:
            line.append(("", between))
        line.extend(runs)
    return line
