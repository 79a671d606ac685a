"""A PDF seen inside the app before it is saved or printed.

Pages are rasterised with PDFium (the pypdfium2 wheel, about 4 MB, no Qt module needed):
Qt's own PDF view lives in a Qt add-on module that PySide6-Essentials does not ship and
that would add well over a hundred megabytes to every workstation install. Printing goes
through the system print dialog (QtPrintSupport, part of Essentials): each page is drawn
at the printer's resolution, capped at 300 dpi.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.styles import default_paper

PRINT_DPI_CAP = 300
PREVIEW_DPI = 96
PAPERS = ("A4", "Letter")


def page_images(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page of `pdf` as an image at `dpi` dots per inch."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            images.append(_image_of(bitmap))
            bitmap.close()
            page.close()
        return images
    finally:
        document.close()


def widest_page_points(pdf: bytes) -> float:
    """The width of the widest page, in points (1/72 inch)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return max((document.get_page_size(i)[0] for i in range(len(document))), default=0.0)
    finally:
        document.close()


def fitting_dpi(page_points: float, room: int) -> float:
    """The resolution at which a page `page_points` wide fits `room` pixels, at most the
    preview's own (a narrow dialog shows smaller pages, never a sideways scroll bar)."""
    if page_points <= 0 or room <= 0:
        return PREVIEW_DPI
    return min(PREVIEW_DPI, room * 72 / page_points)


def _image_of(bitmap: pdfium.PdfBitmap) -> QImage:
    """The RGB bitmap copied row by row into an image Qt owns (QImage's constructor over a
    foreign buffer would keep pointing into memory that PDFium frees)."""
    width, height = bitmap.width, bitmap.height
    image = QImage(width, height, QImage.Format.Format_RGB888)
    source = memoryview(bitmap.buffer).cast("B")
    target = image.bits()
    row, step_in, step_out = width * 3, bitmap.stride, image.bytesPerLine()
    for y in range(height):
        target[y * step_out : y * step_out + row] = source[y * step_in : y * step_in + row]
    return image


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Draw every page of `pdf` on `printer`, each fitted to the printable area; returns the
    number of pages printed."""
    dpi = min(printer.resolution(), PRINT_DPI_CAP)
    images = page_images(pdf, dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            area = painter.viewport()
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            target = QRectF((area.width() - width) / 2, 0, width, height)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(images)


class PdfPreview(QDialog):
    """The PDF as pages, with its options (paper, identifiers, board date), Save and Print.
    De-identified unless the registrar ticks the box for identifiers.

    `render(identified, paper, board_date)` makes the PDF; it runs again when an option
    changes, so what is saved or printed is always what is on screen.
    """

    saved = Signal(str)
    paper_chosen = Signal(str)

    def __init__(
        self,
        render: Callable[[bool, str, str], bytes],
        title: str,
        file_name: str,
        parent: QWidget | None = None,
        paper: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_preview")
        self.setWindowTitle(title)
        self.resize(820, 900)
        self._render = render
        self._file_name = file_name
        self.pdf = b""
        layout = QVBoxLayout(self)
        options = QHBoxLayout()
        self.paper = QComboBox(self)
        self.paper.setObjectName("preview_paper")
        self.paper.addItems(PAPERS)
        self.paper.setCurrentText(paper if paper in PAPERS else default_paper())
        self.identified = QCheckBox("Include patient identifiers (marked CONFIDENTIAL)", self)
        self.identified.setObjectName("preview_identified")
        self.board_date = QLineEdit(self)
        self.board_date.setObjectName("preview_board_date")
        self.board_date.setPlaceholderText("Board date, e.g. 4 December 2026")
        for widget in (QLabel("Paper:"), self.paper, self.identified, self.board_date):
            options.addWidget(widget)
        layout.addLayout(options)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.pages)
        layout.addWidget(self.scroll, 1)
        buttons = self._buttons = QHBoxLayout()
        self.review: QDialog | None = None  # what de-identification removes (report_actions)
        self.status = QLabel(self)
        buttons.addWidget(self.status, 1)
        self.save_button = QPushButton("Save as PDF…", self)
        self.save_button.setObjectName("preview_save")
        self.print_button = QPushButton("Print…", self)
        self.print_button.setObjectName("preview_print")
        close = QPushButton("Close", self)
        for button in (self.save_button, self.print_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_)
        close.clicked.connect(self.reject)
        self.paper.currentTextChanged.connect(self._paper_changed)
        self.identified.toggled.connect(lambda _on: self.refresh())
        self.board_date.editingFinished.connect(self.refresh)
        self.fit = QTimer(self)  # pages drawn again to fit a resized dialog
        self.fit.setSingleShot(True)
        self.fit.setInterval(150)
        self.fit.timeout.connect(self._fit_pages)
        self.refresh()

    def add_button(self, text: str, name: str) -> QPushButton:
        """A button of the caller's beside Save (placed before it)."""
        button = QPushButton(text, self)
        button.setObjectName(name)
        self._buttons.insertWidget(1, button)
        return button

    def _paper_changed(self, paper: str) -> None:
        self.paper_chosen.emit(paper)
        self.refresh()

    def refresh(self) -> None:
        """Render the PDF with the current options and show its pages."""
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pdf = self._render(self.identified.isChecked(), self.paper.currentText(),
                                    self.board_date.text().strip())  # fmt: skip
        finally:
            self.unsetCursor()
        self._fit_pages()

    def _fit_pages(self) -> None:
        """The pages as images as wide as the dialog allows."""
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            ratio = self.devicePixelRatioF()  # sharp pages on high-density screens
            dpi = fitting_dpi(widest_page_points(self.pdf), self._room())
            images = page_images(self.pdf, dpi * ratio)
        finally:
            self.unsetCursor()
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for image in images:
            page = QLabel(self.pages)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            page.setPixmap(pixmap)
            page.setStyleSheet("border: 1px solid #9aa; background: white;")
            self.pages_layout.addWidget(page)
        count = len(images)
        self.status.setText(f"{count} page{'s' if count != 1 else ''}")

    def _room(self) -> int:
        """The width a page may take: the scroll area's inside, less the page's border,
        the layout's margins and a vertical scroll bar."""
        margins = self.pages_layout.contentsMargins()
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        inside = self.scroll.viewport().width() if self.isVisible() else self.width() - 40
        return inside - margins.left() - margins.right() - bar - 4

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.pdf:
            self.fit.start()  # once the resizing pauses

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit.start()

    @property
    def page_count(self) -> int:
        return self.pages_layout.count()

    def save(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, "Save as PDF", self._file_name,
                                                    "PDF files (*.pdf)")  # fmt: skip
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        from desktop_app.exchange.writers import replacing

        try:  # written beside it and moved in place when whole: a full disk leaves no half PDF
            with replacing(Path(path), "wb") as out:
                out.write(self.pdf)
        except OSError as exc:
            QMessageBox.warning(self, "PDF not saved", f"{path} could not be written (nothing "
                                f"was left there):\n{exc}")  # fmt: skip
            return
        self.status.setText(f"Saved to {path}")
        self.saved.emit(path)

    def print_(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._file_name)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            count = print_pdf(self.pdf, printer)
        except OSError as exc:
            QMessageBox.warning(self, "Not printed", str(exc))
            return
        self.status.setText(f"{count} page{'s' if count != 1 else ''} sent to the printer")
