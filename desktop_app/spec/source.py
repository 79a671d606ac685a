"""One TOML file of the specification as the loader reads it, and how a problem in it is
reported: the file, the line where it can be found and the field."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.spec.model import Condition

_DECLARATION = re.compile(r"^\s*id\s*=\s*[\"']([^\"']*)[\"']")


@dataclass(frozen=True)
class SpecProblem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        subject = f" field '{self.field}'" if self.field else ""
        return f"{where}:{subject} {self.message}"


class SpecError(Exception):
    """The form specification is broken; `problems` says where and how."""

    def __init__(self, problems: list[SpecProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Source:
    """One TOML file: its parsed data and its text, to find the line an id is declared on."""

    def __init__(self, path: Path, problems: list[SpecProblem]) -> None:
        self.name = path.name
        self.text = path.read_text(encoding="utf-8")
        self.lines = self.text.splitlines()
        self.problems = problems
        self.claimed: set[int] = set()
        self.declared: dict[str, list[int]] | None = None  # id -> its lines, found once
        self.headers: dict[str, int] | None = None  # "[table]" -> its first line
        try:
            self.data: dict[str, Any] = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"at line (\d+)", str(exc))
            self.problem(int(found.group(1)) if found else None, "", f"is not valid TOML: {exc}")
            self.data = {}
            self.broken = True
            return
        self.broken = False

    def line_of(self, ident: str, after: int | None = None) -> int | None:
        """The line declaring `ident`, after `after`; each line is handed out once, so a
        duplicate id is reported where the second declaration stands. The file's `id = "…"`
        lines are found once, by one pattern (not one pattern compiled per field)."""
        if self.declared is None:
            self.declared = {}
            for number, text in enumerate(self.lines, start=1):
                found = _DECLARATION.match(text)
                if found:
                    self.declared.setdefault(found.group(1), []).append(number)
        start = after or 1
        for number in self.declared.get(ident, []):
            if number >= start and number not in self.claimed:
                self.claimed.add(number)
                return number
        return None if after is None else self.line_of(ident)

    def problem(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(SpecProblem(self.name, line, field, message))


def line_of_table(source: Source, header: str) -> int | None:
    """The line of a table's `[header]`; the file's headers are found once, in one pass
    (a file of vocabularies asks for each of its tables)."""
    if source.headers is None:
        source.headers = {}
        for number, text in enumerate(source.lines, start=1):
            line = text.strip()
            if line.startswith("[") and line.endswith("]"):
                source.headers.setdefault(line[1:-1], number)
    return source.headers.get(header)


def condition(raw: Any) -> Condition | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("field"), str):
        return None
    tests = [k for k in ("equals", "in", "filled") if k in raw]
    if len(tests) != 1 or set(raw) - {"field", "equals", "in", "filled"}:
        return None
    if "in" in raw:
        if not isinstance(raw["in"], list):
            return None
        return Condition(raw["field"], in_=tuple(str(v) for v in raw["in"]))
    if "equals" in raw:
        return Condition(raw["field"], equals=str(raw["equals"]))
    if not isinstance(raw["filled"], bool):
        return None
    return Condition(raw["field"], filled=raw["filled"])
