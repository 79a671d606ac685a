"""Command line: the GUI's options and the headless subcommands over the same core.

case-abstractor [--db PATH|URL] [--demo]     the GUI
case-abstractor demo PATH                     write the demo database
case-abstractor list                          one line per case
case-abstractor report CASE... -o FILE.pdf    a case summary PDF (several: a board packet)
case-abstractor export [CASE...] --format F -o PATH   JSON, CSV, XLSX, REDCap or ODM
case-abstractor dictionary --format F -o PATH the data dictionary (REDCap, XLSX or CSV)
case-abstractor import PATH                   add the cases of a JSON or long CSV file
case-abstractor restore BACKUP                put a backup in place (the current file is kept)

Commands that only read (list, report, export, check, backup) never create a database: a
missing file is an error naming its path.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app import __version__
from desktop_app.cli_exchange import add_exchange_commands, run_dictionary, run_exchange
from desktop_app.cli_restore import add_restore_command, run_restore
from desktop_app.locations import default_database, demo_database
from desktop_app.logs import log, mask_passwords
from desktop_app.spec import Spec, SpecError, default_spec
from desktop_app.store import CaseStore, StoreError
from desktop_app.store.maintenance import has_cases, refuse_unless_sound, upgrade_pending

# demo checks its own PATH; list, report and export only read (unless the schema is upgraded)
WRITING_COMMANDS = ("import",)

READ_ONLY_COMMANDS = ("list", "report", "export", "check", "backup")


class NoDatabase(StoreError):
    """A command that only reads was pointed at a database that does not exist."""


def existing_database(target: str | Path) -> None:
    """Refuse a missing SQLite file before a read-only command would create it empty."""
    text = str(target)
    if "://" in text and not text.startswith("sqlite"):
        return  # a server: the connection itself says whether the database exists
    path = Path(text.removeprefix("sqlite:///")).expanduser()
    if not path.is_file():
        raise NoDatabase(
            f"there is no database at {path} (nothing was created); check --db, or write "
            "the demo database with 'case-abstractor demo PATH'"
        )


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


EXAMPLES = """\
examples:
  case-abstractor --demo                              the window, on the five reference cases
  case-abstractor demo demo.sqlite                    write the demo database to a file
  case-abstractor list --db demo.sqlite               one line per case
  case-abstractor report C-001 C-004 -o board.pdf     a de-identified board packet
  case-abstractor export -o cases.xlsx --format xlsx  every case, de-identified
  case-abstractor export C-001 --format json --identified -o c1.json
  case-abstractor export --format redcap -o redcap_import.csv
  case-abstractor dictionary --format redcap -o redcap_dictionary.csv
  case-abstractor check --db demo.sqlite && echo sound
  case-abstractor restore ~/backups/cases-2026-11-28.sqlite    shows both files, then asks

exit codes:
  0  done (check: the database is sound)
  1  refused or failed: the message on stderr says why (a missing database, an unknown
     case, a damaged file, an import with problems, nothing written)
  2  wrong arguments, or the form specification itself is broken
"""
CASES_HELP = "case numbers, as the case list shows them"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="case-abstractor", description="Abstract rare-tumour cases into structured data.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
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
    report.add_argument("cases", nargs="+", metavar="CASE", help=CASES_HELP)
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
    add_exchange_commands(commands, _common)
    add_restore_command(commands, _common)
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

    refuse_unless_sound(args.path)
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
    from desktop_app.locations import settings_file
    from desktop_app.report.layout import Letterhead
    from desktop_app.settings import Settings
    from desktop_app.user_name import os_user_name

    settings = Settings.load(settings_file(args.data_dir))
    user = settings.registrar_name or os_user_name()
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
    shown = mask_passwords(str(target))
    for problem in problems:
        print(mask_passwords(f"{shown}: {problem}"))
    if not problems:
        print(f"{shown}: sound")
    return 1 if problems else 0


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
        if args.command == "dictionary":
            return run_dictionary(spec, args)
        target = database_target(args)[0]
        if args.command in READ_ONLY_COMMANDS:
            existing_database(target)
        if args.command in ("check", "backup"):
            return _cmd_maintenance(args)
        if args.command == "restore":
            return run_restore(args, target)
        warn_if_on_network_share(target)
        pending = upgrade_pending(target)
        if args.command in WRITING_COMMANDS or pending:  # a write follows:
            refuse_unless_sound(target)  # the whole file is checked first
        updating = _UpdatingLine()  # said once, before a migration or a remake of rows
        if pending:
            updating()
        store = CaseStore.open(target, spec, updating)
        try:
            if args.command == "list":
                return _cmd_list(store)
            if args.command in ("export", "import"):
                return run_exchange(store, args)
            return _cmd_report(store, args)
        finally:
            store.close()
    except SpecError as exc:
        log.error("the form specification is broken: %s", exc)
        print(f"case-abstractor: the form specification is broken:\n{exc}", file=sys.stderr)
        return 2
    except (StoreError, OSError) as exc:
        log.error("%s failed: %s", args.command, exc)
        print(f"case-abstractor: {mask_passwords(str(exc))}", file=sys.stderr)
        return 1


class _UpdatingLine:
    """A store.meta.Progress that says on stderr, once, that the database is being updated
    (a migration or a remake of every case's rows may take minutes on a large file)."""

    def __init__(self) -> None:
        self.said = False

    def __call__(self, what: str = "", done: int = 0, total: int = 0) -> None:
        if not self.said:
            self.said = True
            print(UPDATING_LINE, file=sys.stderr, flush=True)


UPDATING_LINE = "case-abstractor: updating the database for this release (this happens once)…"


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
