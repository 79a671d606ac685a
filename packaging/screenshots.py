"""The README's pictures, made from the running app so that they stay true (`make
screenshots`): the main window on a demo case, each tab of it, and the first page of its
tumour-board PDF. Runs offscreen (QT_QPA_PLATFORM=offscreen) on a throw-away database.

    python packaging/screenshots.py docs
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from desktop_app.demo import write_demo
from desktop_app.drafts import DraftStore
from desktop_app.settings import Settings
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore
from desktop_app.ui.pdf_preview import page_images

CASE = "DEMO-001"
MAIN_TAB = "imaging"  # the main window is shown on this tab
PDF_DPI = 80


def take_screenshots(folder: Path) -> list[Path]:
    """Write the pictures into `folder`; returns their paths."""
    from desktop_app.report import render_case_summary
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.window_parts import StartupContext

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        spec = default_spec()
        store = CaseStore.open(Path(scratch) / "demo.sqlite", spec)
        try:
            write_demo(store)
            settings = Settings(registrar_name="Demo registrar")
            context = StartupContext(data_dir=Path(scratch))
            window = MainWindow(store, settings, None, DraftStore(Path(scratch) / "d"), context)
            window.show()
            window.open_case(store.find(CASE) or 0)
            for index, tab in enumerate(window.editor.form_tabs):
                window.editor.tabs.setCurrentIndex(index)
                app.processEvents()
                written.append(_save(window.grab().toImage(), folder / f"tab-{tab.form.id}.png"))
            main = next(i for i, t in enumerate(window.editor.form_tabs) if t.form.id == MAIN_TAB)
            window.editor.tabs.setCurrentIndex(main)
            app.processEvents()
            written.insert(0, _save(window.grab().toImage(), folder / "main-window.png"))
            pdf = io.BytesIO()
            render_case_summary(spec, [window.editor.record], pdf, generated_by="Demo registrar")
            first = page_images(pdf.getvalue(), PDF_DPI)[0]
            written.append(_save(first, folder / "tumour-board-summary.png"))
            window.editor.set_dirty(False)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.close()  # and gone: no window of ours is left among the top-level ones
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        finally:
            store.close()
    return written


def _save(image: QImage, path: Path) -> Path:
    if not image.save(str(path)):
        raise OSError(f"{path} could not be written")
    return path


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")
    for path in take_screenshots(folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
