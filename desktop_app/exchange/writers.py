"""Writers: lossless JSON, CSV in long format, CSV in wide format (one file per scope), XLSX.

Each takes the cases as an iterable and writes them one at a time, so that memory does not
grow with their number. Spreadsheet formats neutralise formula-like text (CWE-1236);
the lossless JSON keeps every value exactly as stored.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from desktop_app.exchange.layout import (
    DICTIONARY_COLUMNS,
    DICTIONARY_SHEET,
    LONG_COLUMNS,
    VOCABULARY_COLUMNS,
    VOCABULARY_SHEET,
    Layout,
    case_number,
    cell_value,
    dictionary_rows,
    long_rows,
    neutralise,
    scope_rows,
    vocabulary_rows,
)
from desktop_app.exchange.unfinished import remove_stale, unfinished_path
from desktop_app.exchange.xlsx import Cell, Workbook
from desktop_app.record import CaseRecord
from desktop_app.spec.model import FieldSpec, Spec

FORMAT_NAME = "case-abstractor-export"
FORMAT_VERSION = 1
CSV_ENCODING = "utf-8-sig"  # with a byte-order mark, so that spreadsheet programs read UTF-8


@contextmanager
def replacing(path: Path, mode: str = "w", encoding: str = "") -> Iterator[IO[Any]]:
    """A file written beside `path` and moved over it only when complete (text: UTF-8, with
    a byte-order mark for .csv unless `encoding` says otherwise). What killed exports left
    in the folder goes first (exchange/unfinished.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent)
    partial = unfinished_path(path)
    try:
        if "b" in mode:
            with open(partial, mode) as handle:
                yield handle
        else:
            encoding = encoding or (CSV_ENCODING if path.suffix == ".csv" else "utf-8")
            with open(partial, mode, encoding=encoding, newline="") as handle:
                yield handle
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def json_case(layout: Layout, record: CaseRecord) -> dict[str, Any]:
    return {
        "case_number": case_number(layout, record),
        "status": record.status,
        "record": record_data(record),
    }


def record_data(record: CaseRecord) -> dict[str, Any]:
    """The object whose indented text is `record.to_json()` (the canonical record JSON),
    built directly: encoding indented JSON and reading it back took most of an export."""
    return {
        "status": record.status,
        "values": {k: v for k, v in record.values.items() if v != ""},
        "groups": {
            g: [{"entry_id": e.entry_id, "values": dict(e.values)} for e in es]
            for g, es in record.groups.items()
            if es
        },
        "next_entry_id": record.next_entry_id,
    }


def write_json(
    layout: Layout, records: Iterable[CaseRecord], path: Path, deidentified: bool
) -> int:
    head = {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION,
        "spec_version": layout.spec.version, "deidentified": deidentified,
    }  # fmt: skip
    count = 0
    with replacing(path) as out:
        out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": [')
        for record in records:
            text = json.dumps(json_case(layout, record), ensure_ascii=False, sort_keys=True)
            out.write(("\n " if count == 0 else ",\n ") + text)
            count += 1
        out.write("\n]}\n")
    return count


def _csv_safe(row: list[str]) -> list[str]:
    return [neutralise(cell) for cell in row]


def write_csv_long(layout: Layout, records: Iterable[CaseRecord], path: Path) -> int:
    count = 0
    with replacing(path) as out:
        writer = csv.writer(out)
        writer.writerow(LONG_COLUMNS)
        for record in records:
            writer.writerows(_csv_safe(row) for row in long_rows(layout, record))
            count += 1
    return count


def write_csv_wide(layout: Layout, records: Iterable[CaseRecord], folder: Path) -> int:
    """One file per scope in `folder`: case.csv, then one per group (lesion.csv, ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with ExitStack() as stack:
        writers = []
        for scope in layout.scopes:
            handle = stack.enter_context(replacing(folder / f"{scope.name}.csv"))
            writer = csv.writer(handle)
            writer.writerow(scope.header)
            writers.append((scope, writer))
        for record in records:
            for scope, writer in writers:
                writer.writerows(_csv_safe(row) for row in scope_rows(layout, scope, record))
            count += 1
    return count


def write_xlsx(
    layout: Layout, records: Iterable[CaseRecord], path: Path, deidentified: bool
) -> int:
    """One sheet per scope and the data dictionary, streamed to disk (memory stays flat)."""

    def converter(field: FieldSpec | None) -> Callable[[str], Cell]:
        if field is not None and field.numeric and not field.qualified:
            return lambda v: cell_value(field, v)
        return neutralise

    book = Workbook()
    sheets = []
    for scope in layout.scopes:
        sheet = book.create_sheet(scope.name)
        sheet.append(scope.header)
        # Rows are built sparsely: an entry fills a few of its group's many columns.
        columns = {f.id: (i, converter(f)) for i, f in enumerate(scope.fields, start=2)}
        sheets.append((scope, sheet, columns, len(scope.header)))
    count = 0
    with book:
        for record in records:
            number = neutralise(case_number(layout, record))
            for scope, sheet, columns, width in sheets:
                rows: list[tuple[Cell, dict[str, str]]]
                if scope.is_case:
                    rows = [(neutralise(record.status), record.values)]
                else:
                    rows = [(e.entry_id, e.values) for e in record.groups.get(scope.group, ())]
                for second, values in rows:
                    cells: list[Cell] = [None] * width
                    cells[0], cells[1] = number, second
                    for field_id, value in values.items():
                        column = columns.get(field_id)
                        if column is not None and value:
                            cells[column[0]] = column[1](value)
                    sheet.append(cells)
            count += 1
        dictionary = book.create_sheet(DICTIONARY_SHEET)
        dictionary.append(list(DICTIONARY_COLUMNS))
        for row in dictionary_rows(layout.spec, deidentified):
            dictionary.append([neutralise(c) if c else None for c in row])
        codes = book.create_sheet(VOCABULARY_SHEET)
        codes.append(list(VOCABULARY_COLUMNS))
        for row in vocabulary_rows(layout.spec, deidentified):
            codes.append([neutralise(c) if c else None for c in row])
        with replacing(path, "wb") as out:
            book.save(out)
    return count


def write_dictionary_file(spec: Spec, path: Path, fmt: str, deidentified: bool = False) -> int:
    """The data dictionary alone (the XLSX export's sheets) as XLSX, or as CSV with the long
    vocabularies (ICD-O-3.2) in a second file beside it, NAME-vocabularies.csv; returns the
    number of fields."""
    rows = list(dictionary_rows(spec, deidentified))
    codes = list(vocabulary_rows(spec, deidentified))
    if fmt == "csv":
        with replacing(path) as handle:
            writer = csv.writer(handle)
            writer.writerow(DICTIONARY_COLUMNS)
            writer.writerows(_csv_safe(row) for row in rows)
        with replacing(path.with_name(f"{path.stem}-{VOCABULARY_SHEET}.csv")) as handle:
            writer = csv.writer(handle)
            writer.writerow(VOCABULARY_COLUMNS)
            writer.writerows(_csv_safe(row) for row in codes)
        return len(rows)
    book = Workbook()
    with book:
        for name, header, content in ((DICTIONARY_SHEET, DICTIONARY_COLUMNS, rows),
                                      (VOCABULARY_SHEET, VOCABULARY_COLUMNS, codes)):  # fmt: skip
            sheet = book.create_sheet(name)
            sheet.append(list(header))
            for row in content:
                sheet.append([neutralise(c) if c else None for c in row])
        with replacing(path, "wb") as out:
            book.save(out)
    return len(rows)
