"""`case-abstractor restore BACKUP`: the GUI's restore, with the same safety, from a shell.

The backup is verified before anything moves; the file in use is never deleted but kept
whole (with its -wal and -shm) beside it; a file locked by another program or on a
read-only file system is refused. Both files' case counts and latest saves are shown, and
the registrar confirms (or gives --yes in a script): without a terminal and without
--yes, nothing changes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.maintenance_service import MaintenanceService
from desktop_app.store.errors import StoreError


def add_restore_command(commands: Any, common: Callable[..., None]) -> None:
    restore = commands.add_parser(
        "restore", help="put a backup in place of the database (the current file is kept)"
    )
    restore.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    restore.add_argument(
        "--yes", action="store_true", help="do not ask (scripts); the current file is still kept"
    )
    common(restore, top=False)


def _sqlite_file(target: str | Path) -> Path:
    text = str(target)
    if "://" in text and not text.startswith("sqlite"):
        raise StoreError(
            "restore puts an SQLite backup in place of an SQLite file; a PostgreSQL server "
            "is restored by its administrator (pg_restore)"
        )
    return Path(text.removeprefix("sqlite:///")).expanduser()


def run_restore(args: argparse.Namespace, target: str | Path,
                answer: Callable[[str], str] = input) -> int:  # fmt: skip
    database, backup = _sqlite_file(target), Path(args.backup).expanduser()
    if not backup.is_file():
        raise StoreError(f"there is no backup at {backup}; nothing was changed")
    service = MaintenanceService(database)
    print(service.compare(backup).text())
    if not args.yes:
        if not sys.stdin.isatty():
            print("case-abstractor: nothing was changed: confirm with --yes when no one can "
                  "answer the question", file=sys.stderr)  # fmt: skip
            return 1
        if answer("Restore this backup? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    kept = service.restore(backup)
    print(f"restored {database} from {backup}")
    if kept is not None:
        print(f"the file it replaced is kept whole as {kept}")
    return 0
