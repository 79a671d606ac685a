"""Page geometry, paragraph styles, table styles and column widths of the case summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.platypus import Flowable, Image, Paragraph, TableStyle

from desktop_app.report.fonts import register_fonts
from desktop_app.report.rich_cell import Rich, RichCell, add, width_of

PAPERS = {"A4": A4, "Letter": LETTER}
MARGIN_X = 16 * mm  # on the narrower paper (A4); Letter centres the same frame
MARGIN_TOP = 18 * mm  # room for the CONFIDENTIAL band of an identified summary
MARGIN_BOTTOM = 20 * mm  # room for the footer
FRAME_PADDING = 6.0  # platypus's default padding inside the page's frame, points
# One frame fits both papers (A4's width, Letter's height), so that a summary lays out
# the same on either and every width below is a constant.
FRAME_WIDTH = min(A4[0], LETTER[0]) - 2 * MARGIN_X - 2 * FRAME_PADDING
FRAME_HEIGHT = min(A4[1], LETTER[1]) - MARGIN_TOP - MARGIN_BOTTOM - 2 * FRAME_PADDING
FOOTER_Y = 11 * mm
FOOTER_SIZE = 7.5

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#b8c4d0")
HEADER_FILL = colors.HexColor("#e4ebf2")
ZEBRA_FILL = colors.HexColor("#f5f7f9")

WARNING = colors.HexColor("#a4161a")
POSITIVE_FILL = colors.HexColor("#dcefdc")
NEGATIVE_FILL = colors.HexColor("#eeeeee")
EQUIVOCAL_FILL = colors.HexColor("#fbf0d0")
QUESTION_FILL = colors.HexColor("#eef3f8")

CELL_PAD = 3.0  # left/right padding of a table cell, points
TABLE_FONT_SIZE = 7.5
LOGO_HEIGHT = 13 * mm  # the tallest a logo prints at the top of a case or the agenda
LOGO_WIDTH = 45 * mm  # and the widest


@dataclass(frozen=True)
class Letterhead:
    """Who issues the PDF: the workstation's institution and its logo (from the settings),
    printed at the top of every case and of a packet's agenda."""

    institution: str = ""
    logo: Path | None = None

    def __bool__(self) -> bool:
        return bool(self.institution.strip() or self.logo)


def logo_image(path: Path | None) -> Image | None:
    """The logo scaled to fit LOGO_WIDTH × LOGO_HEIGHT, its proportions kept; None when
    there is none or it can no longer be read (the PDF prints without it)."""
    if path is None:
        return None
    try:
        width, height = ImageReader(str(path)).getSize()
    except (OSError, ValueError, SyntaxError):
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(LOGO_WIDTH / width, LOGO_HEIGHT / height)
    image = Image(str(path), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    note: ParagraphStyle
    tab: ParagraphStyle
    section: ParagraphStyle
    group: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle
    kicker: ParagraphStyle
    fact_caption: ParagraphStyle
    fact_value: ParagraphStyle
    question_label: ParagraphStyle
    question: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    identifiers: ParagraphStyle


_STYLES: Styles | None = None


def styles() -> Styles:
    """The paragraph styles, built once (after the DejaVu fonts are registered)."""
    global _STYLES
    if _STYLES is None:
        font = register_fonts()
        base = ParagraphStyle(
            "base", fontName=font.regular, fontSize=9, leading=11.5, textColor=INK
        )
        _STYLES = Styles(
            title=ParagraphStyle(
                "title", base, fontName=font.bold, fontSize=16, leading=20, textColor=ACCENT
            ),
            subtitle=ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, spaceAfter=2),
            note=ParagraphStyle(
                "note", base, fontName=font.italic, fontSize=8, leading=10, textColor=MUTED
            ),
            tab=ParagraphStyle(
                "tab", base, fontName=font.bold, fontSize=12.5, leading=16, textColor=ACCENT,
                spaceBefore=10, spaceAfter=3,
            ),
            section=ParagraphStyle(
                "section", base, fontName=font.bold, fontSize=9.5, leading=12, textColor=INK,
                spaceBefore=5, spaceAfter=2,
            ),
            group=ParagraphStyle(
                "group", base, fontName=font.bold, fontSize=9.5, leading=12, textColor=INK,
                spaceBefore=7, spaceAfter=3,
            ),
            label=ParagraphStyle("label", base, fontSize=8.5, leading=11, textColor=MUTED),
            value=ParagraphStyle("value", base, fontSize=9, leading=11.5),
            cell=ParagraphStyle(
                "cell", base, fontSize=TABLE_FONT_SIZE, leading=TABLE_FONT_SIZE * 1.25
            ),
            cell_header=ParagraphStyle(
                "cell_header", base, fontName=font.bold, fontSize=TABLE_FONT_SIZE,
                leading=TABLE_FONT_SIZE * 1.25,
            ),
            kicker=ParagraphStyle(
                "kicker", base, fontName=font.bold, fontSize=8.5, leading=11, textColor=MUTED
            ),
            fact_caption=ParagraphStyle(
                "fact_caption", base, fontSize=6.5, leading=8, textColor=MUTED
            ),
            fact_value=ParagraphStyle(
                "fact_value", base, fontName=font.bold, fontSize=8.5, leading=10.5
            ),
            question_label=ParagraphStyle(
                "question_label", base, fontName=font.bold, fontSize=8, leading=10,
                textColor=ACCENT, spaceBefore=6,
            ),
            question=ParagraphStyle(
                "question", base, fontSize=10.5, leading=14, backColor=QUESTION_FILL,
                borderColor=ACCENT, borderWidth=0, borderPadding=(4, 5, 5, 5),
                leftIndent=5, rightIndent=5, spaceBefore=4, spaceAfter=8,
            ),
            body=ParagraphStyle("body", base, fontSize=9, leading=12.5, spaceAfter=3),
            small=ParagraphStyle(
                "small", base, fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=2
            ),
            identifiers=ParagraphStyle(
                "identifiers", base, fontSize=8.5, leading=11, textColor=WARNING
            ),
        )  # fmt: skip
    return _STYLES


def markup(text: str) -> str:
    """Plain text as Paragraph markup: <, > and & escaped; line breaks kept."""
    lines = escape(text.replace("\r\n", "\n")).split("\n")
    return "<br/>".join(lines)


def para(text: str, style: ParagraphStyle) -> Flowable:
    """Plain text in `style`: as runs (report/rich_cell.py) where the style is plain text
    set left, as a Paragraph where it draws more (a background, a border, indents)."""
    plain = not (style.backColor or style.borderWidth or style.leftIndent or style.rightIndent
                 or style.firstLineIndent or style.alignment != TA_LEFT)  # fmt: skip
    return RichCell(add([], "", text), style) if plain else Paragraph(markup(text), style)


# Characters of free text in one paragraph, and in one table cell. Reportlab lays a
# paragraph out again from its start each time a page splits it, so a long text printed as
# one paragraph takes time that grows with the square of its length (a 1 MB text: hours).
LONG_TEXT = 3000
CELL_TEXT = 1500


def text_pieces(text: str, room: int = LONG_TEXT) -> list[str]:
    """`text` cut into pieces of at most `room` characters: at a line break, else after a
    sentence, else at a space. Nothing is lost: the pieces put back together are `text`."""
    pieces: list[str] = []
    while len(text) > room:
        window = text[:room]
        cut = window.rfind("\n") + 1
        if cut < room // 2:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! ")) + 2
        if cut < room // 2:
            cut = window.rfind(" ") + 1
        if cut < room // 2:
            cut = room
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


def long_paragraphs(head: str, text: str, style: ParagraphStyle) -> list[Flowable]:
    """`head` (a run-in label, printed in bold) then the plain `text`, as one paragraph of
    runs (report/rich_cell.py), or as several when the text is long."""
    pieces = text_pieces(text)
    paragraphs: list[Flowable] = []
    for number, piece in enumerate(pieces):
        runs: Rich = [[("b", head), ("", " ")]] if head and number == 0 else []
        paragraphs.append(RichCell(add(runs, "", piece.strip()), style))
    return paragraphs


def field_heading(label: str, unit: str) -> str:
    return f"{label} ({unit})" if unit else label


def plain_cell(text: str, width: float, bold: bool = False) -> str:
    """A table cell of plain text, as a string broken into lines that fit a column `width`
    points wide (its padding included): reportlab draws a string cell as it is, so nothing
    typed is read as markup, and breaking it by words costs far less than a Paragraph.
    The table's style gives it its font (plain_cell_style)."""
    font = styles().cell_header.fontName if bold else styles().cell.fontName
    room = width - 2 * CELL_PAD
    lines = text.replace("\r\n", "\n").split("\n")
    if all(width_of(line, font, TABLE_FONT_SIZE) <= room for line in lines):
        return "\n".join(line.strip() for line in lines)
    return "\n".join(simpleSplit(text.replace("\r\n", "\n"), font, TABLE_FONT_SIZE, room))


def plain_cell_style(header: bool) -> list[tuple[object, ...]]:
    """The font of plain_cell strings: the cell style's (the header row's bold)."""
    s = styles()
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), s.cell.fontName, TABLE_FONT_SIZE, s.cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    if header:
        commands.append(("FONTNAME", (0, 0), (-1, 0), s.cell_header.fontName))
    return commands


def cell_height(cell: Flowable | str, width: float) -> float:
    """The height of a cell's content: a plain_cell string's lines, or a flowable's."""
    if isinstance(cell, str):
        return (cell.count("\n") + 1) * styles().cell.leading if cell else 0.0
    return float(cell.wrap(width - 2 * CELL_PAD, FRAME_HEIGHT)[1])


def grid_style(rows: int) -> TableStyle:
    """A repeating group's table: a shaded header row, light zebra stripes."""
    commands: list[tuple[object, ...]] = [
        *plain_cell_style(header=True),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
    ]
    for row in range(2, rows, 2):
        commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA_FILL))
    return TableStyle(commands)


def _longest_word(text: str, font: str, size: float) -> float:
    words = text.split()
    return max((width_of(w, font, size) for w in words), default=0.0)


def narrowest(header: str, cells: Sequence[str]) -> float:
    """The width a column needs so that no word of its header or cells is broken."""
    s = styles()
    words = [_longest_word(header, s.cell_header.fontName, TABLE_FONT_SIZE)]
    words += [_longest_word(c, s.cell.fontName, TABLE_FONT_SIZE) for c in cells]
    return max(words) + 2 * CELL_PAD + 1


def column_widths(
    headers: Sequence[str],
    columns: Sequence[Sequence[str]],
    total: float = FRAME_WIDTH,
    wide: Sequence[bool] = (),
) -> list[float]:
    """Widths for a table of `headers` and cell texts that fill `total` points.

    Each column asks for the width its longest cell needs on one line (capped, so long text
    wraps) and at least the width of its longest word; a column that asks for less than its
    fair share keeps what it asks for and the rest is shared by the others. `wide` marks
    columns of long text, which ask for more room than their cells' first line suggests.
    """
    s = styles()
    size = TABLE_FONT_SIZE
    pad = 2 * CELL_PAD + 1
    minimum: list[float] = []
    wanted: list[float] = []
    for index, header in enumerate(headers):
        cells = columns[index] if index < len(columns) else ()
        longest = max(
            [_longest_word(header, s.cell_header.fontName, size)]
            + [_longest_word(c, s.cell.fontName, size) for c in cells]
        )
        natural = max(
            [width_of(header, s.cell_header.fontName, size) * 0.6]
            + [max((width_of(line, s.cell.fontName, size) for line in c.split("\n")),
                   default=0.0) for c in cells]
        )  # fmt: skip
        is_wide = index < len(wide) and wide[index]
        cap = total * (0.55 if is_wide else 0.3)
        low = min(longest, total * 0.25) + pad
        minimum.append(low)
        wanted.append(max(low, min(natural + pad, cap)))
    if not wanted:
        return []
    if sum(minimum) >= total:
        return [total * m / sum(minimum) for m in minimum]
    # Water-filling: fix the columns that want less than an equal share of what is left.
    widths: list[float | None] = [None] * len(wanted)
    left = total
    while True:
        open_ = [i for i, w in enumerate(widths) if w is None]
        share = left / len(open_)
        small = [i for i in open_ if wanted[i] <= share]
        if not small or len(small) == len(open_):
            break
        for i in small:
            widths[i] = wanted[i]
            left -= wanted[i]
    open_ = [i for i, w in enumerate(widths) if w is None]
    weight = sum(wanted[i] for i in open_)
    for i in open_:
        widths[i] = max(minimum[i], left * wanted[i] / weight)
    final = [w or 0.0 for w in widths]
    scale = total / sum(final)
    return [w * scale for w in final]
