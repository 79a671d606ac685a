"""Start-up: arguments, then either a headless command or the GUI."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop_app.cli import parse, run_command


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.command:
        return run_command(args)
    from desktop_app.ui.launch import run_gui  # Qt is imported only for the GUI

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
