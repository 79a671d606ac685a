"""Start-up: arguments, the log, then either a headless command or the GUI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from desktop_app import cycle_collector


def start_logging(args: argparse.Namespace) -> None:
    """The rotating log in the logs folder; a folder that cannot be written does not stop
    the app (it runs without a log file)."""
    from desktop_app.locations import logs_dir
    from desktop_app.logs import log, log_started, setup_logging

    try:
        setup_logging(logs_dir(args.data_dir))
    except OSError as exc:
        print(f"case-abstractor: no log file: {exc}", file=sys.stderr)
        return
    log_started()
    if args.command:
        log.info("command: %s", args.command)


def main(argv: Sequence[str] | None = None) -> int:
    cycle_collector.pause()  # until the window is shown or the command runs
    from desktop_app.cli import parse, run_command  # the store and SQLAlchemy, before Qt

    args = parse(argv)
    start_logging(args)
    if args.command:
        cycle_collector.resume()
        return run_command(args)
    from desktop_app.desktop_check import check_desktop

    problem = check_desktop()
    if problem:  # said before Qt aborts on a desktop without the X libraries it needs
        from desktop_app.logs import log

        log.error("%s", problem)
        print(problem, file=sys.stderr)
        return 1
    from desktop_app.ui.launch import run_gui  # Qt is imported only for the GUI

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
