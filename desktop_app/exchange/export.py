"""Export cases from a store: which cases, de-identified or not, in which format."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from desktop_app.exchange.deidentify import DateMode, Deidentifier
from desktop_app.exchange.interchange import INTERCHANGE_FORMATS, write_interchange
from desktop_app.exchange.layout import layout_of
from desktop_app.exchange.writers import write_csv_long, write_csv_wide, write_json, write_xlsx
from desktop_app.record import CaseRecord
from desktop_app.rules.derived import with_derived
from desktop_app.store import CaseStore

FORMATS = ("json", "csv-long", "csv-wide", "xlsx", *INTERCHANGE_FORMATS)
DERIVED_FORMATS = ("csv-wide", "xlsx")  # for analysis; the others round-trip through import


class ExportError(Exception):
    """An export that cannot be made; the message says why, for the registrar."""


def case_ids(store: CaseStore, numbers: Sequence[str] = ()) -> list[int]:
    """The cases to export: those numbered (in the order given), else every case in the list
    (removed cases are not exported)."""
    if not numbers:
        return [c.case_id for c in store.list_cases()]
    ids = []
    for number in numbers:
        case_id = store.find(number)
        if case_id is None:
            raise ExportError(f"no case numbered '{number}'")
        ids.append(case_id)
    return ids


def export_records(
    store: CaseStore,
    path: Path,
    fmt: str,
    *,
    numbers: Sequence[str] = (),
    deidentify: bool = False,
    dates: DateMode = "auto",
    ids: Sequence[int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the cases of `store` to `path` (a folder for csv-wide); returns how many.

    The formats made for analysis (XLSX, wide CSV) carry the derived values too (an FNCLCC
    grade computed from its scores). The formats that import reads back (JSON, long CSV)
    hold what was entered, exactly: imported, a derived value would stand as entered and
    stop following its inputs. REDCap's import CSV and ODM (exchange/interchange.py) hold
    what was entered too, ODM with the audit of each value.

    `ids` names the cases by their ids instead of their numbers (the GUI's selection);
    `progress` is told how many cases are done after each (it may raise to stop: the
    writers then leave no file)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    ids = list(ids) if ids is not None else case_ids(store, numbers)
    deidentifier = Deidentifier(store.spec, dates) if deidentify else None

    derived = fmt in DERIVED_FORMATS

    def records() -> Iterator[CaseRecord]:
        for done, record in enumerate(store.load_many(ids), start=1):
            if derived:
                record = with_derived(store.spec, record)
            yield deidentifier.apply(record) if deidentifier else record
            if progress is not None:
                progress(done)

    if fmt in INTERCHANGE_FORMATS:
        return write_interchange(store, records(), path, fmt, deidentify)
    layout = layout_of(store.spec, deidentify)
    if fmt == "json":
        return write_json(layout, records(), path, deidentify)
    if fmt == "csv-long":
        return write_csv_long(layout, records(), path)
    if fmt == "csv-wide":
        return write_csv_wide(layout, records(), path)
    return write_xlsx(layout, records(), path, deidentify)
