"""The window's parts do not reach back into the window: no ui module but launch.py imports
MainWindow (even for type checking only), and the ui modules import one another without a
circle (issue 15). Read from the source with ast; nothing is imported."""

from __future__ import annotations

import ast
import re
from pathlib import Path

UI = Path(__file__).resolve().parent.parent / "desktop_app" / "ui"


def _imports(path: Path) -> set[str]:
    """Every desktop_app.ui module `path` imports, at the top, in a function or under
    TYPE_CHECKING alike."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "desktop_app.ui":
                found |= {f"desktop_app.ui.{a.name}" for a in node.names}
            elif node.module.startswith("desktop_app.ui."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("desktop_app.ui.")}
    return found


def _graph() -> dict[str, set[str]]:
    return {f"desktop_app.ui.{p.stem}": _imports(p) for p in UI.glob("*.py")}


def test_only_launch_imports_the_main_window() -> None:
    importers = sorted(
        name for name, imported in _graph().items() if "desktop_app.ui.main_window" in imported
    )
    assert importers == ["desktop_app.ui.launch"]


def test_the_ui_modules_import_one_another_without_a_circle() -> None:
    graph = _graph()
    circles: list[list[str]] = []

    def walk(name: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(name, ())):
            if nxt in path:
                circles.append([*path[path.index(nxt) :], nxt])
            elif nxt in graph and len(path) < len(graph):
                walk(nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, [start])
    assert circles == []


def test_an_import_for_type_checking_only_is_seen(tmp_path: Path) -> None:
    """The rule can fail: an import hidden under TYPE_CHECKING, or in a function, counts."""
    source = tmp_path / "part.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from desktop_app.ui.main_window import MainWindow\n"
        "def later() -> None:\n"
        "    from desktop_app.ui import background\n",
        encoding="utf-8",
    )
    assert _imports(source) == {"desktop_app.ui.main_window", "desktop_app.ui.background"}


WINDOW_TYPES = ("MainWindow", "CaseWindowBase")
OWN_WINDOW = {"main_window", "launch"}  # the window itself, and start-up that makes it


def _takes_the_window(path: Path) -> list[str]:
    """Where `path` takes the main window whole: a parameter of its type (or named
    `window` with no type), or an import of that type."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.arg) and node.arg not in ("self", "cls"):
            annotation = ast.unparse(node.annotation) if node.annotation else ""
            if re.search(rf"\b({'|'.join(WINDOW_TYPES)})\b", annotation):  # not QMainWindow
                found.append(f"{path.stem} line {node.lineno}: {node.arg}: {annotation}")
            elif node.arg == "window" and not annotation:
                found.append(f"{path.stem} line {node.lineno}: an untyped window")
        elif isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names if a.name in WINDOW_TYPES]
            found += [f"{path.stem} line {node.lineno}: imports {n}" for n in names]
    return sorted(found)


def test_no_ui_module_takes_the_whole_window() -> None:
    """Each part is given what it uses (the store, the editor, the session, the prompts,
    a status line), never the window: report_actions was the last to take it."""
    found = [hit for path in sorted(UI.glob("*.py")) if path.stem not in OWN_WINDOW
             for hit in _takes_the_window(path)]  # fmt: skip
    assert found == []


def test_a_module_taking_the_window_fails_the_rule(tmp_path: Path) -> None:
    source = tmp_path / "part.py"
    source.write_text(
        "from desktop_app.ui.window_parts import CaseWindowBase\n"
        "class Part:\n"
        "    def __init__(self, window: 'CaseWindowBase') -> None: ...\n"
        "def later(window): ...\n"
        "def fine(parent: QMainWindow, show: Callable[[str, int], None]) -> None: ...\n",
        encoding="utf-8",
    )
    assert _takes_the_window(source) == [
        "part line 1: imports CaseWindowBase",
        "part line 3: window: 'CaseWindowBase'",
        "part line 4: an untyped window",
    ]
