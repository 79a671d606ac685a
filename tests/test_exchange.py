"""Export formats: lossless JSON round trip, CSV long and wide, XLSX with its data dictionary,
spreadsheet-safe cells (CWE-1236). Fields are found through the specification."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.demo import demo_records
from desktop_app.exchange import export_records, import_file
from desktop_app.exchange.layout import (
    DICTIONARY_SHEET,
    cell_value,
    layout_of,
    neutralise,
    restore,
)
from desktop_app.exchange.samples import sample_case
from desktop_app.exchange.writers import record_data
from desktop_app.exchange.xlsx import Workbook, column_letters
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, StoreError, bulk_load

# Stored text is never led by a carriage return (canonical text turns it into a newline);
# neutralise() covers it all the same (see the last test).
FORMULAS = ('=HYPERLINK("http://x","y")', "+1+2", "-3-4", "@SUM(A1)", "\tcmd", "'quoted")


def text_fields(spec: Spec, group: str = "") -> list[str]:
    fields = spec.case_fields if not group else spec.group(group).fields
    number = spec.summary_field("case_number")
    return [f.id for f in fields if f.type == "text" and not f.phi and f is not number]


def tricky_case(spec: Spec) -> CaseRecord:
    """Every field filled, an entry removed (a gap in the ids), entries reordered, a case
    marked complete, and formula-like text in text fields."""
    record = sample_case(spec, 11, entries=3)
    group = next(g.id for g in spec.groups if text_fields(spec, g.id))
    ids = [e.entry_id for e in record.entries(group)]
    record.remove_entry(group, ids[1])
    record.move_entry(group, ids[2], -1)
    for field_id, text in zip(text_fields(spec), FORMULAS, strict=False):
        record.values[field_id] = text
    record.entries(group)[0].values[text_fields(spec, group)[0]] = "=1+1"
    record.status = "complete"
    return record


def filled_store(store: CaseStore) -> list[CaseRecord]:
    records = [*demo_records(), tricky_case(store.spec)]
    for record in records:
        store.save(record)
    return records


def number_of_case(spec: Spec, record: CaseRecord) -> str:
    number = spec.summary_field("case_number")
    assert number is not None
    return record.values[number.id]


@pytest.fixture
def empty_target(request: pytest.FixtureRequest, store: CaseStore, tmp_path: Path
                 ) -> Iterator[CaseStore]:  # fmt: skip
    """An empty database on the same kind of server as `store`."""
    if store.engine.dialect.name == "postgresql":
        target: str = request.getfixturevalue("postgres").new_database()
    else:
        target = str(tmp_path / "target.sqlite")
    opened = CaseStore.open(target, store.spec)
    yield opened
    opened.close()


def test_json_export_then_import_gives_identical_cases(
    store: CaseStore, empty_target: CaseStore, tmp_path: Path
) -> None:
    filled_store(store)
    path = tmp_path / "cases.json"
    assert export_records(store, path, "json") == len(store.list_cases())
    imported = import_file(empty_target, path)
    assert len(imported) == len(store.list_cases())
    for summary in store.list_cases():
        original = store.load(summary.case_id)
        target_id = empty_target.find(summary.case_number)
        assert target_id is not None, summary.case_number
        copy = empty_target.load(target_id)
        assert copy.items() == original.items()
        assert copy.entry_order() == original.entry_order()
        assert copy.status == original.status
        assert copy.next_entry_id == original.next_entry_id


def test_json_keeps_formula_like_text_exactly(sqlite_store: CaseStore, tmp_path: Path) -> None:
    record = filled_store(sqlite_store)[-1]
    path = tmp_path / "cases.json"
    export_records(sqlite_store, path, "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    number = number_of_case(sqlite_store.spec, record)
    exported = next(c for c in data["cases"] if c["case_number"] == number)
    assert exported["status"] == "complete"
    for field_id in text_fields(sqlite_store.spec)[: len(FORMULAS)]:
        assert exported["record"]["values"][field_id] == record.values[field_id]
    assert CaseRecord.from_json(json.dumps(exported["record"])).items() == record.items()


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_long_has_one_row_per_value_and_neutralises_formulas(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    records = filled_store(sqlite_store)
    path = tmp_path / "long.csv"
    export_records(sqlite_store, path, "csv-long")
    rows = read_csv(path)
    assert rows[0] == ["case", "group", "entry", "field", "value", "unit"]
    spec = sqlite_store.spec
    number = spec.summary_field("case_number")
    expected = sum(len([k for k in r.items() if not number or k[2] != number.id])
                   for r in records)  # fmt: skip
    assert len(rows) - 1 == expected
    for row in rows[1:]:
        assert not row[4].startswith(("=", "+", "-", "@", "\t", "\r")), row
        field = spec.field(row[1], row[3])
        assert row[5] == field.unit
    values = {restore(r[4]) for r in rows[1:]}
    assert set(FORMULAS) <= values and "=1+1" in values
    assert "'=1+1" in {r[4] for r in rows[1:]}


def test_csv_long_round_trip_restores_neutralised_values(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    record = filled_store(sqlite_store)[-1]
    path = tmp_path / "long.csv"
    export_records(sqlite_store, path, "csv-long", numbers=[number_of_case(sqlite_store.spec,
                                                                          record)])  # fmt: skip
    target = CaseStore.open(tmp_path / "target.sqlite", sqlite_store.spec)
    try:
        [number] = import_file(target, path)
        copy = target.load(target.find(number) or 0)
    finally:
        target.close()
    assert copy.items() == record.items()
    assert copy.entry_order() == record.entry_order()


def test_csv_wide_has_one_file_per_group_and_a_case_file(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    records = filled_store(sqlite_store)
    spec = sqlite_store.spec
    folder = tmp_path / "wide"
    export_records(sqlite_store, folder, "csv-wide")
    layout = layout_of(spec)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{s.name}.csv" for s in layout.scopes
    )
    case_rows = read_csv(folder / "case.csv")
    assert case_rows[0][:2] == ["case", "status"]
    assert len(case_rows) == len(records) + 1
    assert set(case_rows[0][2:]) == {f.id for f in layout.case_scope.fields}
    for scope in layout.group_scopes:
        rows = read_csv(folder / f"{scope.name}.csv")
        assert rows[0] == ["case", "entry", *(f.id for f in spec.group(scope.group).fields)]
        assert len(rows) - 1 == sum(len(r.entries(scope.group)) for r in records)
        for row in rows[1:]:
            assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row), row
    tricky = records[-1]
    number = number_of_case(spec, tricky)
    [row] = [r for r in case_rows if r[0] == number]
    cells = dict(zip(case_rows[0], row, strict=True))
    for field_id in text_fields(spec)[: len(FORMULAS)]:
        assert cells[field_id] == neutralise(tricky.values[field_id])
        assert cells[field_id].startswith("'")


def test_xlsx_sheets_dictionary_and_safe_cells(sqlite_store: CaseStore, tmp_path: Path) -> None:
    records = filled_store(sqlite_store)
    spec = sqlite_store.spec
    path = tmp_path / "cases.xlsx"
    export_records(sqlite_store, path, "xlsx")
    book = load_workbook(path, read_only=True)
    layout = layout_of(spec)
    assert book.sheetnames == [*(s.name for s in layout.scopes), DICTIONARY_SHEET, "vocabularies"]
    for scope in layout.scopes:
        sheet = book[scope.name]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == scope.header
        expected = len(records) if scope.is_case else sum(len(r.entries(scope.group))
                                                          for r in records)  # fmt: skip
        assert len(rows) - 1 == expected
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    tricky = records[-1]
    case_rows = list(book["case"].iter_rows(values_only=True))
    [row] = [r for r in case_rows if r[0] == number_of_case(spec, tricky)]
    cells = dict(zip(case_rows[0], row, strict=False))
    assert cells["status"] == "complete"
    for field in layout.case_scope.fields:
        value = tricky.values.get(field.id, "")
        expected = cell_value(field, value) if value else None
        assert cells.get(field.id) == expected, field.id
    assert cells[text_fields(spec)[0]] == "'" + FORMULAS[0]
    dictionary = list(book[DICTIONARY_SHEET].iter_rows(values_only=True))
    header = list(dictionary[0])
    dictionary = [tuple(r) + (None,) * (len(header) - len(r)) for r in dictionary]
    for column in (
        "form",
        "section",
        "field_id",
        "label",
        "type",
        "unit",
        "min",
        "max",
        "vocabulary",
        "choices",
        "required",
        "identifier",
        "help",
    ):
        assert column in header
    by_field = {(r[header.index("group")] or "", r[header.index("field_id")]): r
                for r in dictionary[1:]}  # fmt: skip
    assert set(by_field) == {f.key for f in spec.all_fields()}
    for field in spec.all_fields():
        row = by_field[field.key]
        assert row[header.index("type")] == field.type
        assert (row[header.index("identifier")] == "y") == field.phi
        if field.vocabulary and len(spec.vocabulary(field.vocabulary).terms) <= 100:
            term = spec.vocabulary(field.vocabulary).terms[0]
            assert f"{term.code}, {term.label}" in row[header.index("choices")]
        elif field.vocabulary:  # ICD-O-3.2 (issue 11): too long for a cell, a sheet of its own
            assert "see the sheet 'vocabularies'" in row[header.index("choices")]
    codes = {(r[0], r[1]): r[2] for r in book["vocabularies"].iter_rows(values_only=True)}
    assert codes[("icdo3_morphology", "8500/2")] == "Ductal carcinoma in situ, NOS"
    assert codes[("icdo3_topography", "C50.8")] == "Overlapping lesion of breast"
    assert len([k for k in codes if k[0] == "icdo3_morphology"]) == 1143
    book.close()


def test_xlsx_numbers_are_numeric_cells(sqlite_store: CaseStore, tmp_path: Path) -> None:
    filled_store(sqlite_store)
    spec = sqlite_store.spec
    path = tmp_path / "cases.xlsx"
    export_records(sqlite_store, path, "xlsx")
    book = load_workbook(path, read_only=True)
    layout = layout_of(spec)
    rows = list(book["case"].iter_rows(values_only=True))
    header = list(rows[0])
    plain = [f for f in layout.case_scope.fields if f.numeric and not f.qualified]
    assert plain, "the specification has plain numeric case fields"
    for row in rows[1:]:
        for field in plain:
            value = row[header.index(field.id)]
            assert value is None or isinstance(value, int | float)
    book.close()


def test_export_of_named_cases_only(sqlite_store: CaseStore, tmp_path: Path) -> None:
    records = filled_store(sqlite_store)
    numbers = [number_of_case(sqlite_store.spec, r) for r in records[:2]]
    path = tmp_path / "two.json"
    assert export_records(sqlite_store, path, "json", numbers=numbers) == 2
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [c["case_number"] for c in data["cases"]] == numbers


@pytest.mark.parametrize("text", ["=1", "+1", "-1", "@x", "\tx", "\rx", "'x", "''x"])
def test_neutralise_prefixes_an_apostrophe_and_restore_undoes_it(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["plain", "1-2", "a=b", " =1", ""])
def test_harmless_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text == restore(neutralise(text))


def test_exported_record_is_the_canonical_record_json(spec: Spec) -> None:
    for record in [*demo_records(), tricky_case(spec)]:
        data = record_data(record)
        assert json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) == record.to_json()


def test_bulk_loading_gives_what_the_store_loads(store: CaseStore) -> None:
    filled_store(store)
    ids = [c.case_id for c in store.list_cases()]
    loaded = list(bulk_load.load_many(store.engine, ids[::-1], chunk=2))
    assert [r.to_json() for r in store.load_many(ids)] == [store.load(i).to_json() for i in ids]
    assert [r.case_id for r in loaded] == ids[::-1]
    for record in loaded:
        assert record.case_id is not None
        original = store.load(record.case_id)
        assert record.to_json() == original.to_json()
        assert record.row_version == original.row_version
    with pytest.raises(StoreError, match="no case 999999"):
        list(store.load_many([ids[0], 999999]))


def test_xlsx_writer_keeps_what_xml_can_hold_and_replaces_what_it_cannot(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.create_sheet('a "quoted" & <sheet>')
    sheet.append(["a<b & c>", "line\rbreak\nnext", "bell\x07", 12, 1.5, None, "  padded "])
    sheet.append([None, None, "far"])
    path = tmp_path / "cells.xlsx"
    with open(path, "wb") as out:
        book.save(out)
    read = load_workbook(path)
    assert read.sheetnames == ['a "quoted" & <sheet>']
    rows = list(read.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("a<b & c>", "line\rbreak\nnext", "bell\ufffd", 12, 1.5, None, "  padded ")
    assert rows[1][:3] == (None, None, "far")
    assert column_letters(0) == "A" and column_letters(25) == "Z" and column_letters(26) == "AA"
