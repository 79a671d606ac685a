"""De-identified export (HIPAA Safe Harbor): a case with every identifier filled, and its
identifiers repeated inside its free text, leaves no identifier in any exported file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.exchange import Deidentifier, export_records
from desktop_app.exchange.deidentify import AGE_CAP, offset_between
from desktop_app.exchange.samples import identifiers, sample_case
from desktop_app.record import CaseRecord
from desktop_app.rules.values import display, parse_date
from desktop_app.spec import Spec
from desktop_app.store import CaseStore

FORMATS = {"json": "out.json", "csv-long": "out.csv", "csv-wide": "wide", "xlsx": "out.xlsx"}


def identified_case(spec: Spec, n: int = 3) -> CaseRecord:
    """Every field filled, the patient over 89, and free text quoting every identifier."""
    record = sample_case(spec, n, age=93)
    phi = [(f, record.values[f.id]) for f in spec.case_fields if f.phi]
    assert phi, "the specification marks identifiers"
    quoted = "; ".join(f"{f.label}: {display(spec, f, v)} ({v})" for f, v in phi)
    longtexts = [f for f in spec.case_fields if f.type == "longtext" and not f.phi]
    for field in longtexts:
        record.values[field.id] = f"Seen at clinic. {quoted}. SEEN AGAIN: {quoted.upper()}"
    for group in spec.groups:
        for field in group.fields:
            if field.type == "longtext" and not field.phi:
                for entry in record.entries(group.id):
                    entry.values[field.id] = f"Report for {quoted}"
    return record


def exported_text(path: Path) -> list[str]:
    """Every string an exported file holds: its text, or every cell of every sheet."""
    if path.is_dir():
        return [t for p in sorted(path.iterdir()) for t in exported_text(p)]
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        cells = [
            str(c)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for c in row
            if c is not None
        ]
        book.close()  # fmt: skip
        return cells
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return [c for row in csv.reader(handle) for c in row] + [path.read_text("utf-8-sig")]
    return [path.read_text(encoding="utf-8")]


@pytest.fixture
def exports(sqlite_store: CaseStore, tmp_path: Path) -> dict[str, Path]:
    sqlite_store.save(identified_case(sqlite_store.spec))
    out = {}
    for fmt, name in FORMATS.items():
        path = tmp_path / name
        export_records(sqlite_store, path, fmt, deidentify=True)
        out[fmt] = path
    return out


def test_no_identifier_value_appears_in_any_export(
    sqlite_store: CaseStore, exports: dict[str, Path]
) -> None:
    spec = sqlite_store.spec
    record = identified_case(spec)
    values = identifiers(spec, record)
    assert len(values) == len([f for f in spec.all_fields() if f.phi and not f.group])
    lines = [p.strip() for v in values for p in v.splitlines() if len(p.strip()) > 3]
    for fmt, path in exports.items():
        text = "\n".join(exported_text(path)).lower()
        assert "seen at clinic" in text, fmt  # the free text itself is kept
        for value in values + lines:
            assert value.lower() not in text, (fmt, value)
            assert json.dumps(value, ensure_ascii=False)[1:-1].lower() not in text, (fmt, value)


def test_identifier_fields_are_removed_and_their_columns_with_them(
    sqlite_store: CaseStore, exports: dict[str, Path]
) -> None:
    phi = {f.id for f in sqlite_store.spec.all_fields() if f.phi}
    data = json.loads(exports["json"].read_text(encoding="utf-8"))
    assert data["deidentified"] is True
    [case] = data["cases"]
    assert not phi & set(case["record"]["values"])
    with open(exports["csv-wide"] / "case.csv", encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert not phi & set(header)
    with open(exports["csv-long"], encoding="utf-8-sig", newline="") as handle:
        assert not phi & {row[3] for row in csv.reader(handle)}


def test_ages_over_89_read_90_plus_and_dates_keep_no_more_than_the_year(
    sqlite_store: CaseStore, exports: dict[str, Path]
) -> None:
    spec = sqlite_store.spec
    age = spec.role_field("age")
    index = spec.role_field("index_date")
    assert age is not None and index is not None
    data = json.loads(exports["json"].read_text(encoding="utf-8"))
    [case] = data["cases"]
    values = case["record"]["values"]
    assert values[age.id] == AGE_CAP
    assert len(values[index.id]) == 4  # the index date keeps its year
    dated = [f for f in spec.all_fields() if f.type == "date" and not f.phi and f is not index]
    assert dated
    seen = 0
    for field in dated:
        found = [values.get(field.id)] if not field.group else [
            e["values"].get(field.id) for e in case["record"]["groups"].get(field.group, [])
        ]  # fmt: skip
        for value in filter(None, found):
            assert parse_date(value).is_offset, (field.id, value)  # offsets from the index date
            seen += 1
    assert seen


def test_without_an_index_date_dates_are_reduced_to_the_year(spec: Spec) -> None:
    record = identified_case(spec)
    index = spec.role_field("index_date")
    assert index is not None
    del record.values[index.id]
    out = Deidentifier(spec).apply(record)
    for field in spec.case_fields:
        if field.type == "date" and not field.phi and field.id in out.values:
            assert len(out.values[field.id]) == 4 or parse_date(out.values[field.id]).is_offset


def test_year_mode_keeps_years_even_with_an_index_date(spec: Spec) -> None:
    record = identified_case(spec)
    out = Deidentifier(spec, dates="year").apply(record)
    for field in spec.case_fields:
        if field.type == "date" and not field.phi and field.id in out.values:
            original = parse_date(record.values[field.id])
            assert out.values[field.id] == f"{original.year:04d}"


def test_ages_up_to_89_are_kept(spec: Spec) -> None:
    age = spec.role_field("age")
    assert age is not None
    for years, shown in (("89", "89"), ("90", AGE_CAP), ("104", AGE_CAP)):
        record = sample_case(spec, 1)
        record.values[age.id] = years
        assert Deidentifier(spec).apply(record).values[age.id] == shown


def test_identifiers_inside_free_text_are_replaced(spec: Spec) -> None:
    record = identified_case(spec)
    out = Deidentifier(spec).apply(record)
    longtext = next(f for f in spec.case_fields if f.type == "longtext" and not f.phi)
    assert out.values[longtext.id].startswith("Seen at clinic.")
    # each identifier is replaced by what it was (issue 12), named by its field's label
    name = next(f for f in spec.case_fields if f.phi and f.type == "text")
    assert f"[{name.label.lower()}]" in out.values[longtext.id]


@pytest.mark.parametrize(
    ("index", "value", "offset"),
    [("2015-05-10", "2015-05-20", "+10d"), ("2015-05-10", "2014-05-10", "-365d"),
     ("2015-05", "2015-08-02", "+3m"), ("2015", "2012-08", "-3y"),
     ("2015-05-10", "2015-05-10", "+0d")],
)  # fmt: skip
def test_offsets_from_the_index_date(index: str, value: str, offset: str) -> None:
    assert offset_between(parse_date(index), parse_date(value)) == offset
