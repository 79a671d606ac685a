"""The tumour-board PDF from the main window: preview, save and print one case, or a board
packet of the cases selected in the list.

    actions = ReportActions(store, case_list, open_record, settings, show, parent)
    actions.install(file_menu, toolbar)

adds both actions to the File menu (before Quit) and the toolbar, and lets the case list
select several cases (Ctrl+click, Shift+click) for a packet. It is given what it uses — the
store, the case list, the open case's record as edited, the settings in use, a status line —
not the window.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, TypedDict

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
)

from desktop_app.record import CaseRecord
from desktop_app.settings import Settings
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, StoreError
from desktop_app.ui.case_list_panel import CaseListPanel
from desktop_app.ui.styles import default_paper

if TYPE_CHECKING:  # reportlab and the preview (QtPdf) are imported when first used
    from desktop_app.report.layout import Letterhead
    from desktop_app.ui.pdf_preview import PdfPreview


def _account() -> str:
    from desktop_app.user_name import os_user_name

    return os_user_name()


def letterhead(settings: Settings) -> Letterhead:
    """The institution and logo from the settings."""
    from desktop_app.report.layout import Letterhead

    return Letterhead(settings.institution_name, settings.logo_path())


class PdfOptions(TypedDict):
    generated_by: str
    letterhead: Letterhead
    paper: str


def pdf_options(settings: Settings) -> PdfOptions:
    """What the settings say about a PDF: who it is by, the letterhead, and the paper
    (render_case_summary's keyword arguments)."""
    return PdfOptions(generated_by=settings.registrar_name or _account(),
                      letterhead=letterhead(settings),
                      paper=settings.paper or default_paper())  # fmt: skip


def print_to_pdf(
    spec: Spec,
    record: CaseRecord,
    settings: Settings,
    parent: QWidget,
    show: Callable[[str, int], None],
) -> None:
    """Ctrl+P: the summary of `record` written to a PDF file the registrar names; `show`
    says where on the status line."""
    number_field = spec.summary_field("case_number")
    number = (record.values.get(number_field.id, "") if number_field else "") or "case"
    path, _filter = QFileDialog.getSaveFileName(parent, "Print case to PDF", f"{number}.pdf",
                                                "PDF files (*.pdf)")  # fmt: skip
    if not path:
        return
    from desktop_app.report import render_case_summary

    try:
        render_case_summary(spec, [record], path, **pdf_options(settings))
    except OSError as exc:
        QMessageBox.warning(parent, "PDF not written", f"{path} could not be written:\n{exc}")
        return
    show(f"PDF written to {path}", 8000)


class ReportActions(QObject):
    """Owns the two actions and the preview they open."""

    def __init__(
        self,
        store: CaseStore,
        case_list: CaseListPanel,
        open_record: Callable[[], CaseRecord | None],
        settings: Callable[[], Settings],
        show: Callable[[str, int], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.store, self.case_list, self.parent_widget = store, case_list, parent
        self.open_record = open_record  # the case open in the editor, as edited; None if none
        self.settings, self.show_status = settings, show
        self.preview: PdfPreview | None = None
        self.paper = ""  # the paper last chosen in a preview (else the settings'), for the next
        self.preview_action = QAction("Preview / Save as PDF / Print…", parent)
        self.preview_action.setObjectName("action_report_preview")
        self.preview_action.setIconText("Preview PDF")
        self.preview_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.preview_action.setStatusTip("The tumour-board summary of the open case")
        self.preview_action.triggered.connect(self.preview_case)
        self.packet_action = QAction("Board packet…", parent)
        self.packet_action.setObjectName("action_board_packet")
        self.packet_action.setStatusTip("An agenda and a summary of every case selected")
        self.packet_action.triggered.connect(self.preview_packet)
        case_list.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def install(self, menu: QMenu, toolbar: QToolBar | None = None) -> None:
        """Both actions in `menu` (before its Quit, if it has one) and on `toolbar`."""
        quit_action = next((a for a in menu.actions() if a.text().replace("&", "") == "Quit"),
                           None)  # fmt: skip
        separator = menu.insertSeparator(quit_action) if quit_action else menu.addSeparator()
        menu.insertActions(separator, [self.preview_action, self.packet_action])
        if toolbar is not None:
            toolbar.addActions([self.preview_action, self.packet_action])

    # ----- which cases -------------------------------------------------------------------

    def selected_records(self) -> list[CaseRecord]:
        """The cases selected in the list, in the list's order (the open one as edited)."""
        ids = self.case_list.selected_case_ids()
        open_record = self.open_record()
        records = []
        for case_id in ids:
            if open_record is not None and open_record.case_id == case_id:
                records.append(open_record)
            else:
                records.append(self.store.load(case_id))
        return records

    # ----- actions -----------------------------------------------------------------------

    def _show(self, records: list[CaseRecord], title: str, file_name: str) -> PdfPreview:
        spec = self.store.spec
        options = pdf_options(self.settings())
        by, head = options["generated_by"], options["letterhead"]

        def render(identified: bool, paper: str, board_date: str) -> bytes:
            from desktop_app.report import render_case_summary

            out = io.BytesIO()
            render_case_summary(spec, records, out, identified=identified, paper=paper,
                                board_date=board_date, generated_by=by,
                                letterhead=head)  # fmt: skip
            return out.getvalue()

        from desktop_app.ui.pdf_preview import PdfPreview

        paper = self.paper or options["paper"]
        self.preview = PdfPreview(render, title, file_name, self.parent_widget, paper)
        self.preview.paper_chosen.connect(lambda paper: setattr(self, "paper", paper))
        self.preview.saved.connect(lambda path: self.show_status(f"PDF written to {path}", 8000))
        self._add_review(self.preview, records)  # issue 12: see what is removed, then save
        self.preview.open()
        return self.preview

    def _add_review(self, preview: PdfPreview, records: list[CaseRecord]) -> None:
        from desktop_app.deid.review import review_rows
        from desktop_app.ui.deid_review import DeidReviewDialog, withheld_fields

        def review() -> None:
            spec = self.store.spec
            rows = review_rows(spec, records)
            preview.review = DeidReviewDialog(rows, "Save as PDF…", preview, cases=len(records),
                                              withheld=withheld_fields(spec))  # fmt: skip
            preview.review.accepted.connect(preview.save)
            preview.review.open()

        button = preview.add_button("Review de-identification…", "preview_review")
        button.clicked.connect(review)
        preview.identified.toggled.connect(button.setDisabled)

    def preview_case(self) -> PdfPreview | None:
        record = self.open_record()
        if record is None:
            QMessageBox.information(self.parent_widget, "No case open",
                                    "Open a case in the list to print its summary.")  # fmt: skip
            return None
        number_field = self.store.spec.summary_field("case_number")
        number = record.values.get(number_field.id, "") if number_field else ""
        name = f"{number or 'case'}.pdf"
        return self._show([record], f"Tumour-board summary — {number or 'new case'}", name)

    def preview_packet(self) -> PdfPreview | None:
        try:
            records = self.selected_records()
        except StoreError as exc:
            QMessageBox.warning(self.parent_widget, "Cases not loaded", str(exc))
            return None
        if not records:
            QMessageBox.information(
                self.parent_widget, "No case selected",
                "Select the cases for the board in the list (Ctrl+click or Shift+click).",
            )  # fmt: skip
            return None
        return self._show(records, f"Board packet — {len(records)} case(s)", "board-packet.pdf")
