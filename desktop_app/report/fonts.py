"""The DejaVu family, registered once with reportlab so that µ ± × ° ≥ ≤ and accents print.

The standard PDF fonts (Helvetica and friends) only cover Latin-1: a value such as
'≥ 10 mitoses' or 'Ki-67 ≤ 5 %' would print as black boxes. DejaVu ships with the
application (resources/fonts/) and is embedded, subset, into every PDF.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.paths import resource_path


@dataclass(frozen=True)
class FontFamily:
    regular: str
    bold: str
    italic: str
    bold_italic: str


FAMILY = FontFamily(
    regular="DejaVuSans",
    bold="DejaVuSans-Bold",
    italic="DejaVuSans-Oblique",
    bold_italic="DejaVuSans-BoldOblique",
)

_lock = threading.Lock()
_registered = False


def register_fonts() -> FontFamily:
    """Register the DejaVu family with reportlab (once per process) and return its names.

    After this, Paragraph markup <b> and <i> in the regular face picks the right file.
    """
    global _registered
    with _lock:
        if _registered:
            return FAMILY
        known = set(pdfmetrics.getRegisteredFontNames())
        for name in (FAMILY.regular, FAMILY.bold, FAMILY.italic, FAMILY.bold_italic):
            if name not in known:
                path = resource_path("fonts", f"{name}.ttf")
                pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            FAMILY.regular,
            normal=FAMILY.regular,
            bold=FAMILY.bold,
            italic=FAMILY.italic,
            boldItalic=FAMILY.bold_italic,
        )
        _registered = True
        return FAMILY
