"""What a save stores and what the store gives back, written out in each test (issue 16: the
survivors of mutation testing of store/case_store.py's save and versions). Field ids are
those of the shipped forms (forms/*.toml)."""

from __future__ import annotations

from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore


def test_every_saved_version_comes_back_from_the_history(sqlite_store: CaseStore) -> None:
    record = sqlite_store.save(CaseRecord(values={"case_number": "V-1", "title": "First"}))
    record.values["title"] = "Second"
    record.values["age_at_presentation"] = "57"
    sqlite_store.save(record)
    del record.values["age_at_presentation"]
    sqlite_store.save(record)
    versions = sqlite_store.versions(record.case_id or 0)
    assert sorted(versions) == [1, 2, 3]
    assert versions[1].values == {"case_number": "V-1", "title": "First"}
    assert versions[2].values == {"case_number": "V-1", "title": "Second",
                                  "age_at_presentation": "57"}  # fmt: skip
    assert versions[3].values == {"case_number": "V-1", "title": "Second"}
