"""The window's parts do not reach back into the window: no ui module but launch.py imports
MainWindow (even for type checking only), and the ui modules import one another without a
circle (issue 15). Read from the source with ast; nothing is imported."""

from __future__ import annotations

import ast
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
