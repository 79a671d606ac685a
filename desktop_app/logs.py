"""The log file: what happened on this workstation (start, database opened, saves, backups,
errors), in a rotating file in the logs folder. Never a patient identifier: a save is logged
by its case number, and error reports have the open case's identifying values removed."""

from __future__ import annotations

import logging
import platform
import re
from collections.abc import Iterable
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop_app import __version__
from desktop_app.record import CaseRecord
from desktop_app.spec.model import Spec

LOGGER_NAME = "case_abstractor"
LOG_FILE = "case-abstractor.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
REMOVED = "[identifier removed]"

log = logging.getLogger(LOGGER_NAME)

# user:password@ in a database URL (postgresql://, postgresql+psycopg://, ...), and the
# password= of a libpq connection string, as drivers quote them in their errors.
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)[^@\s]*(?=@)")
_KEYWORD_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)
MASK = "***"


def mask_passwords(text: str) -> str:
    """`text` with the password of every database URL or connection string in it masked."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
    return _KEYWORD_PASSWORD.sub(lambda m: m.group("head") + MASK, text)


class PasswordMask(logging.Filter):
    """Masks passwords in every record the log writes, whoever wrote the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_passwords(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = mask_passwords(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_passwords(record.exc_text)
        return True


_MASK = PasswordMask()
log.addFilter(_MASK)


def setup_logging(folder: Path, max_bytes: int = MAX_BYTES, backup_count: int = BACKUP_COUNT
                  ) -> Path:  # fmt: skip
    """Send the app's log to `folder`/case-abstractor.log, rotated at `max_bytes` with
    `backup_count` older files kept. Calling it again moves the log to the new folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    for handler in list(log.handlers):
        if isinstance(handler, RotatingFileHandler):
            if Path(handler.baseFilename) == path.resolve():
                return path
            log.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8", delay=True
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    handler.addFilter(_MASK)  # records of other loggers too (a driver's error with the URL)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return path


def log_file() -> Path | None:
    """The file the log is written to, once set up."""
    for handler in log.handlers:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def describe_system() -> str:
    """Version and platform, for the top of a log or an error report."""
    return (
        f"Case Abstractor {__version__}; Python {platform.python_version()}; "
        f"{platform.system()} {platform.release()} ({platform.machine()})"
    )


def identifying_values(spec: Spec, record: CaseRecord | None) -> list[str]:
    """The values of a case's fields marked phi, inside groups too: what a log or an error
    report must never carry."""
    if record is None:
        return []
    phi = {f.key for f in spec.all_fields() if f.phi}
    found = [v for k, v in record.values.items() if ("", k) in phi and v]
    for group, entries in record.groups.items():
        for entry in entries:
            found += [v for k, v in entry.values.items() if (group, k) in phi and v]
    return found


def redact(text: str, values: Iterable[str]) -> str:
    """`text` with every identifying value (and each of its words of 4 or more characters,
    so that a name split across a message goes too) replaced, and database passwords
    masked."""
    pieces: set[str] = set()
    for value in values:
        value = str(value).strip()
        if not value:
            continue
        pieces.add(value)
        pieces.update(word for word in value.split() if len(word) >= 4)
    for piece in sorted(pieces, key=len, reverse=True):
        # In any case: "SMITH" in a traceback is the surname "Smith" typed in the form.
        text = re.sub(re.escape(piece), lambda _m: REMOVED, text, flags=re.IGNORECASE)
    return mask_passwords(text)


def case_reference(spec: Spec, record: CaseRecord) -> str:
    """How a case is named in the log: its case number, else its database id."""
    field = spec.summary_field("case_number")
    number = record.values.get(field.id, "") if field is not None and not field.phi else ""
    return number or (f"id {record.case_id}" if record.case_id is not None else "(new case)")


def log_started() -> None:
    # Not the arguments: a database URL may carry a password.
    log.info("started: %s", describe_system())
