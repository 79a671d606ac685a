"""Case Abstractor: abstract rare-tumour cases into structured, coded data."""

__version__ = "0.1.0"
