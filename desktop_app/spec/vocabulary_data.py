"""A long vocabulary kept as a compact data file beside its TOML header.

`[vocabulary.x]` may name `data = "file.tsv"` (code, label, other names "|"-separated, one
term a line; "#" lines name the source) and `retired = "file.tsv"` (code, edition, label,
successor: codes of an older edition, kept and reported where found). Terms written in the
TOML itself are the house's own: for a code in both, their label and definition win, and the
published preferred term becomes one more name search finds. A TSV is read with split(),
not a TOML parser: the 1,143 ICD-O-3.2 morphology terms load in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from desktop_app.spec.model import RetiredTerm, Term

NAMES_SEPARATOR = " | "


def read_rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def merge_data(path: Path, curated: list[Term], problem: Callable[[str], None]) -> list[Term]:
    """The published terms in their file's order, with the curated ones laid over them;
    curated codes the file does not hold are reported (a code in doubt is left out)."""
    own = {term.code: term for term in curated}
    merged: list[Term] = []
    try:
        rows = read_rows(path)
    except OSError as exc:
        problem(f"cannot read its data file {path.name}: {exc.strerror}")
        return curated
    for row in rows:
        if len(row) < 2 or not row[0] or not row[1]:
            problem(f"data file {path.name} has a malformed line: {' '.join(row)[:60]}")
            continue
        code, label = row[0], row[1]
        names = tuple(n for n in (row[2] if len(row) > 2 else "").split(NAMES_SEPARATOR) if n)
        mine = own.pop(code, None)
        if mine is None:
            merged.append(Term(code, label, synonyms=names))
            continue
        extra = tuple(n for n in (label, *names) if n != mine.label)
        merged.append(replace(mine, synonyms=mine.synonyms + extra))
    for code in own:
        problem(f"term '{code}' is not in its data file {path.name}")
    return merged


def read_retired(path: Path, problem: Callable[[str], None]) -> tuple[RetiredTerm, ...]:
    try:
        rows = read_rows(path)
    except OSError as exc:
        problem(f"cannot read its retired-codes file {path.name}: {exc.strerror}")
        return ()
    retired = []
    for row in rows:
        if len(row) < 3:
            problem(f"retired-codes file {path.name} has a malformed line: {' '.join(row)[:60]}")
            continue
        retired.append(RetiredTerm(row[0], row[2], row[1], row[3] if len(row) > 3 else ""))
    return tuple(retired)
