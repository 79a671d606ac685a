"""Storage: the engine, the schema and its migrations, CaseStore, backups."""

from desktop_app.store.case_store import CaseStore, CaseSummary
from desktop_app.store.errors import ConflictError, DamagedDatabase, ReasonRequired, StoreError

__all__ = [
    "CaseStore",
    "CaseSummary",
    "ConflictError",
    "DamagedDatabase",
    "ReasonRequired",
    "StoreError",
]
