"""Is an SQLite file sound? A cheap check before opening (the header, the schema, the root
and last pages of every table: milliseconds whatever the size), the full check SQLite
offers (every page: seconds to minutes on a large file, so run after the window is up, and
interruptible), and the marker that tells whether the previous session closed cleanly."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path

HEADER = b"SQLite format 3\x00"
READ_TIMEOUT_SECONDS = 2.0  # a check waits this long for a lock held elsewhere
LOOK_SECONDS = 0.05  # how often the thread that stops the full check looks at a cancel request


class CheckCancelled(Exception):
    """The full check was stopped before it finished (the window closed); nothing is known."""


def sqlite_uri(path: Path, mode: str = "ro") -> str:
    """The SQLite URI of a file, its path escaped: a folder named "a#b", "a?b" or "50%" is
    that folder, not a URI fragment, a query or an escape (an f-string made an empty
    database of "a" out of "a#b/cases.sqlite")."""
    return f"{Path(path).expanduser().absolute().as_uri()}?mode={mode}"


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to `path` (nor create it). A lock held by another
    program is waited for READ_TIMEOUT_SECONDS, then reported as "database is locked"."""
    return sqlite3.connect(sqlite_uri(path), uri=True, check_same_thread=False,
                           timeout=READ_TIMEOUT_SECONDS)  # fmt: skip


WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_HEADER, WAL_FRAME_HEADER = 32, 24


def wal_pages(path: Path) -> set[int]:
    """The pages held by the valid frames of the write-ahead log beside `path` (those of the
    log's current generation, up to its last commit): committed pages that a crash, a full
    disk or a checkpoint stopped half-way has not yet put in the main file. Empty without a
    log."""
    try:
        with Path(str(path) + "-wal").open("rb") as handle:
            header = handle.read(WAL_HEADER)
            if len(header) < WAL_HEADER or int.from_bytes(header[:4], "big") not in WAL_MAGIC:
                return set()
            page_size = int.from_bytes(header[8:12], "big")
            salts = header[16:24]
            seen: set[int] = set()
            committed: set[int] = set()
            offset = WAL_HEADER
            while True:
                handle.seek(offset)
                frame = handle.read(WAL_FRAME_HEADER)
                if len(frame) < WAL_FRAME_HEADER or frame[8:16] != salts:
                    break
                seen.add(int.from_bytes(frame[:4], "big"))
                if int.from_bytes(frame[4:8], "big"):  # a commit frame: all so far count
                    committed |= seen
                offset += WAL_FRAME_HEADER + page_size
            return committed
    except OSError:
        return set()


def filesystem_read_only(path: Path) -> bool:
    """The file or its folder cannot be written (a read-only mount, or no permission)."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except (OSError, AttributeError):  # no statvfs (Windows): permissions say enough
        pass
    return not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))


LOCKED_WORDS = ("database is locked", "database table is locked", "database is busy")


def is_lock_message(text: str) -> bool:
    return any(word in text.lower() for word in LOCKED_WORDS)


def header_problems(path: Path) -> list[str]:
    """What is wrong with the first 100 bytes: not an SQLite file, an impossible page size,
    or fewer pages on disk than the header says."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as exc:
        return [f"cannot read the file: {exc}"]
    if len(header) < 100 or not header.startswith(HEADER):
        return ["the file is not an SQLite database (its header is damaged)"]
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return [f"the header gives an impossible page size ({page_size})"]
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]  # else older writers left it stale
    on_disk = size // page_size
    if counter_valid and pages > on_disk:
        # What the main file lacks may be in the write-ahead log, which SQLite reads too
        # (looked for page by page up to the first one missing: a damaged count may be huge).
        logged = wal_pages(path)
        if all(page in logged for page in range(on_disk + 1, pages + 1)):
            return []
        return [f"the file is shorter than its header says ({size} < {pages} pages)"]
    return []


def quick_problems(path: Path) -> list[str]:
    """The cheap check before opening: the header, the schema (sqlite_master), the schema
    revision, and the first and last rows of every table and index (their root page and
    the path down to the last leaf). Damage elsewhere is left to the full check."""
    problems = header_problems(path)
    if problems:
        return problems
    try:
        connection = read_only(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        connection.execute("PRAGMA schema_version").fetchone()
        tables = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0"
        ).fetchall()
        for (name,) in tables:
            quoted = '"' + str(name).replace('"', '""') + '"'
            connection.execute(f"SELECT * FROM {quoted} LIMIT 1").fetchall()
            try:
                connection.execute(f"SELECT max(rowid) FROM {quoted}").fetchall()
            except sqlite3.OperationalError as exc:  # a WITHOUT ROWID table has no rowid
                if "no such column" not in str(exc):
                    raise
        if any(name == "alembic_version" for (name,) in tables):
            connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        connection.close()
    return []


def full_problems(path: Path, quick: bool = True, cancel: threading.Event | None = None
                  ) -> list[str]:  # fmt: skip
    """SQLite's own check of every page (quick_check, or integrity_check with quick=False),
    on a read-only connection; empty when sound. Raises CheckCancelled when `cancel` is set
    before it ends (set before it begins, the file is not even opened: an interrupt sent
    before SQLite's statement begins is forgotten when it begins)."""
    if cancel is not None and cancel.is_set():
        raise CheckCancelled()
    try:
        connection = read_only(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    done = _Done()
    if cancel is not None:
        threading.Thread(target=_interrupt_on, args=(cancel, done, connection), daemon=True,
                         name="check-interrupt").start()  # fmt: skip
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [str(r[0]) for r in connection.execute(f"PRAGMA {pragma}")]
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        if cancel is not None and cancel.is_set():
            raise CheckCancelled() from exc
        return [str(exc)]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        with done.lock:  # no interrupt is sent once the check is over: the connection closes
            done.set()
        connection.close()
    return [] if rows == ["ok"] else rows


class _Done(threading.Event):
    """The check has ended; `lock` makes "not yet ended, so interrupt" one step."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()


def _interrupt_on(cancel: threading.Event, done: _Done, connection: sqlite3.Connection
                  ) -> None:  # fmt: skip
    """Stops the check once `cancel` is set. SQLite's walk over a table's pages (most of the
    check's time) is one step of its virtual machine that no progress handler sees (SQLite
    3.40): an interrupt from another thread stops it at the next page, and every other step
    too. Sent again every LOOK_SECONDS until the check ends: SQLite forgets an interrupt
    that came before its statement began. Ends with the check."""
    while not done.is_set():
        if cancel.wait(LOOK_SECONDS):
            with done.lock:
                if not done.is_set():
                    connection.interrupt()
            done.wait(LOOK_SECONDS)


class SessionMarker:
    """A file in the data folder that exists while the app has a database open: found at
    start-up, it says the previous session on that database did not close cleanly."""

    def __init__(self, folder: Path, database: Path) -> None:
        key = hashlib.sha256(str(database.resolve()).encode()).hexdigest()[:16]
        self.path = folder / "sessions" / f"{database.stem}-{key}.open"

    def left_open(self) -> bool:
        return self.path.exists()

    def begin(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(str(os.getpid()), encoding="utf-8")
        except OSError:
            pass  # without a marker the next start checks in the background, as always

    def end(self) -> None:
        self.path.unlink(missing_ok=True)
