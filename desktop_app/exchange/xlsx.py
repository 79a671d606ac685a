"""A streaming XLSX writer: text, numbers and empty cells, one sheet per file part.

openpyxl, even in its write-only mode, spends about 20 µs on every cell (a Cell object,
its style, its coordinate, an lxml element); an export of 10,000 cases has millions of
them. Each row is written here as Office Open XML text directly: strings inline (no
shared-string table to keep in memory), numbers as numbers, empty cells left out. Every
sheet streams to a temporary file while the rows arrive (the rows of one case go to
several sheets at once) and the package is zipped at the end.

What a cell can hold is what spreadsheet programs accept: control characters that XML
cannot carry become U+FFFD, and a carriage return is kept as a character reference.
Neutralising formula-like text (CWE-1236) is the caller's business, as before.
"""

from __future__ import annotations

import math
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

Cell = str | int | float | None

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
COMPRESSION = 6  # zlib's default: the parts are highly repetitive XML

# & < > must be escaped; a carriage return would be read back as a line feed; other
# control characters are not allowed in XML at all.
_ESCAPES: dict[int, str] = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;",
                            ord("\r"): "&#13;"}  # fmt: skip
_ESCAPES.update({c: "\ufffd" for c in (*range(0, 9), 11, 12, *range(14, 32))})
_ESCAPES.update({0xFFFE: "\ufffd", 0xFFFF: "\ufffd"})


_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(chr(c)) for c in _ESCAPES) + "]")


def escape(text: str) -> str:
    """`text` as the content of an XML element, with what XML cannot hold replaced."""
    if _NEEDS_ESCAPE.search(text) is None:  # most cells: a search is cheaper than translate
        return text
    return text.translate(_ESCAPES)


def column_letters(index: int) -> str:
    """The column name of a zero-based index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Sheet:
    """One worksheet being written: `append` a row of cells, in order."""

    def __init__(self, name: str, handle: IO[str]) -> None:
        self.name = name
        self._out = handle
        self._rows = 0
        self._columns: list[str] = []
        handle.write(f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData>')

    def append(self, cells: Sequence[Cell]) -> None:
        self._rows += 1
        row = self._rows
        while len(self._columns) < len(cells):
            self._columns.append(column_letters(len(self._columns)))
        parts = [f'<row r="{row}">']
        for column, cell in zip(self._columns, cells, strict=False):
            if cell is None or cell == "":
                continue
            if isinstance(cell, str):
                parts.append(f'<c r="{column}{row}" t="inlineStr"><is><t xml:space="preserve">'
                             f"{escape(cell)}</t></is></c>")  # fmt: skip
            elif isinstance(cell, bool) or not math.isfinite(cell):
                parts.append(f'<c r="{column}{row}" t="inlineStr"><is><t>{cell}</t></is></c>')
            else:
                parts.append(f'<c r="{column}{row}"><v>{cell!r}</v></c>')
        parts.append("</row>")
        self._out.write("".join(parts))

    def finish(self) -> None:
        self._out.write("</sheetData></worksheet>")
        self._out.close()


class Workbook:
    """Sheets in the order they are created; `save` writes the package."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="xlsx-")
        self.sheets: list[Sheet] = []
        self._paths: list[Path] = []

    def create_sheet(self, name: str) -> Sheet:
        path = Path(self._folder.name) / f"sheet{len(self.sheets) + 1}.xml"
        handle = open(path, "w", encoding="utf-8", errors="replace", newline="")  # noqa: SIM115
        sheet = Sheet(name, handle)
        self.sheets.append(sheet)
        self._paths.append(path)
        return sheet

    def save(self, out: IO[bytes]) -> None:
        try:
            for sheet in self.sheets:
                sheet.finish()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION) as z:
                for name, text in self._package_parts().items():
                    z.writestr(name, text)
                for number, path in enumerate(self._paths, start=1):
                    z.write(path, f"xl/worksheets/sheet{number}.xml")
        finally:
            self._folder.cleanup()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_exc: Any) -> None:
        self._folder.cleanup()

    def _package_parts(self) -> dict[str, str]:
        numbers = range(1, len(self.sheets) + 1)
        sheet_type = f"{OFFICE}.spreadsheetml.worksheet+xml"
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet_type}"/>'
            for n in numbers
        )
        types = (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.spreadsheetml.sheet.'
            f'main+xml"/><Override PartName="/xl/styles.xml" ContentType="{OFFICE}.'
            f'spreadsheetml.styles+xml"/>{overrides}</Types>'
        )
        root_rels = (
            f'{HEAD}<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        )
        sheets = "".join(
            f'<sheet name={quoteattr(s.name)} sheetId="{n}" r:id="rId{n}"/>'
            for n, s in zip(numbers, self.sheets, strict=True)
        )
        workbook = (f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{sheets}</sheets>'
                    "</workbook>")  # fmt: skip
        worksheet = f"{RELS}/worksheet"
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{worksheet}" Target="worksheets/sheet{n}.xml"/>'
            for n in numbers
        )
        styles_id = len(self.sheets) + 1
        workbook_rels = (
            f'{HEAD}<Relationships xmlns="{PACKAGE_RELS}">{links}<Relationship '
            f'Id="rId{styles_id}" Type="{RELS}/styles" Target="styles.xml"/></Relationships>'
        )
        return {
            "[Content_Types].xml": types,
            "_rels/.rels": root_rels,
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": workbook_rels,
            "xl/styles.xml": STYLES,
        }


# The least a spreadsheet program needs to show cells in its default style.
STYLES = (
    f'{HEAD}<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/>'
    '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill '
    'patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
    'builtinId="0"/></cellStyles></styleSheet>'
)
