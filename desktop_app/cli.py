"""Command line: the GUI's options and the headless subcommands over the same core.

case-abstractor [--db PATH|URL] [--demo]     the GUI
case-abstractor demo PATH                     write the demo database
case-abstractor list                          one line per case
case-abstractor report CASE... -o FILE.pdf    a case summary PDF (several: a board packet)
case-abstractor export --format F -o PATH     JSON, CSV (long, wide) or XLSX; --deidentify
case-abstractor import PATH                   add the cases of a JSON or long CSV file
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app import __version__
from desktop_app.locations import default_database, demo_database
from desktop_app.logs import log
from desktop_app.spec import Spec, SpecError, default_spec
from desktop_app.store import CaseStore, StoreError
from desktop_app.store.maintenance import has_cases


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        default=default,
        metavar="PATH|URL",
        help="an SQLite file or a database URL (default: your own database)",
    )
    parser.add_argument("--data-dir", default=default, metavar="DIR",
                        help="the folder for your database, backups and logs")  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="case-abstractor", description="Abstract rare-tumour cases into structured data."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser, top=True)
    parser.add_argument(
        "--demo", action="store_true", help="open the demo database with the reference cases"
    )
    parser.add_argument(
        "--demo-if-empty",
        action="store_true",
        help="open the demo database unless you have cases of your own",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="write the demo database to PATH")
    demo.add_argument("path", metavar="PATH")
    _common(demo, top=False)
    listing = commands.add_parser("list", help="one line per case: number, then a short label")
    _common(listing, top=False)
    report = commands.add_parser("report", help="print cases to a PDF without a window")
    report.add_argument("cases", nargs="+", metavar="CASE", help="case numbers")
    report.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    report.add_argument(
        "--deidentify", action="store_true", help="leave out every patient identifier (the default)"
    )
    report.add_argument(
        "--identified",
        action="store_true",
        help="print patient identifiers; every page is marked CONFIDENTIAL",
    )
    report.add_argument("--paper", choices=("A4", "Letter"), default=None,
                        help="default: the paper chosen in the settings, else A4")  # fmt: skip
    report.add_argument(
        "--board-date",
        default="",
        metavar="DATE",
        help="the date of the tumour board, printed on every case",
    )
    _common(report, top=False)
    check = commands.add_parser("check", help="integrity check; exit 0 only when sound")
    _common(check, top=False)
    backup = commands.add_parser("backup", help="an online, verified backup of the database")
    backup.add_argument("path", metavar="PATH", help="the backup file to write")
    _common(backup, top=False)
    export = commands.add_parser("export", help="write cases to JSON, CSV or XLSX")
    export.add_argument(
        "--format",
        required=True,
        choices=("json", "csv-long", "csv-wide", "xlsx"),
        help="json is lossless; csv-wide writes a folder with one file per group",
    )
    export.add_argument(
        "--deidentify",
        action="store_true",
        help="remove identifiers, reduce dates, ages over 89 as 90+ (Safe Harbor)",
    )
    export.add_argument(
        "--dates",
        choices=("auto", "offset", "year"),
        default="auto",
        help="de-identified dates: offsets from the index date, or the year "
        "(auto: offsets where the case has an index date)",
    )
    export.add_argument("--cases", nargs="+", default=[], metavar="N", help="only these cases")
    export.add_argument("-o", "--output", required=True, metavar="PATH")
    _common(export, top=False)
    imports = commands.add_parser("import", help="add the cases of a JSON or long CSV file")
    imports.add_argument("path", metavar="PATH")
    _common(imports, top=False)
    return parser  # fmt: skip


def database_target(args: argparse.Namespace) -> tuple[str | Path, bool]:
    """The database to open, and whether it is the demo database (to be filled)."""
    if args.db:
        return str(args.db), False
    if getattr(args, "demo", False):
        return demo_database(args.data_dir), True
    own = default_database(args.data_dir)
    if getattr(args, "demo_if_empty", False) and not has_cases(own):
        return demo_database(args.data_dir), True
    return own, False


def _cmd_demo(spec: Spec, args: argparse.Namespace) -> int:
    from desktop_app.demo import write_demo

    store = CaseStore.open(args.path, spec)
    try:
        added = write_demo(store)
    finally:
        store.close()
    print(f"{added} demo case(s) written to {args.path}")
    return 0


def _cmd_list(store: CaseStore) -> int:
    for case in store.list_cases():
        label = " · ".join(p for p in (case.title, case.diagnosis) if p)
        print(f"{case.case_number}\t{label}")
    return 0


def _cmd_report(store: CaseStore, args: argparse.Namespace) -> int:
    from desktop_app.report import render_case_summary

    records = []
    for number in args.cases:
        case_id = store.find(number)
        if case_id is None:
            print(f"case-abstractor: no case numbered '{number}'", file=sys.stderr)
            return 1
        records.append(store.load(case_id))
    if args.identified and args.deidentify:
        print("case-abstractor: choose --identified or --deidentify, not both", file=sys.stderr)
        return 1
    import getpass

    from desktop_app.locations import settings_file
    from desktop_app.report.layout import Letterhead
    from desktop_app.settings import Settings

    settings = Settings.load(settings_file(args.data_dir))
    try:
        user = settings.registrar_name or getpass.getuser()
    except (KeyError, OSError):
        user = ""
    render_case_summary(
        store.spec, records, args.output, identified=args.identified,
        paper=args.paper or settings.paper or "A4", board_date=args.board_date,
        generated_by=user,
        letterhead=Letterhead(settings.institution_name, settings.logo_path()),
    )  # fmt: skip
    print(f"{len(records)} case(s) written to {args.output}")
    return 0


def _cmd_maintenance(args: argparse.Namespace) -> int:
    from desktop_app.store.maintenance import backup_database, check_database

    target = database_target(args)[0]
    if args.command == "backup":
        written = backup_database(target, Path(args.path))
        log.info("backup written: %s", written)
        print(f"backup written and verified: {written}")
        return 0
    problems = check_database(target)
    for problem in problems:
        print(f"{target}: {problem}")
    if not problems:
        print(f"{target}: sound")
    return 1 if problems else 0


def _cmd_exchange(store: CaseStore, args: argparse.Namespace) -> int:
    from desktop_app.exchange import ExportError, ImportRefused, export_records, import_file

    try:
        if args.command == "export":
            count = export_records(
                store,
                Path(args.output),
                args.format,
                numbers=args.cases,
                deidentify=args.deidentify,
                dates=args.dates,
            )
            print(f"{count} case(s) written to {args.output}")
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

    for note in older_code_notes(store.spec, read_file(store.spec, path).cases):
        print(f"case-abstractor: warning: {note}", file=sys.stderr)


def warn_if_on_network_share(target: str | Path) -> None:
    """An SQLite file on a network file system: say so on stderr (and in the log), and go on."""
    from desktop_app.netfs import network_warning

    warning = network_warning(target)
    if warning:
        log.warning("%s", warning)
        print(f"case-abstractor: warning: {warning}", file=sys.stderr)


def run_command(args: argparse.Namespace) -> int:
    """Run a headless subcommand; errors are one line on stderr, never a traceback."""
    try:
        spec = default_spec()
        if args.command == "demo":
            return _cmd_demo(spec, args)
        if args.command in ("check", "backup"):
            return _cmd_maintenance(args)
        target = database_target(args)[0]
        warn_if_on_network_share(target)
        store = CaseStore.open(target, spec)
        try:
            if args.command == "list":
                return _cmd_list(store)
            if args.command in ("export", "import"):
                return _cmd_exchange(store, args)
            return _cmd_report(store, args)
        finally:
            store.close()
    except SpecError as exc:
        log.error("the form specification is broken: %s", exc)
        print(f"case-abstractor: the form specification is broken:\n{exc}", file=sys.stderr)
        return 2
    except (StoreError, OSError) as exc:
        log.error("%s failed: %s", args.command, exc)
        print(f"case-abstractor: {exc}", file=sys.stderr)
        return 1


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
