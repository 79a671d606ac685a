"""The bundle's PyInstaller spec, read without PyInstaller: it carries the data the app
looks for where the app looks for it, keeps every Qt module the app imports, and prunes
only plugins (and the libraries only they need). The real proof is the CI step that builds
the bundle and runs it (packaging/smoke_test.py)."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import desktop_app
from desktop_app.store import migrate

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "case_abstractor.spec"
PACKAGE_PARENT = Path(desktop_app.__file__).resolve().parent.parent


class Recorder:
    """Stands for Analysis, PYZ, EXE, COLLECT and BUNDLE: keeps what it was given."""

    made: list[tuple[str, tuple[Any, ...], dict[str, Any]]]

    def __init__(self, kind: str, binaries: list[tuple[str, str, str]]) -> None:
        self.kind, self.fake_binaries = kind, binaries

    def __call__(self, *args: Any, **kwargs: Any) -> types.SimpleNamespace:
        Recorder.made.append((self.kind, args, kwargs))
        return types.SimpleNamespace(
            binaries=list(self.fake_binaries), datas=[], pure=[], scripts=[]
        )


def run_spec(
    monkeypatch: pytest.MonkeyPatch,
    binaries: list[tuple[str, str, str]] | None = None,
    imports: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """Execute the spec with PyInstaller replaced by recorders; returns its namespace."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda package: []  # type: ignore[attr-defined]
    hooks.collect_dynamic_libs = lambda package: []  # type: ignore[attr-defined]
    bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    bindepend.get_imports = lambda path: [  # type: ignore[attr-defined]
        (Path(p).name, p) for p in (imports or {}).get(path, [])
    ]
    for name in ("PyInstaller", "PyInstaller.utils", "PyInstaller.depend"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setitem(sys.modules, "PyInstaller.depend.bindepend", bindepend)
    Recorder.made = []
    namespace: dict[str, Any] = {"SPECPATH": str(SPEC.parent), "__name__": "spec"}
    for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        namespace[kind] = Recorder(kind, binaries or [])
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return namespace


def analysis(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    run_spec(monkeypatch)
    return next(kwargs for kind, _args, kwargs in Recorder.made if kind == "Analysis")


def bundled(datas: list[tuple[str, str]]) -> dict[Path, str]:
    """Source file -> the folder it lands in inside the bundle."""
    return {Path(source).resolve(): target.replace("\\", "/") for source, target in datas}


def shipped_files(folder: Path) -> list[Path]:
    return [
        p for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["forms", "resources"])
def test_every_data_file_lands_where_paths_looks_in_a_bundle(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # desktop_app.paths looks for sys._MEIPASS/forms and sys._MEIPASS/resources first
    placed = bundled(analysis(monkeypatch)["datas"])
    folder = ROOT / name
    files = shipped_files(folder)
    assert files
    for path in files:
        expected = Path(name, path.relative_to(folder).parent).as_posix()
        assert placed.get(path.resolve()) == expected, path


def test_migration_scripts_land_beside_the_frozen_migrate_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    placed = bundled(analysis(monkeypatch)["datas"])
    # migrate.py finds them next to its own __file__; frozen, that is under sys._MEIPASS
    home = migrate.MIGRATIONS.resolve()
    scripts = [p for p in shipped_files(home) if p.suffix == ".py"]
    assert any(p.name == "env.py" for p in scripts)
    assert any(p.parent.name == "versions" for p in scripts)
    for path in scripts:
        expected = path.parent.relative_to(PACKAGE_PARENT).as_posix()
        assert placed.get(path.resolve()) == expected, path


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module != "__future__":
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if importlib.util.find_spec(node.module) and _is_module(full)
                          else node.module)  # fmt: skip
    return found


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _app_imports() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "desktop_app").rglob("*.py"):
        if migrate.MIGRATIONS not in path.parents:
            found |= _imported_modules(path)
    return found


def test_what_the_migration_scripts_import_is_frozen_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # PyInstaller never reads the migration scripts (they are data): whatever they import
    # must be imported by the app itself or named as a hidden import
    hidden = set(analysis(monkeypatch)["hiddenimports"])
    app = _app_imports()
    for path in migrate.MIGRATIONS.rglob("*.py"):
        for module in _imported_modules(path):
            assert module in hidden or module in app, f"{path.name} imports {module}"


def test_no_qt_module_the_app_imports_is_excluded(monkeypatch: pytest.MonkeyPatch) -> None:
    excluded = set(analysis(monkeypatch)["excludes"])
    used = {m for m in _app_imports() if re.fullmatch(r"PySide6\.Qt\w+", m)}
    assert {"PySide6.QtWidgets", "PySide6.QtPrintSupport"} <= used
    assert not used & excluded


def test_two_programs_share_one_folder_and_the_cli_has_a_console(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_spec(monkeypatch)
    programs = {kw["name"]: kw for kind, _a, kw in Recorder.made if kind == "EXE"}
    assert set(programs) == {"case-abstractor", "case-abstractor-cli"}
    assert programs["case-abstractor-cli"]["console"] is True
    assert all(kw["exclude_binaries"] for kw in programs.values())  # one folder, not one file
    collected = [a for kind, a, _kw in Recorder.made if kind == "COLLECT"]
    assert len(collected) == 1


def test_unwanted_plugins_go_with_the_libraries_only_they_need(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    toc = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "/s/libqeglfs.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/s/libqgtk3.so", "BINARY"),
        ("libgtk-only.so.1", "/s/libgtk-only.so.1", "BINARY"),
        ("libdeeper.so.1", "/s/libdeeper.so.1", "BINARY"),
        ("libshared.so.1", "/s/libshared.so.1", "BINARY"),
        ("libpdfium.so", "/s/libpdfium.so", "BINARY"),  # loaded by path: nobody links it
    ]
    imports = {
        "/s/libqxcb.so": ["/s/libshared.so.1"],
        "/s/libqeglfs.so": ["/s/libshared.so.1"],
        "/s/libqgtk3.so": ["/s/libgtk-only.so.1", "/s/libshared.so.1"],
        "/s/libgtk-only.so.1": ["/s/libdeeper.so.1"],
    }
    kept = run_spec(monkeypatch, toc, imports)["a"].binaries
    assert sorted(Path(dest).name for dest, _s, _k in kept) == [
        "libpdfium.so", "libqxcb.so", "libshared.so.1",
    ]  # fmt: skip
