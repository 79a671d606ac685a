"""Invisible flowables that tell the page canvas which case the following pages belong to."""

from __future__ import annotations

from reportlab.platypus import Flowable


class CaseMarker(Flowable):
    """Sets the footer's case name, and bookmarks the page in the PDF's outline."""

    def __init__(self, footer: str, outline: str, key: str, deid_note: str = "") -> None:
        super().__init__()
        self.footer = footer
        self.deid_note = deid_note  # what de-identification removed from this case
        self.outline = outline
        self.key = key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0.0, 0.0)

    def draw(self) -> None:
        # The page canvas holds pages back until the end (for "Page x of y"), so the
        # bookmark is made when this page is finally written: see _PageCanvas.save.
        self.canv.case_footer = self.footer
        self.canv.case_deid_note = self.deid_note
        self.canv.mark_page(self.key, self.outline)
