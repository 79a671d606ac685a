"""File ▸ Export…: cases written to JSON, CSV, XLSX, REDCap's import CSV or CDISC ODM from
the window, as `case-abstractor export` writes them (desktop_app.exchange.export_records),
de-identified unless the registrar deliberately chooses an identified file, which is then
marked as such.

Before a de-identified file is written, every replacement in the cases' free text is shown
in context (ui/deid_review.py); Cancel there writes nothing. Reading the cases for the
review and writing the file run in a thread (ui/export_job.py) with a progress bar and a
Stop button; the file is written beside its place and moved there only when complete, so
a full disk or an error leaves no half file, and says so in the dialog.

File ▸ Export… itself is ui/export_action.py (`install_export_action`, the window's hook),
which imports this module (and the exchange formats, the de-identification review) only
when the dialog is first opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.deid.review import ReviewRow, review_rows
from desktop_app.exchange import FORMATS, export_records
from desktop_app.record import CaseRecord
from desktop_app.store import CaseStore, StoreError
from desktop_app.store.queries import CaseFilter
from desktop_app.ui.case_list_panel import CaseListPanel
from desktop_app.ui.deid_review import DeidReviewDialog, withheld_fields
from desktop_app.ui.export_job import ExportJob, JobResult, Tick, connect

FORMAT_LABELS = {
    "json": "JSON — lossless, can be imported again",
    "csv-long": "CSV, long — one row per value",
    "csv-wide": "CSV, wide — a folder with one file per group",
    "xlsx": "XLSX — a workbook with the data dictionary",
    "redcap": "REDCap — its import CSV (repeating instruments)",
    "odm": "CDISC ODM 1.3.2 — XML with each value's audit (who and why only if identified)",
}
SUFFIXES = {"json": ".json", "csv-long": ".csv", "csv-wide": "", "xlsx": ".xlsx",
            "redcap": ".csv", "odm": ".xml"}  # fmt: skip
DATE_LABELS = {
    "auto": "Dates as offsets from the index date (years where a case has none)",
    "year": "Dates as their year only",
}
DATES_CHANGED = {  # what the review says of the fields it does not list (exchange/deidentify.py)
    "auto": "Date fields become offsets from the index date (the year where a case has no "
    "index date; the index date keeps its year); ages over 89 read 90+.",
    "year": "Date fields keep their year only; ages over 89 read 90+.",
}
IDENTIFIED_WARNING = ("IDENTIFIED: the file will hold patient identifiers (names, record "
                      "numbers, dates of birth, addresses). Keep it CONFIDENTIAL.")  # fmt: skip
ERROR_STYLE = "color: #b00020;"
UNSAVED_NOTE = ("The open case has changes not yet saved: the export holds what is saved. "
                "Save the case first (Ctrl+S) to include them.")  # fmt: skip


@dataclass(frozen=True)
class CaseChoice:
    """One way of choosing the cases: its label and how to find their ids."""

    label: str
    ids: Callable[[], list[int]]


def _ids_of(store: CaseStore, chosen: CaseFilter) -> Callable[[], list[int]]:
    return lambda: [c.case_id for c in store.find_cases(chosen)]


def case_choices(store: CaseStore, panel: CaseListPanel) -> list[CaseChoice]:
    """The cases selected in the list (when any), the list as filtered, every case, and
    each saved cohort."""
    selected = panel.selected_case_ids()
    choices = []
    if selected:
        choices.append(CaseChoice(f"The cases selected in the list ({len(selected)})",
                                  lambda: list(selected)))  # fmt: skip
    shown = panel.current_filter()
    everything = CaseFilter()
    if shown != everything:
        label = f"The cases the list shows ({store.count_cases(shown)})"
        choices.append(CaseChoice(label, _ids_of(store, shown)))
    choices.append(CaseChoice(f"Every case ({store.count_cases(everything)})",
                              _ids_of(store, everything)))  # fmt: skip
    for name, conditions in store.saved_queries().items():
        cohort = CaseFilter(conditions=conditions)
        choices.append(CaseChoice(f"Saved cohort “{name}” ({store.count_cases(cohort)})",
                                  _ids_of(store, cohort)))  # fmt: skip
    return choices


def _counted(records: Iterable[CaseRecord], tick: Tick) -> Iterator[CaseRecord]:
    for done, record in enumerate(records, start=1):
        yield record
        tick(done)


class ExportDialog(QDialog):
    """The choices, the place to write, and the work with its progress and messages."""

    written = Signal(str)  # the status bar's line after a file is written

    def __init__(self, store: CaseStore, choices: list[CaseChoice],
                 parent: QWidget | None = None, note: str = "") -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export cases")
        self.resize(640, 360)
        self.store, self.choices = store, choices
        self.job: ExportJob | None = None
        self.review: DeidReviewDialog | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.cases = self._combo("export_cases", [(c.label, i) for i, c in enumerate(choices)])
        form.addRow("Cases:", self.cases)
        self.format = self._combo("export_format", [(FORMAT_LABELS[f], f) for f in FORMATS])
        form.addRow("Format:", self.format)
        self.deidentified = QRadioButton("De-identified (Safe Harbor: identifiers removed, "
                                         "dates reduced, ages over 89 as 90+)", self)  # fmt: skip
        self.deidentified.setObjectName("export_deidentified")
        self.identified = QRadioButton("Identified — includes patient identifiers", self)
        self.identified.setObjectName("export_identified")
        self.identified.setStyleSheet(ERROR_STYLE)
        self.deidentified.setChecked(True)
        identity = QButtonGroup(self)
        identity.addButton(self.deidentified)
        identity.addButton(self.identified)
        kind = QVBoxLayout()
        kind.addWidget(self.deidentified)
        kind.addWidget(self.identified)
        form.addRow("Identifiers:", kind)
        self.warning = QLabel(IDENTIFIED_WARNING, self)
        self.warning.setObjectName("export_identified_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.warning.hide()
        form.addRow("", self.warning)
        self.dates = self._combo("export_dates", [(t, m) for m, t in DATE_LABELS.items()])
        form.addRow("Dates:", self.dates)
        where = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setObjectName("export_path")
        self.path.setPlaceholderText("The file to write (a folder for wide CSV)")
        browse = QPushButton("Browse…", self)
        browse.setObjectName("export_browse")
        browse.clicked.connect(self.browse)
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form.addRow("Write to:", where)
        layout.addLayout(form)
        self.note = QLabel(note, self)  # e.g. the open case's unsaved changes are not in it
        self.note.setObjectName("export_note")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        self.message = QLabel(self)  # what happened, beside the choices that made it
        self.message.setObjectName("export_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("export_progress")
        self.progress.hide()
        layout.addWidget(self.progress)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.go_button = QPushButton(self)
        self.go_button.setObjectName("export_go")
        self.go_button.setDefault(True)
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setObjectName("export_stop")
        self.stop_button.hide()
        close = QPushButton("Close", self)
        close.setObjectName("export_close")
        for button in (self.go_button, self.stop_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.go_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        close.clicked.connect(self.reject)
        self.identified.toggled.connect(self._identity_changed)
        self._identity_changed(False)

    def _combo(self, name: str, items: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _identity_changed(self, identified: bool) -> None:
        self.warning.setVisible(identified)
        self.dates.setEnabled(not identified)  # an identified file keeps dates as entered
        self.go_button.setText("Export IDENTIFIED…" if identified else "Export de-identified…")

    # ----- choosing ----------------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return str(self.format.currentData())

    def browse(self) -> None:
        kind = "IDENTIFIED" if self.identified.isChecked() else "deidentified"
        suggestion = self.path.text().strip() or f"cases-{kind}{SUFFIXES[self.fmt]}"
        if self.fmt == "csv-wide":
            path = QFileDialog.getExistingDirectory(self, "Folder for the CSV files", suggestion)
        else:
            path, _filter = QFileDialog.getSaveFileName(self, "Export to", suggestion)
        if path:
            self.path.setText(path)

    def target(self) -> Path | None:
        """The path typed or chosen, with the format's suffix when it has none."""
        text = self.path.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        suffix = SUFFIXES[self.fmt]
        return path if not suffix or path.suffix else path.with_name(path.name + suffix)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    # ----- the work ----------------------------------------------------------------------

    def start(self) -> None:
        """Review first when de-identified; then write."""
        path = self.target()
        if path is None:
            self._say("Choose where to write the export (Browse…).", error=True)
            self.path.setFocus()
            return
        try:
            ids = self.choices[self.cases.currentIndex()].ids() if self.choices else []
        except StoreError as exc:
            self._say(f"The cases could not be read: {exc}", error=True)
            return
        if not ids:
            self._say("No case to export: choose other cases.", error=True)
            return
        if self.identified.isChecked():
            self._write(path, ids)
            return
        offsets = self.dates.currentData() != "year"

        def read(tick: Tick) -> list[ReviewRow]:
            records = _counted(self.store.load_many(ids), tick)
            return review_rows(self.store.spec, records, offsets=offsets)

        self._run(read, len(ids), "Reading the cases for the review…",
                  lambda rows: self._show_review(rows, path, ids))  # fmt: skip

    def _show_review(self, rows: list[ReviewRow], path: Path, ids: list[int]) -> None:
        if not self.isVisible():  # closed while the cases were read: nothing more
            return
        withheld = withheld_fields(self.store.spec)
        also = DATES_CHANGED[str(self.dates.currentData())]
        self.review = DeidReviewDialog(rows, "Write de-identified export", self,
                                       cases=len(ids), withheld=withheld, also=also)  # fmt: skip
        self.review.accepted.connect(lambda: self._write(path, ids))
        self.review.rejected.connect(lambda: self._say("Nothing written: the review was "
                                                       "cancelled."))  # fmt: skip
        self.review.open()

    def _write(self, path: Path, ids: list[int]) -> None:
        identified = self.identified.isChecked()
        fmt, dates = self.fmt, self.dates.currentData()

        def write(tick: Tick) -> int:
            return export_records(self.store, path, fmt, ids=ids, deidentify=not identified,
                                  dates=dates, progress=tick)  # fmt: skip

        def done(count: Any) -> None:
            kind = "IDENTIFIED — it holds patient identifiers" if identified else "de-identified"
            text = f"{count} case(s) written to {path} ({kind})."
            self._say(text, error=identified)
            self.written.emit(text)

        self._run(write, len(ids), f"Writing {path}…", done, path)

    def _run(self, work: Callable[[Tick], Any], total: int, doing: str,
             then: Callable[[Any], None], path: Path | None = None) -> None:  # fmt: skip
        self._say(doing)
        self._busy(True)
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        job = self.job = ExportJob(self, work, total)

        def finished(result: JobResult) -> None:
            self._busy(False)
            self.job = None
            if result.stopped:
                self._say("Stopped: nothing written.")
            elif result.failure:
                where = f" No file was left at {path}; anything there before is unchanged."
                self._say(f"Not written: {result.failure}.{where if path else ''}", error=True)
            else:
                then(result.value)

        connect(job, lambda done, _total: self.progress.setValue(done), finished)
        job.start()

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.stop_button.setVisible(busy)
        self.go_button.setEnabled(not busy)
        for widget in (self.cases, self.format, self.deidentified, self.identified, self.path):
            widget.setEnabled(not busy)
        self.dates.setEnabled(not busy and not self.identified.isChecked())

    def running(self) -> bool:
        return self.job is not None and self.job.running()

    def stop(self) -> None:
        if self.job is not None:
            self.job.stop()

    def done(self, result: int) -> None:
        self.stop()  # closing while writing: stopped, and what was half written removed
        super().done(result)
