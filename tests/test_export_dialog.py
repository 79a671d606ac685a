"""Issue 12: File ▸ Export… writes the cases chosen in the window, de-identified unless an
identified file is deliberately chosen (and then marked); before a de-identified file is
written, each replacement is shown in context, and Cancel writes nothing; a write that
fails says so in the dialog and leaves no half file. The board packet offers the same
review before its PDF is saved.

The identifiers are planted here, in the free text of two cases, and what must not come
out is written here, not taken from the code under test."""

from __future__ import annotations

import errno
import io
import json
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.exchange import export_records
from desktop_app.exchange.unfinished import unfinished_path
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store.queries import Condition
from desktop_app.ui import export_dialog
from desktop_app.ui.deid_review import DeidReviewDialog
from desktop_app.ui.export_action import ExportAction
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.main_window import MainWindow
from tests.conftest import OpenWindow, forbid_dialogs
from tests.test_deid_outputs import phi_field
from tests.test_exchange_deidentify import FORMATS, exported_text

# (case number, patient name, record number, question for the board)
PLANTED = (
    ("EXP-1", "Harriet Okafor-Ng", "7788-123", "Should Mrs Okafor-Ng (MRN 7788123) have surgery?"),
    ("EXP-2", "Bartholomew Quist", "4455-909",
     "Mr Quist (MRN 4455909) was seen by Dr Lindqvist; tel 5550 9876."),
)  # fmt: skip
# What each question reads as around its patient's name once de-identified (the review
# shows some 40 characters either side), written out by hand.
AS_IT_WILL_READ = (
    "Should Mrs [patient name] (MRN [medical record number]) have surg",
    "Mr [patient name] (MRN [medical record number]) was seen",
)
FORBIDDEN = ("Okafor", "Harriet", "7788123", "7788-123", "Quist", "Bartholomew", "4455909",
             "4455-909", "Lindqvist", "5550 9876")  # fmt: skip


def planted_case(spec: Spec, number: str, name: str, mrn: str, question: str) -> CaseRecord:
    board = spec.role_field("board_question")
    case_number = spec.summary_field("case_number")
    assert board is not None and case_number is not None
    record = CaseRecord()
    record.values[case_number.id] = number
    record.values[phi_field(spec, "name")] = name
    record.values[phi_field(spec, "record_number")] = mrn
    record.values[board.id] = question
    return record


@pytest.fixture
def window(main_window: OpenWindow, monkeypatch: pytest.MonkeyPatch, spec: Spec) -> MainWindow:
    forbid_dialogs(monkeypatch, "question", "warning", "critical", "information")
    main = main_window()
    for planted in PLANTED:
        main.store.save(planted_case(spec, *planted))
    main.refresh_list()
    table = main.case_list.table
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().clearSelection()
    for row in range(table.model().rowCount()):
        table.selectionModel().select(table.model().index(row, 0), flags)
    assert len(main.case_list.selected_case_ids()) == len(PLANTED)
    return main


def open_export(qtbot: QtBot, window: MainWindow, target: Path, fmt: str = "json") -> ExportDialog:
    action = window.findChild(QAction, "action_export")
    export = window.findChild(ExportAction)
    assert isinstance(action, QAction) and isinstance(export, ExportAction)
    action.trigger()
    dialog = export.dialog
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.cases.currentText() == "The cases selected in the list (2)"
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    qtbot.keyClicks(dialog.path, str(target))
    return dialog


def review_of(qtbot: QtBot, dialog: ExportDialog) -> DeidReviewDialog:
    assert dialog.deidentified.isChecked()  # the default
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.review is not None and dialog.review.isVisible())
    assert dialog.review is not None
    return dialog.review


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder for the exports alone (tmp_path holds the database too)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_export_is_in_the_file_menu_above_quit(window: MainWindow) -> None:
    menu = window.menu("&File")
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert "Export…" in texts
    assert texts.index("Export…") < texts.index("Quit")


@pytest.mark.parametrize("fmt", ["json", "xlsx", "csv-wide"])
def test_review_lists_each_replacement_in_context_then_the_file_has_none(
    qtbot: QtBot, window: MainWindow, out: Path, fmt: str
) -> None:
    target = out / FORMATS[fmt]
    dialog = open_export(qtbot, window, target, fmt)
    review = review_of(qtbot, dialog)
    rows = review.row_texts()
    assert not target.exists()  # nothing is written before the review is accepted
    for (number, name, _mrn, _question), reads in zip(PLANTED, AS_IT_WILL_READ, strict=True):
        surname = name.split()[-1]
        assert any(r.startswith(f"{number} | Question for the tumour board | {surname} → "
                                "[patient name]") and reads in r for r in rows), rows  # fmt: skip
        assert any(r.startswith(number) and "→ [medical record number]" in r for r in rows), rows
    for planted in ("Lindqvist", "5550 9876"):  # someone else's name, a phone: found by shape
        assert any(f"EXP-2 | Question for the tumour board | {planted} → [" in r for r in rows)
    assert "Patient name" in review.findChild(type(review.summary), "deid_review_withheld").text()
    assert "90+" in review.findChild(type(review.summary), "deid_review_also").text()
    review.case_filter.setCurrentIndex(review.case_filter.findData("EXP-2"))
    shown = review.row_texts(shown_only=True)
    assert shown and all(r.startswith("EXP-2 |") for r in shown)

    qtbot.mouseClick(review.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "written to" in dialog.message.text())
    assert "2 case(s) written" in dialog.message.text() and "de-identified" in dialog.message.text()
    text = "\n".join(exported_text(target))
    assert "EXP-1" in text and "EXP-2" in text and "[patient name]" in text
    assert [word for word in FORBIDDEN if word in text] == []
    assert not [name for name in files_in(out) if "unfinished" in name or "partial" in name]


def test_cancel_in_the_review_writes_nothing(qtbot: QtBot, window: MainWindow, out: Path) -> None:
    dialog = open_export(qtbot, window, out / "cases.json")
    review = review_of(qtbot, dialog)
    qtbot.mouseClick(review.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not review.isVisible())
    assert dialog.message.text() == "Nothing written: the review was cancelled."
    assert files_in(out) == []
    assert dialog.go_button.isEnabled()  # the registrar can change a choice and go again


def test_identified_export_is_a_marked_choice(qtbot: QtBot, window: MainWindow, out: Path) -> None:
    target = out / "cases.json"
    dialog = open_export(qtbot, window, target)
    assert not dialog.warning.isVisible() and "IDENTIFIED" not in dialog.go_button.text()
    indicator = QPoint(8, dialog.identified.height() // 2)  # where the round button is
    qtbot.mouseClick(dialog.identified, Qt.MouseButton.LeftButton, pos=indicator)
    assert dialog.identified.isChecked() and not dialog.deidentified.isChecked()
    assert dialog.warning.isVisible() and "CONFIDENTIAL" in dialog.warning.text()
    assert dialog.go_button.text() == "Export IDENTIFIED…"
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "written to" in dialog.message.text())
    assert dialog.review is None  # no review: nothing is removed from an identified file
    assert "IDENTIFIED" in dialog.message.text()
    assert "IDENTIFIED" in window.statusBar().currentMessage()
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["deidentified"] is False  # the file says so too
    text = target.read_text(encoding="utf-8")
    assert "Harriet Okafor-Ng" in text and "Should Mrs Okafor-Ng (MRN 7788123)" in text


def disk_full_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last step of a write, moving the whole file in place, fails as on a full disk
    (the writers' own `os` only: os.replace stays whole for the rest of the app)."""
    import desktop_app.exchange.writers as writers

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writers, "os", SimpleNamespace(replace=full))


@pytest.mark.parametrize(
    ("in_the_way", "reason"),
    [("folder", "Is a directory"), ("file above", "File exists"),
     ("disk full", "No space left on device")],
)  # fmt: skip
def test_a_write_that_fails_says_so_and_leaves_no_file(
    qtbot: QtBot,
    window: MainWindow,
    out: Path,
    in_the_way: str,
    reason: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if in_the_way == "folder":  # a folder where the file should go
        target = out / "cases.json"
        target.mkdir()
        (target / "keep.txt").write_text("mine", encoding="utf-8")
    elif in_the_way == "disk full":
        target = out / "cases.json"
        disk_full_at_the_end(monkeypatch)
    else:  # a file where its folder should be
        (out / "report").write_text("mine", encoding="utf-8")
        target = out / "report" / "cases.json"
    before = files_in(out)
    dialog = open_export(qtbot, window, target)
    review = review_of(qtbot, dialog)
    qtbot.mouseClick(review.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Not written"))
    assert f"No file was left at {target}" in dialog.message.text()
    assert reason in dialog.message.text()  # the system's own words, for whoever helps
    assert "b00020" in dialog.message.styleSheet()  # shown as an error
    assert files_in(out) == before  # no half file, no partial file, nothing replaced
    assert dialog.go_button.isEnabled() and not dialog.progress.isVisible()


def test_no_place_to_write_is_said_beside_the_path(
    qtbot: QtBot, window: MainWindow, out: Path
) -> None:
    dialog = open_export(qtbot, window, out / "x.json")
    dialog.path.clear()
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Choose where to write the export (Browse…)."
    assert dialog.review is None and files_in(out) == []


def test_board_packet_offers_the_review_of_every_case_before_saving(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = window.report_actions
    assert report is not None
    preview = report.preview_packet()  # type: ignore[attr-defined]
    button = preview.findChild(type(preview.save_button), "preview_review")
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(preview.review, DeidReviewDialog)
                    and preview.review.isVisible())  # fmt: skip
    review = preview.review
    rows = review.row_texts()
    for reads in AS_IT_WILL_READ:
        assert any(reads in r for r in rows), rows
    assert {r.split(" | ")[0] for r in rows} == {"EXP-1", "EXP-2"}
    assert review.case_filter.count() == 3  # every case, then each case alone
    assert "Patient name" in review.findChild(type(review.summary), "deid_review_withheld").text()
    target = tmp_path / "packet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF files (*.pdf)"))  # fmt: skip
    with qtbot.waitSignal(preview.saved):
        qtbot.mouseClick(review.go_button, Qt.MouseButton.LeftButton)
    pages = PdfReader(io.BytesIO(target.read_bytes())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "EXP-1" in text and "EXP-2" in text
    assert [word for word in FORBIDDEN if word in text] == []
    preview.close()


def held_at_first_case(dialog: ExportDialog, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The dialog's export made to wait, once its first case is done, until Stop is clicked;
    the event is set when it waits."""
    reached = threading.Event()

    def held(*args: object, progress: export_dialog.Tick, **kwargs: object) -> int:
        def tick(done: int) -> None:  # the first case is done: wait for Stop
            reached.set()
            job = dialog.job
            assert job is not None
            job.cancel.wait(30)
            progress(done)

        return export_records(*args, progress=tick, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(export_dialog, "export_records", held)
    return reached


def test_stop_while_writing_leaves_no_file(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write runs in a thread with a progress bar; Stop ends it at the next case and
    what it had begun (the JSON's first lines) is removed."""
    target = out / "cases.json"
    dialog = open_export(qtbot, window, target)
    reached = held_at_first_case(dialog, monkeypatch)
    dialog.identified.setChecked(True)  # straight to the write
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set)
    assert dialog.progress.isVisible() and dialog.stop_button.isVisible()
    assert not dialog.go_button.isEnabled() and not dialog.path.isEnabled()
    assert files_in(out) == [unfinished_path(target).name]  # begun beside its place, not in it
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "Stopped: nothing written.")
    assert files_in(out) == []
    assert dialog.go_button.isEnabled() and not dialog.progress.isVisible()


def test_unsaved_changes_of_the_open_case_are_said_not_to_be_in_it(
    qtbot: QtBot, window: MainWindow, spec: Spec
) -> None:
    export = window.findChild(ExportAction)
    assert isinstance(export, ExportAction)
    export.action.trigger()
    assert export.dialog is not None and not export.dialog.note.isVisible()
    export.dialog.close()
    window.new_action.trigger()
    tab = next(t for t in window.editor.form_tabs if t.form.id == "case")
    window.editor.tabs.setCurrentWidget(tab)
    board = spec.role_field("board_question")
    assert board is not None and tab.case_fields is not None
    qtbot.keyClicks(tab.case_fields.editors[board.id].input, "Typed, not saved")
    export.action.trigger()
    dialog = export.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.note.isVisible() and "not yet saved" in dialog.note.text()


def test_a_saved_cohort_is_a_choice_of_cases(
    qtbot: QtBot, window: MainWindow, out: Path, spec: Spec
) -> None:
    board = spec.role_field("board_question")
    assert board is not None
    window.store.save_query("Asks about surgery", (Condition("", board.id, "contains", "surgery"),))
    target = out / "cohort.json"
    dialog = open_export(qtbot, window, target)
    dialog.cases.setCurrentIndex(dialog.cases.findText("Saved cohort “Asks about surgery” (1)"))
    assert dialog.cases.currentIndex() > 0
    review = review_of(qtbot, dialog)
    assert {r.split(" | ")[0] for r in review.row_texts()} == {"EXP-1"}
    qtbot.mouseClick(review.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "written to" in dialog.message.text())
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [case["case_number"] for case in exported["cases"]] == ["EXP-1"]


@pytest.mark.parametrize("failure", ["folder in the way", "disk full"])
def test_a_packet_that_cannot_be_saved_says_so_and_leaves_no_file(
    qtbot: QtBot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    target = out / "packet.pdf"
    if failure == "folder in the way":
        target.mkdir()
    else:
        disk_full_at_the_end(monkeypatch)
    before = files_in(out)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF files (*.pdf)"))  # fmt: skip
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: told.append(f"{a[1]}: {a[2]}"))
    report = window.report_actions
    assert report is not None
    preview = report.preview_packet()  # type: ignore[attr-defined]
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert len(told) == 1 and told[0].startswith(f"PDF not saved: {target} could not be written")
    assert "nothing was left there" in told[0]
    assert files_in(out) == before and not preview.status.text().startswith("Saved")
    preview.close()
