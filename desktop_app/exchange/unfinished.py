"""The file an export writes before it is whole, and the clearing of those a stopped process
left behind.

Every export file is written beside its place and moved there only when complete
(writers.py's `replacing`). A process killed mid-write (the power cut, the task manager)
leaves that file, so its name says what it is and whose it is:

    .cases.json.1a2b3c4d-4711.case-abstractor-unfinished

the target's name, the workstation (a hash of its host name, not the name) and the
process id that wrote it. The next export into the folder removes the ones that are
certainly dead, and nothing else:
  - only names of exactly this pattern (a user's `notes.partial` or another program's
    temporary file is never touched), regular files only;
  - one written on this workstation whose process is no longer running (POSIX: a process id
    reused since errs towards keeping it);
  - one from another workstation (a shared folder), or where a process cannot be asked
    about, only when untouched for longer than any export runs (STALE_AFTER; 10,000
    cases take half a minute, and an export writes its file as it goes).
A file that cannot be removed is left, and said in the log: the export goes on.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
from pathlib import Path

from desktop_app.logs import log

SUFFIX = ".case-abstractor-unfinished"
STALE_AFTER = 24 * 3600.0  # seconds untouched
_PATTERN = re.compile(r"^\.(?P<target>.+)\.(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]+)"
                      + re.escape(SUFFIX) + "$")  # fmt: skip


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:8]


def unfinished_path(target: Path) -> Path:
    """Where this process writes `target` until it is whole."""
    return target.with_name(f".{target.name}.{_host_tag()}-{os.getpid()}{SUFFIX}")


def _running(pid: int) -> bool | None:
    """Whether a process of this workstation runs; None where that cannot be asked safely
    (on Windows, os.kill would end it)."""
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OverflowError:  # beyond what the system can be asked about: judged by age
        return None
    except OSError:  # another user's process: it exists
        return True
    return True


def is_stale(path: Path, now: float | None = None) -> bool:
    """An unfinished export file whose writer is certainly gone."""
    found = _PATTERN.match(path.name)
    if found is None:
        return False
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except OSError:
        return False
    if found["host"] == _host_tag():
        pid = int(found["pid"])
        if pid == os.getpid():
            return False  # this process's own: written by another of its exports
        if _running(pid) is False:
            return True
    return age > STALE_AFTER


def remove_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the unfinished export files in `folder` that no running export writes;
    returns them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.endswith(SUFFIX):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
        except OSError:
            continue
        path = Path(entry.path)
        if not is_stale(path, now):
            continue
        try:
            path.unlink()
        except OSError as exc:
            log.warning("could not remove the unfinished export file %s: %s", path, exc)
            continue
        log.info("removed %s, left by an export that was stopped", path)
        removed.append(path)
    return removed
