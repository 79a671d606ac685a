"""Readers for import: the lossless JSON and the CSV long format, checked value by value.

A reader never stops at the first problem: it reads the whole file and returns every case
it could build with every problem it found, each naming the case (and line), the field and
the reason.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.exchange.checks import (
    MAX_ENTRY_ID,
    ImportProblem,
    entry_id_problem,
    field_name,
    find_field,
    status_problem,
    value_problem,
)
from desktop_app.exchange.layout import LONG_COLUMNS, restore
from desktop_app.exchange.writers import CSV_ENCODING, FORMAT_NAME, FORMAT_VERSION
from desktop_app.record import CASE_SCOPE, CaseRecord, GroupEntry
from desktop_app.spec.model import Spec


@dataclass
class Incoming:
    """A case read from a file, not yet stored."""

    where: str  # how problems name it: "case C000012" or "line 40, case C000012"
    number: str
    record: CaseRecord


@dataclass
class ReadResult:
    cases: list[Incoming] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    def problem(self, where: str, field_: str, reason: str) -> None:
        self.problems.append(ImportProblem(where, field_, reason))


def _number_field_id(spec: Spec) -> str:
    number = spec.summary_field("case_number")
    return number.id if number else ""


# ----- JSON --------------------------------------------------------------------------


def read_json(spec: Spec, path: Path) -> ReadResult:
    result = ReadResult()
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # a byte-order mark is no fault
    except RecursionError:
        result.problem(path.name, "", "not a case export: its objects are nested too deeply")
        return result
    except UnicodeDecodeError as exc:
        result.problem(path.name, "", f"not UTF-8 text ({exc.reason})")
        return result
    except json.JSONDecodeError as exc:
        result.problem(f"line {exc.lineno}", "", f"not valid JSON: {exc.msg}")
        return result
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        result.problem(path.name, "", "not a case export: no list of cases")
        return result
    if data.get("format", FORMAT_NAME) != FORMAT_NAME:
        result.problem(path.name, "", f"the format {data.get('format')!r} is not a case export")
    version = data.get("format_version", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        result.problem(path.name, "", f"format version {version!r} is newer than this program")
    for position, raw in enumerate(data["cases"], start=1):
        _json_case(spec, raw, position, result)
    return result


def _json_case(spec: Spec, raw: Any, position: int, result: ReadResult) -> None:
    if not isinstance(raw, dict):
        result.problem(f"case #{position}", "", "not a case object")
        return
    number = raw.get("case_number")
    where = f"case {number}" if isinstance(number, str) and number else f"case #{position}"
    if not isinstance(number, str) or not number:
        result.problem(where, "case_number", "missing")
        number = ""
    body = raw.get("record")
    if not isinstance(body, dict):
        result.problem(where, "", "no record")
        return
    status = raw.get("status", body.get("status", "draft"))
    if (reason := status_problem(status)) is not None:
        result.problem(where, "status", reason)
    values = _json_values(spec, CASE_SCOPE, 0, body.get("values", {}), where, result)
    number_id = _number_field_id(spec)
    if number_id and values.get(number_id, number) != number:
        result.problem(where, number_id, f"'{values[number_id]}' differs from the case number")
    if number_id and number:
        values[number_id] = number
    record = CaseRecord(status=str(status), values=values)
    groups = body.get("groups", {})
    if not isinstance(groups, dict):
        result.problem(where, "groups", "not an object of groups")
        groups = {}
    for group, entries in groups.items():
        _json_group(spec, record, group, entries, where, result)
    next_id = body.get("next_entry_id", 1)
    if (reason := entry_id_problem(next_id)) is not None:
        result.problem(where, "next_entry_id", reason)
        next_id = 1
    used = [e.entry_id for es in record.groups.values() for e in es]
    record.next_entry_id = max([next_id, *(u + 1 for u in used)])
    result.cases.append(Incoming(where, number, record))


def _json_group(
    spec: Spec, record: CaseRecord, group: str, entries: Any, where: str, result: ReadResult
) -> None:
    if find_field(spec, group, "")[1].startswith("unknown group"):
        result.problem(where, group, f"unknown group '{group}'")
        return
    if not isinstance(entries, list):
        result.problem(where, group, "not a list of entries")
        return
    seen: set[int] = set()
    for raw in entries:
        entry_id = raw.get("entry_id") if isinstance(raw, dict) else None
        reason = entry_id_problem(entry_id)
        if reason is not None or not isinstance(entry_id, int):
            result.problem(where, group, f"an entry without a valid entry_id: {reason}")
            continue
        if entry_id in seen:
            result.problem(where, group, f"entry {entry_id} appears twice")
            continue
        seen.add(entry_id)
        values = _json_values(spec, group, entry_id, raw.get("values", {}), where, result)
        record.entry_list(group).append(GroupEntry(entry_id, values))


def _json_values(
    spec: Spec, group: str, entry_id: int, raw: Any, where: str, result: ReadResult
) -> dict[str, str]:
    scope = f"{where}, {group} entry {entry_id}" if group else where
    if not isinstance(raw, dict):
        result.problem(scope, "", "values are not an object")
        return {}
    values: dict[str, str] = {}
    for field_id, value in raw.items():
        spec_field, reason = find_field(spec, group, field_id)
        if spec_field is None:
            result.problem(scope, field_name(group, field_id), reason)
            continue
        if (problem := value_problem(spec, spec_field, value)) is not None:
            result.problem(scope, field_name(group, field_id), problem)
            continue
        if value:
            values[field_id] = value
    return values


# ----- CSV, long format ------------------------------------------------------------------


def read_csv_long(spec: Spec, path: Path) -> ReadResult:
    """Cases from a long CSV (case, group, entry, field, value[, unit]); rows of one case
    need not be together. Entries keep their ids; their order is the order of the rows.
    The long format carries values only: cases come in as drafts, and an entry without any
    value is not in the file (the JSON export is the lossless one)."""
    result = ReadResult()
    try:
        with open(path, encoding=CSV_ENCODING, newline="") as handle:
            rows = list(_numbered_rows(handle))
    except UnicodeDecodeError as exc:
        result.problem(path.name, "", f"not UTF-8 text ({exc.reason})")
        return result
    except csv.Error as exc:
        result.problem(path.name, "", f"not a readable CSV file: {exc}")
        return result
    if not rows:
        result.problem(path.name, "", "the file is empty")
        return result
    header = [restore(c).strip().lower() for c in rows[0][1]]
    required = [c for c in LONG_COLUMNS if c != "unit"]
    if [c for c in header if c not in LONG_COLUMNS] or [c for c in required if c not in header]:
        result.problem("line 1", "", f"the columns must be {', '.join(LONG_COLUMNS)}; "
                                     f"found {', '.join(header)}")  # fmt: skip
        return result
    records: dict[str, Incoming] = {}
    seen: set[tuple[str, str, int, str]] = set()
    number_id = _number_field_id(spec)
    for line, cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            result.problem(f"line {line}", "", f"{len(cells)} cells; the header has {len(header)}")
            continue
        row = dict(zip(header, (restore(c) for c in cells), strict=True))
        _csv_row(spec, line, row, number_id, records, seen, result)
    for incoming in records.values():
        used = [e.entry_id for es in incoming.record.groups.values() for e in es]
        incoming.record.next_entry_id = max([1, *(u + 1 for u in used)])
    result.cases.extend(records.values())
    return result


def _numbered_rows(handle: Any) -> Any:
    reader = csv.reader(handle)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _csv_row(
    spec: Spec,
    line: int,
    row: dict[str, str],
    number_id: str,
    records: dict[str, Incoming],
    seen: set[tuple[str, str, int, str]],
    result: ReadResult,
) -> None:
    number, group, field_id = row["case"].strip(), row["group"].strip(), row["field"].strip()
    where = f"line {line}, case {number}" if number else f"line {line}"
    name = field_name(group, field_id)
    if not number:
        result.problem(where, name, "no case number")
        return
    entry_text = row["entry"].strip()
    if group == CASE_SCOPE:
        entry_id = 0
        if entry_text not in ("", "0"):
            result.problem(where, name, f"a field of the case has no entry, found '{entry_text}'")
            return
    elif re.fullmatch(r"[0-9]{1,10}", entry_text) is None or entry_id_problem(
        int(entry_text)
    ):  # not str.isdigit: it takes "²", which int() refuses
        result.problem(where, name, f"'{entry_text}' is not an entry id (a whole number from "
                                    f"1 to {MAX_ENTRY_ID})")  # fmt: skip
        return
    else:
        entry_id = int(entry_text)
    spec_field, reason = find_field(spec, group, field_id)
    if spec_field is None:
        result.problem(where, name, reason)
        return
    unit = row.get("unit", "").strip()
    if unit and unit != spec_field.unit:
        shown = f"'{spec_field.unit}'" if spec_field.unit else "none"
        result.problem(where, name, f"the unit '{unit}' is not the field's unit ({shown})")
        return
    value = row["value"]
    if (problem := value_problem(spec, spec_field, value)) is not None:
        result.problem(where, name, problem)
        return
    key = (number, group, entry_id, field_id)
    if key in seen:
        result.problem(where, name, "a second value for the same case, entry and field")
        return
    seen.add(key)
    incoming = records.get(number)
    if incoming is None:
        values = {number_id: number} if number_id else {}
        incoming = records[number] = Incoming(
            f"case {number} (from line {line})", number, CaseRecord(values=values)
        )
    record = incoming.record
    if group == CASE_SCOPE:
        if field_id == number_id and value != number:
            result.problem(where, name, f"'{value}' differs from the case number '{number}'")
        elif value:
            record.values[field_id] = value
        return
    try:
        entry = record.entry(group, entry_id)
    except KeyError:
        entry = GroupEntry(entry_id)
        record.entry_list(group).append(entry)
    if value:
        entry.values[field_id] = value
