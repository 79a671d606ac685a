"""What can go wrong in the store, in words a registrar can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A save or load that could not be done; the message is for the registrar."""


class ConflictError(StoreError):
    """Someone else saved the case since it was loaded."""

    def __init__(self, case_id: int, expected: int, found: int | None) -> None:
        self.case_id, self.expected, self.found = case_id, expected, found
        super().__init__(
            f"This case was saved by someone else since you opened it (your version "
            f"{expected}, now {found}). Your changes are kept; reload and re-apply them."
        )


class ReasonRequired(StoreError):
    """A change to a case marked complete needs a reason."""

    def __init__(self) -> None:
        super().__init__("This case is marked complete: a change needs a reason.")


class DamagedDatabase(StoreError):
    """The database failed its integrity check; it is never written to."""

    def __init__(self, path: Path, problems: list[str], backup: Path | None) -> None:
        self.path, self.problems, self.backup = path, problems, backup
        offer = (
            f" The newest good backup is {backup}."
            if backup
            else " No good backup was found next to it."
        )
        super().__init__(
            f"The database {path} is damaged ({problems[0]}). Nothing will be written to it."
            + offer
        )


class DatabaseLocked(StoreError):
    """Another program holds the database (an exclusive lock): it is not damaged, and
    nothing is restored over it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"The database {path} is locked by another program (another Case Abstractor, or "
            "a tool holding it exclusively). It is not damaged and nothing was changed. "
            "Close the other program, then try again."
        )


class DatabaseReadOnly(StoreError):
    """The database cannot be written (a read-only file, folder or file system); it is not
    damaged, and nothing is restored over it."""

    def __init__(self, path: Path, detail: str = "") -> None:
        self.path = path
        why = f" ({detail})" if detail else ""
        super().__init__(
            f"The database {path} is read-only{why}: its file, folder or file system cannot "
            "be written. It is not damaged and nothing was changed. Ask for write "
            "permission, or copy it to a folder you can write to."
        )


def explain_write_error(exc: Exception) -> str:
    """A registrar's sentence for a database error during a save. Whether a draft was kept is
    said by whoever writes it (drafts.keep_after_failed_save), never promised here."""
    text = str(getattr(exc, "orig", exc) or exc).lower()
    if "readonly" in text or "read-only" in text:
        return (
            "The database file is read-only, so the case was not saved. Your changes are "
            "kept in the form. Ask for write permission, or save a copy."
        )
    if "disk is full" in text or "database or disk is full" in text or "no space" in text:
        return (
            "The disk is full, so the case was not saved. Your changes are kept in the form. "
            "Free some space, then save again."
        )
    if "locked" in text or "busy" in text:
        return (
            "The database is locked by another program, so the case was not saved. Your "
            "changes are kept in the form. Wait a moment, then save again."
        )
    return f"The case was not saved: {text}. Your changes are kept in the form."
