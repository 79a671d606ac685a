"""Storage: the engine, the schema and its migrations, CaseStore, backups."""

from desktop_app.store.case_store import CaseStore, CaseSummary, ConflictError, StoreError

__all__ = ["CaseStore", "CaseSummary", "ConflictError", "StoreError"]
