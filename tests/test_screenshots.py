"""`make screenshots` (packaging/screenshots.py) draws the README's pictures from the app
offscreen: none is blank, each shows what it should, and the README shows each of them."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "screenshots", ROOT / "packaging" / "screenshots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _colours(image: QImage, step: int = 7) -> int:
    """How many distinct colours a grid of its pixels has (a blank picture has one)."""
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})  # fmt: skip


def test_the_pictures_are_made_offscreen_and_none_is_blank(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.spec import default_spec
    from desktop_app.ui.main_window import MainWindow

    def windows() -> set[int]:
        return {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}

    before = windows()  # another test's window may still wait for its deletion
    written = _script().take_screenshots(tmp_path)
    # Its own window is gone once done (a test after this one looks for the app's window).
    assert windows() <= before
    tabs = [f"tab-{form.id}.png" for form in default_spec().forms]
    names = [p.name for p in written]
    assert names == ["main-window.png", *tabs, "tumour-board-summary.png"]
    for path in written:
        image = QImage(str(path))
        assert not image.isNull() and image.width() > 500 and image.height() > 500, path
        assert _colours(image) > 20, f"{path.name} looks blank"
    main = QImage(str(tmp_path / "main-window.png"))
    assert (main.width(), main.height()) == (1280, 820)  # the window at its default size
    # The tabs differ from one another (each picture shows its own tab).
    assert len({(tmp_path / name).read_bytes() for name in tabs}) == len(tabs)


def test_the_readme_shows_the_pictures_that_make_screenshots_writes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\((docs/[^)]+\.png)\)", readme))
    from desktop_app.spec import default_spec

    made = {"docs/main-window.png", "docs/tumour-board-summary.png"}
    made |= {f"docs/tab-{form.id}.png" for form in default_spec().forms}
    assert shown == made
    assert all((ROOT / path).is_file() for path in made)
    assert "make screenshots" in readme
