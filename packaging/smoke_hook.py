"""The GUI's self-test, armed by packaging/launcher.py only when CASE_ABSTRACTOR_SMOKE_EXIT_MS
is set: after that many milliseconds it names the windows shown, renders the first page of
CASE_ABSTRACTOR_SMOKE_PDF with PDFium (the preview's renderer), and quits the event loop.

This is what shows that a bundle's Qt platform plugins and its native PDFium load; the
lines it prints start with "smoke:" and packaging/smoke_test.py reads them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def _prove_and_quit() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        print(f"smoke: platform {app.platformName()}", flush=True)
        for widget in app.topLevelWidgets():
            if widget.isVisible():
                name = type(widget).__name__
                print(f"smoke: window {name} {widget.windowTitle()!r}", flush=True)
        shot = os.environ.get("CASE_ABSTRACTOR_SMOKE_SCREENSHOT")
        if shot:  # what the display shows (on xcb: the X server's screen, not our own paint)
            screen = app.primaryScreen()
            image = screen.grabWindow(0).toImage()
            image.save(shot)
            print(f"smoke: screenshot {image.width()}x{image.height()} {shot}", flush=True)
        pdf = os.environ.get("CASE_ABSTRACTOR_SMOKE_PDF")
        if pdf:
            from desktop_app.ui.pdf_preview import page_images

            images = page_images(Path(pdf).read_bytes(), 36)
            size = images[0].size() if images else None
            shape = f"{size.width()}x{size.height()}" if size else "none"
            print(f"smoke: pdfium rendered {len(images)} page(s), first {shape}", flush=True)
    except Exception as exc:  # reported, then a failing exit status for the smoke test
        print(f"smoke: failed: {type(exc).__name__}: {exc}", flush=True)
        app.exit(3)
        return
    app.quit()


_KEPT: list[QApplication] = []  # the application outlives arm(); run_gui reuses it


def arm() -> None:
    """Create the application the GUI will reuse, with the timer that ends it."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    _KEPT.append(app)
    delay = int(os.environ["CASE_ABSTRACTOR_SMOKE_EXIT_MS"])
    QTimer.singleShot(delay, _prove_and_quit)
