"""Every value the import checks pass can be stored (issue 12, finding 5): hostile values in
every kind of field are either refused before anything is written, in one line naming the
case, the field (and the CSV line), or stored and read back as sent. Never a traceback
after earlier cases were stored. And the smaller findings of point 10 on import."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from desktop_app.exchange import ImportRefused, import_file
from desktop_app.exchange.samples import sample_case
from desktop_app.record import CASE_SCOPE
from desktop_app.rules.values import ValueRefused, canonical
from desktop_app.spec import FieldSpec, Spec
from desktop_app.store import CaseStore

# What a hostile file puts in a field. None of these may end in a traceback.
HOSTILE = [
    "12345678901234567890",  # 20 digits
    "-9223372036854775807",
    "9" * 5000,  # past Python's int() limit of 4,300 digits
    "1" + "0" * 400,  # past a float's range
    "²",  # str.isdigit() says yes, int() says no
    "٣",  # an Arabic-Indic digit: \d matches it
    "NaN",
    "inf",
    "1e400",
    "\ud800",  # a lone surrogate
    "title \udfff",
    "\x00",
    "a\x00b",
    "C-1\u202e21",  # RIGHT-TO-LEFT OVERRIDE
    "two\nlines",
    "\x1b[31mred",
    "😀" * 40,  # four bytes each in UTF-8
    "   ",
    "0",
    "-0",
    "1",
    "2147483648",  # one past a 4-byte INTEGER (an entry id on PostgreSQL)
]

# No field of any type takes these (what is not Unicode, controls, direction overrides).
NEVER_STORED = {"\ud800", "title \udfff", "\x00", "a\x00b", "C-1\u202e21", "\x1b[31mred"}


def probed_fields(spec: Spec) -> list[FieldSpec]:
    """One field of each type (of the case, and of a group), and every field that feeds a
    case-list column: the columns have their own sizes and types."""
    chosen: dict[tuple[str, bool, bool], FieldSpec] = {}
    for field in spec.all_fields():
        if field.derived is None:
            chosen.setdefault((field.type, bool(field.group), field.qualified), field)
    summary = [f for f in spec.all_fields() if f.summary and f.derived is None]
    number = spec.summary_field("case_number")  # tried on its own below: it names the case
    return [f for f in {f.key: f for f in [*chosen.values(), *summary]}.values() if f != number]


def case_with(spec: Spec, number: str, field: FieldSpec, value: str) -> dict[str, Any]:
    record: dict[str, Any] = {"status": "draft", "values": {}, "groups": {}}
    number_field = spec.summary_field("case_number")
    assert number_field is not None
    if field.group:
        record["groups"][field.group] = [{"entry_id": 1, "values": {field.id: value}}]
    else:
        record["values"][field.id] = value
    record["values"][number_field.id] = number
    return {"case_number": number, "status": "draft", "record": record}


def write_json(path: Path, cases: list[dict[str, Any]]) -> Path:
    # ensure_ascii keeps lone surrogates as \\ud800 escapes, as a hostile file would
    path.write_text(json.dumps({"format": "case-abstractor-export", "format_version": 1,
                                "cases": cases}), encoding="utf-8")  # fmt: skip
    return path


def stored_value(store: CaseStore, case_number: str, field: FieldSpec) -> str:
    case_id = store.find(case_number)
    assert case_id is not None
    record = store.load(case_id)
    if field.group:
        return record.entry(field.group, 1).values.get(field.id, "")
    return record.values.get(field.id, "")


def test_every_hostile_value_is_refused_by_name_or_stored_as_sent(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    spec = sqlite_store.spec
    number_field = spec.summary_field("case_number")
    assert number_field is not None
    planted: list[tuple[str, FieldSpec, str]] = []
    cases = []
    for f, field in enumerate(probed_fields(spec)):
        for v, value in enumerate(HOSTILE):
            number = f"H{f:03d}-{v:03d}"
            case = case_with(spec, number, field, value)
            planted.append((case["case_number"], field, value))
            cases.append(case)
    with pytest.raises(ImportRefused) as caught:
        import_file(sqlite_store, write_json(tmp_path / "hostile.json", cases))
    assert sqlite_store.list_cases() == []
    problems = [str(p) for p in caught.value.problems]
    for problem in problems:
        assert "\n" not in problem and problem.encode("utf-8")  # one printable line
    refused_cases = set()
    for number, field, value in planted:
        named = [p for p in problems if p.startswith(f"case {number}")]
        assert len(named) <= 1, named
        assert value not in NEVER_STORED or named, f"{field.id} took {value!r:.40}"
        if named:
            assert field.id in named[0], named[0]
            refused_cases.add(number)
    # Everything the checks passed is stored in one go and reads back as it was sent.
    passed = [c for c in cases if c["case_number"] not in refused_cases]
    assert len(passed) > len(probed_fields(spec)), "the harmless values pass"
    imported = import_file(sqlite_store, write_json(tmp_path / "passed.json", passed))
    assert len(imported) == len(passed)
    for number, field, value in planted:
        if number in refused_cases:
            continue
        sent = value.strip() if field.type not in ("text", "longtext") else value
        assert stored_value(sqlite_store, number, field) == as_stored(field, sent), (
            field.id, value)  # fmt: skip


def as_stored(field: FieldSpec, sent: str) -> str:
    """What a field keeps of a value sent to it: the import reads a value as the field
    reads what a registrar types (a yes/no field's 0 and 1 are no and yes; a number's
    minus zero is zero, its digits of another script ours); anything else as sent."""
    if field.type == "boolean":
        return {"0": "false", "1": "true"}.get(sent, sent)
    if field.numeric and sent == "-0":
        return "0"
    if field.numeric and sent.isdecimal() and not sent.isascii():
        return str(int(sent))  # "٣", an Arabic-Indic three, is the number 3
    return sent


@pytest.mark.parametrize("value", ["\x00", "C-1\u202e21", "two\nlines", "\ud800", "C" * 41])
def test_an_imported_case_number_the_store_cannot_hold_is_refused(
    sqlite_store: CaseStore, tmp_path: Path, value: str
) -> None:
    spec = sqlite_store.spec
    good = case_with(spec, "N-1", probed_fields(spec)[0], "")
    bad = case_with(spec, value, probed_fields(spec)[0], "")
    with pytest.raises(ImportRefused) as caught:
        import_file(sqlite_store, write_json(tmp_path / "numbers.json", [good, bad]))
    [problem] = [str(p) for p in caught.value.problems]
    assert "case_number" in problem and "\n" not in problem
    assert sqlite_store.list_cases() == []


@pytest.mark.parametrize(
    "value", ["\x00", "C-1\u202e21", "two\nlines", "a\x1bb", "\ud800", "C\u2066-1"]
)
def test_a_case_number_with_a_control_character_is_refused_with_a_message(
    spec: Spec, value: str
) -> None:
    number_field = spec.summary_field("case_number")
    assert number_field is not None
    with pytest.raises(ValueRefused) as caught:
        canonical(spec, number_field, value)
    message = str(caught.value)
    assert message.startswith("holds ") and "\n" not in message
    assert canonical(spec, number_field, "C-121") == "C-121"


def test_line_breaks_stay_in_long_texts(spec: Spec) -> None:
    longtext = next(f for f in spec.all_fields() if f.type == "longtext")
    assert canonical(spec, longtext, "two\r\nlines\tand a tab") == "two\nlines\tand a tab"
    with pytest.raises(ValueRefused, match="U\\+202E"):
        canonical(spec, longtext, "reads \u202ebackwards")


@pytest.mark.parametrize(
    ("where", "bad", "expected"),
    [
        ("entry_id", 10**30, "at most 2147483647"),
        ("entry_id", 2**31, "at most 2147483647"),
        ("entry_id", True, "not an entry id"),
        ("next_entry_id", 10**30, "at most 2147483647"),
    ],
)
def test_entry_ids_the_database_cannot_hold_are_refused(
    sqlite_store: CaseStore, tmp_path: Path, where: str, bad: object, expected: str
) -> None:
    spec = sqlite_store.spec
    good = [json.loads(sample_case(spec, n).to_json()) for n in (1, 2)]
    number_field = spec.summary_field("case_number")
    assert number_field is not None
    cases = [{"case_number": r["values"][number_field.id], "record": r} for r in good]
    target = cases[1]["record"]
    if where == "entry_id":
        group = next(iter(target["groups"]))
        target["groups"][group][0]["entry_id"] = bad
    else:
        target["next_entry_id"] = bad
    with pytest.raises(ImportRefused) as caught:
        import_file(sqlite_store, write_json(tmp_path / "ids.json", cases))
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"case {cases[1]['case_number']}: ")
    assert expected in problem and where.split("_")[0] in problem
    assert sqlite_store.list_cases() == []


def test_a_json_nested_200000_levels_deep_is_one_clear_refusal(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"cases": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        import_file(sqlite_store, path)
    assert [str(p) for p in caught.value.problems] == [
        "deep.json: not a case export: its objects are nested too deeply"
    ]


def long_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "group", "entry", "field", "value", "unit"])
        writer.writerows(rows)
    return path


def test_csv_entry_ids_and_numbers_beyond_the_store_are_refused_by_line(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    spec = sqlite_store.spec
    group_field = next(f for f in spec.all_fields() if f.group and f.type == "text")
    integer = next(
        f for f in spec.all_fields() if f.type == "integer" and not f.group and not f.qualified
    )
    title = spec.summary_field("title")
    assert title is not None and title.max_length is not None
    limit = title.max_length
    rows = [
        ["K-1", "", "", "title", "fine", ""],
        ["K-1", group_field.group, "²", group_field.id, "x", ""],
        ["K-2", group_field.group, "99999999999", group_field.id, "x", ""],
        ["K-2", CASE_SCOPE, "", integer.id, "12345678901234567890", ""],
        ["K-3", group_field.group, "1", group_field.id, "kept", ""],
        ["K-3", CASE_SCOPE, "", title.id, "x" * (limit + 1), ""],
        ["K-4", CASE_SCOPE, "", title.id, "x" * limit, ""],
    ]
    with pytest.raises(ImportRefused) as caught:
        import_file(sqlite_store, long_csv(tmp_path / "bad.csv", rows))
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 4, problems
    assert problems[0].startswith(f"line 3, case K-1: {group_field.group}.{group_field.id}: ")
    assert "'²' is not an entry id" in problems[0]
    assert problems[1].startswith("line 4, case K-2: ") and "99999999999" in problems[1]
    assert problems[2].startswith(f"line 5, case K-2: {integer.id}: ")
    assert "too large to store" in problems[2]
    assert problems[3] == (
        f"line 7, case K-3: {title.id}: {limit + 1} characters is too long; at most {limit} fit"
    )
    assert sqlite_store.list_cases() == []


BAD_JSON = "line 1: not valid JSON: Expecting property name enclosed in double quotes"
BAD_COLUMNS = "line 1: the columns must be case, group, entry, field, value, unit"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # the suffix decides, whatever its case
        ("cases.CSV", "{not,a,case,file\n", BAD_COLUMNS),
        ("cases.Json", "{not,a,case,file\n", BAD_JSON),
        ("list.JSON", "[]", "list.JSON: not a case export: no list of cases"),
        # without one the content does: a "{" after a byte-order mark and blank space
        ("cases", "{not,a,case,file\n", BAD_JSON),
        ("bom", "\ufeff\n  {not,a,case,file\n", BAD_JSON.replace("line 1", "line 2")),
        ("sheet", "case;group;entry\n", "line 1: the columns must be"),
        ("xbrace", "X{not,a,case,file\n", BAD_COLUMNS),
    ],
)
def test_a_file_is_read_in_the_format_its_name_says(
    sqlite_store: CaseStore, tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        import_file(sqlite_store, path)
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(expected), problem


def test_a_json_export_with_a_byte_order_mark_is_read(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    spec = sqlite_store.spec
    record = sample_case(spec, 7)
    number_field = spec.summary_field("case_number")
    assert number_field is not None
    data = {"format": "case-abstractor-export", "format_version": 1,
            "cases": [{"case_number": record.values[number_field.id],
                       "record": json.loads(record.to_json())}]}  # fmt: skip
    path = tmp_path / "notepad.json"
    path.write_text("\ufeff" + json.dumps(data), encoding="utf-8")  # as Windows Notepad saves
    assert import_file(sqlite_store, path) == [record.values[number_field.id]]


def test_an_unknown_format_is_named_with_the_ones_there_are(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    path = tmp_path / "cases.xml"
    path.write_text("<cases/>", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        import_file(sqlite_store, path, "xml")
    assert str(caught.value) == "cannot import the format 'xml'; choose json or csv-long"


def test_every_case_number_problem_of_a_file_is_named(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    """A case without a number, one whose number cannot be stored, and numbers used twice or
    already in the database: each is said, however they follow one another."""
    spec = sqlite_store.spec
    field = probed_fields(spec)[0]
    sqlite_store.save(sample_case(spec, 3))
    taken = sample_case(spec, 3).values[spec.summary_field("case_number").id]  # type: ignore[union-attr]
    unnamed = case_with(spec, "", field, "")
    del unnamed["case_number"]
    cases = [
        unnamed,
        case_with(spec, "A\u202eB", field, ""),
        case_with(spec, "D-1", field, ""),
        case_with(spec, "D-1", field, ""),
        case_with(spec, taken, field, ""),
    ]
    with pytest.raises(ImportRefused) as caught:
        import_file(sqlite_store, write_json(tmp_path / "numbers.json", cases))
    problems = [str(p) for p in caught.value.problems]
    assert problems[0] == "case #1: case_number: missing"
    assert problems[1].startswith("case A\\u202eB: case_number: holds U+202E")
    assert problems[2:] == [
        "case D-1: case_number: 'D-1' is also case D-1 in this file",
        f"case {taken}: case_number: '{taken}' is already in the database",
    ]
