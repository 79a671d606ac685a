"""The exchange commands of the command line: export, import's messages, the data dictionary.

Exports are de-identified unless `--identified` is given, like the tumour-board PDF; an
identified export says so on stderr and inside the file where the format has a place
for it (JSON's header, the ODM study description, the XLSX and REDCap dictionaries keep
their identifier flags). Cases are chosen as `report` chooses them: case numbers as
arguments (none: every case in the list).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.spec import Spec
from desktop_app.store import CaseStore

EXPORT_FORMATS = ("json", "csv-long", "csv-wide", "xlsx", "redcap", "odm")  # exchange.FORMATS
DICTIONARY_FORMATS = ("redcap", "xlsx", "csv")
IDENTIFIED_WARNING = "case-abstractor: IDENTIFIED export: {path} contains patient identifiers"


def add_exchange_commands(commands: Any, common: Callable[..., None]) -> None:
    """The `export` and `dictionary` subcommands."""
    export = commands.add_parser(
        "export", help="write cases to JSON, CSV, XLSX, REDCap's import CSV or CDISC ODM"
    )
    export.add_argument(
        "cases", nargs="*", metavar="CASE",
        help="case numbers, as the case list shows them (none: every case)",
    )  # fmt: skip
    export.add_argument(
        "--format",
        required=True,
        choices=EXPORT_FORMATS,
        help="json is lossless; csv-wide writes a folder with one file per group; redcap is "
        "REDCap's import CSV (repeating instruments); odm is CDISC ODM 1.3.2 with the audit",
    )
    identity = export.add_mutually_exclusive_group()
    identity.add_argument(
        "--identified",
        action="store_true",
        help="keep patient identifiers (the file is marked as identified)",
    )
    identity.add_argument(
        "--deidentify",
        action="store_true",
        help="remove identifiers, reduce dates, ages over 89 as 90+ (Safe Harbor; the default)",
    )
    export.add_argument(
        "--dates",
        choices=("auto", "offset", "year"),
        default="auto",
        help="de-identified dates: offsets from the index date, or the year "
        "(auto: offsets where the case has an index date)",
    )
    export.add_argument(
        "--cases", nargs="+", default=[], metavar="N", dest="more_cases",
        help="the same as naming the cases as arguments (kept for scripts)",
    )  # fmt: skip
    export.add_argument("-o", "--output", required=True, metavar="PATH")
    common(export, top=False)
    dictionary = commands.add_parser(
        "dictionary", help="write the data dictionary (every field, its type and choices)"
    )
    dictionary.add_argument(
        "--format",
        required=True,
        choices=DICTIONARY_FORMATS,
        help="redcap: REDCap's data dictionary CSV, to upload in Project Setup; xlsx or csv: "
        "the dictionary sheet of the XLSX export",
    )
    dictionary.add_argument("--deidentify", action="store_true",
                            help="leave out the fields that identify a patient")  # fmt: skip
    dictionary.add_argument("-o", "--output", required=True, metavar="PATH")
    common(dictionary, top=False)


def run_dictionary(spec: Spec, args: argparse.Namespace) -> int:
    path = Path(args.output)
    if args.format == "redcap":
        from desktop_app.exchange.redcap import write_dictionary

        count = write_dictionary(spec, path, args.deidentify)
    else:
        from desktop_app.exchange.writers import write_dictionary_file

        count = write_dictionary_file(spec, path, args.format, args.deidentify)
    print(f"{count} field(s) written to {path}")
    return 0


def run_exchange(store: CaseStore, args: argparse.Namespace) -> int:
    from desktop_app.exchange import ExportError, ImportRefused, export_records, import_file

    try:
        if args.command == "export":
            numbers = [*args.cases, *args.more_cases]
            deidentify = not args.identified
            count = export_records(store, Path(args.output), args.format, numbers=numbers,
                                   deidentify=deidentify, dates=args.dates)  # fmt: skip
            kind = "identified" if args.identified else "de-identified"
            print(f"{count} case(s) written to {args.output} ({kind})")
            if args.identified:
                print(IDENTIFIED_WARNING.format(path=args.output), file=sys.stderr)
        else:
            numbers = import_file(store, Path(args.path))
            print(f"{len(numbers)} case(s) imported from {args.path}")
            _say_older_codes(store, Path(args.path))
    except ExportError as exc:
        print(f"case-abstractor: {exc}", file=sys.stderr)
        return 1
    except ImportRefused as exc:
        print(
            f"case-abstractor: {args.path} was not imported ({len(exc.problems)} problem(s)):",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0


def _say_older_codes(store: CaseStore, path: Path) -> None:
    """Codes of an older edition (ICD-O-3 8680/1) were imported as written: say each one."""
    from desktop_app.exchange.importer import read_file
    from desktop_app.exchange.older_codes import older_code_notes

    for note in older_code_notes(store.spec, read_file(store.spec, path, "").cases):
        print(f"case-abstractor: warning: {note}", file=sys.stderr)
