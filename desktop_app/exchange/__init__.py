"""Export and import of cases: lossless JSON, CSV (long and wide), XLSX with a data
dictionary, de-identification after HIPAA Safe Harbor. Plain Python, no Qt; every column
comes from the form specification."""

from desktop_app.exchange.checks import ImportProblem, ImportRefused
from desktop_app.exchange.deidentify import DATE_MODES, DateMode, Deidentifier
from desktop_app.exchange.export import FORMATS, ExportError, export_records
from desktop_app.exchange.importer import IMPORT_FORMATS, ImportFailed, check_file, import_file

__all__ = [
    "DATE_MODES",
    "FORMATS",
    "IMPORT_FORMATS",
    "DateMode",
    "Deidentifier",
    "ExportError",
    "ImportFailed",
    "ImportProblem",
    "ImportRefused",
    "check_file",
    "export_records",
    "import_file",
]
