"""Import: read and check the whole file first; store its cases only when nothing is wrong.

A refused file raises ImportRefused with every problem (case or line, field, reason) and
leaves the database as it was. The checks cover what would make a save fail — unknown
groups and fields, values not canonical for their type, unknown codes, a malformed file,
case numbers used twice in the file or already in the database, and what the database
cannot hold (numbers beyond its integers, text that is not Unicode) — so that a file that
passes them is stored whole. Its cases are then stored in one transaction: all, or none.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import OperationalError

from desktop_app.exchange.checks import ImportProblem, ImportRefused, value_problem
from desktop_app.exchange.readers import Incoming, ReadResult, read_csv_long, read_json
from desktop_app.spec.model import Spec
from desktop_app.store import CaseStore, StoreError

IMPORT_FORMATS = ("json", "csv-long")


class ImportFailed(StoreError):
    """A checked file whose cases could not be stored (the database failed); none were."""


def guess_format(path: Path) -> str:
    if path.suffix.lower() == ".csv":
        return "csv-long"
    if path.suffix.lower() == ".json":
        return "json"
    with open(path, "rb") as handle:
        start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if start.startswith(b"{") else "csv-long"


def read_file(spec: Spec, path: Path, fmt: str) -> ReadResult:
    fmt = fmt or guess_format(path)
    if fmt == "json":
        return read_json(spec, path)
    if fmt == "csv-long":
        return read_csv_long(spec, path)
    raise ValueError(f"cannot import the format '{fmt}'; choose {' or '.join(IMPORT_FORMATS)}")


def check_cases(store: CaseStore, cases: list[Incoming]) -> list[ImportProblem]:
    """Problems between cases: case numbers twice in the file or already in the database."""
    problems = []
    number_field = store.spec.summary_field("case_number")
    first: dict[str, str] = {}
    for case in cases:
        if not case.number:
            continue
        if number_field is not None:
            reason = value_problem(store.spec, number_field, case.number)
            if reason is not None:
                problems.append(ImportProblem(case.where, number_field.id, reason))
                continue
        if case.number in first:
            problems.append(
                ImportProblem(
                    case.where, "case_number", f"'{case.number}' is also {first[case.number]}"
                )
            )
            continue  # fmt: skip
        first[case.number] = f"{case.where} in this file"
        if store.find(case.number) is not None:
            problems.append(
                ImportProblem(
                    case.where, "case_number", f"'{case.number}' is already in the database"
                )
            )
    return problems  # fmt: skip


def check_file(store: CaseStore, path: Path, fmt: str) -> list[Incoming]:
    """The cases of the file, all checked; raises ImportRefused with every problem."""
    result = read_file(store.spec, path, fmt)
    # The case number is checked as a value and as the case's name: said once.
    problems = list(dict.fromkeys(result.problems + check_cases(store, result.cases)))
    if problems:
        raise ImportRefused(problems)
    return result.cases


def import_file(store: CaseStore, path: Path, fmt: str = "", user: str = "") -> list[str]:
    """Check the whole file, then store every case in it in one transaction; returns their
    case numbers. A failure while storing (a full disk, a kill) stores none of them, so the
    same file can be imported again once the cause is gone."""
    cases = check_file(store, path, fmt)
    records = [case.record for case in cases]
    try:
        store.save_many(records, user=user, reason=f"imported from {path.name}")
    except StoreError as exc:
        raise ImportFailed(
            f"Nothing was imported from {path.name}: {_why(exc)}. The database is as it was "
            "before; the same file can be imported again."
        ) from exc
    number_field = store.spec.summary_field("case_number")
    return [r.values.get(number_field.id, "") if number_field else "" for r in records]


def _why(exc: StoreError) -> str:
    """The cause in a few words (a save's message speaks of one case and its draft)."""
    cause = exc.__cause__
    if not isinstance(cause, OperationalError):
        said = str(exc).rstrip(".")
        return said[:1].lower() + said[1:]
    text = str(cause.orig or cause).lower()
    if "full" in text or "no space" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the database file is read-only"
    if "locked" in text:
        return "the database is locked by another program"
    return f"the database refused the write ({text})"
