"""Style strings shared by several windows, in a module of their own so that a dialog that
needs one does not import the field editors (or the PDF preview) at start-up."""

from __future__ import annotations

from PySide6.QtCore import QLocale

ERROR_STYLE = "color: #b00020;"
DERIVED_COLOUR = "#1f5f8b"  # a derived value: its mark beside an input, its table cell


def default_paper() -> str:
    """Letter in the United States and Canada, A4 everywhere else."""
    letter = (QLocale.Country.UnitedStates, QLocale.Country.Canada)
    return "Letter" if QLocale.system().territory() in letter else "A4"
