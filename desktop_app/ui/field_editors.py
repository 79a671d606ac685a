"""One widget per field type: with choice_editors.py, the only place that maps a field type
to a Qt widget.

Every editor shows what the registrar typed exactly as typed, and a message line beneath
it for a refusal (red) or a warning (amber). It never blocks typing: a value that cannot
be stored stays visible with the reason, so that it can be corrected, not retyped.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules import as_reported
from desktop_app.rules.qualified import QUALIFIED_HELP
from desktop_app.rules.values import DATE_HELP
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.ui.styles import DERIVED_COLOUR, ERROR_STYLE

WARNING_STYLE = "color: #8a5a00;"
DERIVED_STYLE = f"color: {DERIVED_COLOUR}; font-style: italic;"
PENDING_STYLE = "color: #777777; font-style: italic;"
NARROW = {"integer": 200, "decimal": 200, "date": 260, "choice": 460, "boolean": 120, "ref": 320}
NUMBER_CHARS = 8  # a number input is as wide as this many digits (or its example text)
INPUT_PADDING = 14  # pixels of a line edit's frame and margins around its text
PENDING_TIP = "Derived once its inputs are given"
UNIT_GAP = 6  # pixels between an input and its unit or its "derived" note
VIEW_MARGIN = 40  # pixels kept in view around a field the focus is sent to
OPEN_LIST_HINT = "Space is typed only within a choice's name; Alt+Down or F4 opens the list."
# Keys that answer any field "not stated in the source" or "unknown" (rules.as_reported);
# in a field that is not free text, typing "ns", "not stated" or "unknown" does the same.
AS_REPORTED_KEYS = {as_reported.NOT_STATED: "Ctrl+Shift+S", as_reported.UNKNOWN: "Ctrl+Shift+U"}


def typed_text(event: QEvent) -> str:
    """The printable text of a key press typed without Ctrl, Alt or Meta, else ""."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return ""
    commands = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    if event.modifiers() & (commands | Qt.KeyboardModifier.MetaModifier):
        return ""
    text = event.text()
    return text if text and text.isprintable() else ""


def now_ms() -> float:
    return time.monotonic() * 1000


class FieldEditor(QWidget):
    """Base: an input widget above a message line. `edited` fires when the value is to be
    applied (on leaving a text field, at once for choices)."""

    edited = Signal()
    typing = Signal()

    def __init__(self, spec: Spec, field: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(UNIT_GAP)
        layout.addLayout(self.row)
        self.hint = QLabel(self)  # under the input: what typing into it found nothing for
        self.hint.setWordWrap(True)
        self.hint.setObjectName(f"hint_{field.id}")
        self.hint.setStyleSheet(WARNING_STYLE)
        self.hint.hide()
        layout.addWidget(self.hint)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName(f"message_{field.id}")
        self.message.hide()
        layout.addWidget(self.message)
        self.input = self.build()
        self.input.setObjectName(f"field_{field.group or 'case'}_{field.id}")
        self.row.addWidget(self.input, 100)  # before the trailing stretch of a narrow field
        if field.type in ("integer", "decimal"):  # a number needs a few characters' room
            self.input.setFixedWidth(number_width(self.input))
        elif field.type in NARROW:  # a choice needs no full-width box, and may narrow on a
            self.input.setMaximumWidth(NARROW[field.type])  # small screen
            if field.type not in ("choice", "ref"):
                self.input.setMinimumWidth(NARROW[field.type])
        if field.unit and field.type in ("integer", "decimal"):
            self.row.addWidget(QLabel(field.unit, self))
        self.derived_mark: QLabel | None = None
        self.derived_shown = False  # the input shows a value computed by a rule, not entered
        self.derived_value = ""  # that value, while it is shown
        self.token = ""  # "not stated" or "unknown" shown (rules.as_reported), else ""
        for token, keys in AS_REPORTED_KEYS.items():
            action = QAction(f"{as_reported.label(token)} in the source", self)
            action.setObjectName(f"as_reported_{token.lstrip('?')}_{field.id}")
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setStatusTip("In any field; typing 'ns' or 'unknown' does the same")
            action.triggered.connect(lambda _on=False, t=token: self.answer(t))
            self.addAction(action)
        if field.derived is not None or field.inherit:
            self.derived_mark = QLabel("derived" if field.derived else "", self)
            self.derived_mark.setObjectName(f"derived_{field.id}")
            self.derived_mark.setStyleSheet(PENDING_STYLE)
            self.row.addWidget(self.derived_mark)
        if field.type in NARROW:
            self.row.addStretch(1)
        tip = field.help
        if field.vocabulary:
            vocab = spec.vocabulary(field.vocabulary)
            tip = "\n".join(p for p in (tip, f"Source: {vocab.source}") if p)
        if tip:
            self.input.setToolTip(tip)
        self.base_tip = self.input.toolTip()

    def build(self) -> QWidget:
        raise NotImplementedError

    def answer(self, token: str) -> None:
        """Answer the field "not stated" or "unknown" (a keyboard shortcut), and apply it."""
        self.set_value(token)
        self.edited.emit()

    def shown_token(self, value: str) -> str:
        """Remember whether `value` is "not stated" or "unknown"; the text that shows it."""
        self.token = value if as_reported.is_token(value) else ""
        return as_reported.label(value)

    def raw(self) -> str:
        """What the registrar has typed or chosen, as text for rules.values.canonical."""
        raise NotImplementedError

    def set_value(self, value: str) -> None:
        """Show a canonical value (or, after a refusal, the text that was typed)."""
        raise NotImplementedError

    def show_message(self, text: str, severity: str = "error") -> None:
        # Called for every field at every load and apply: touch the widgets only on a change
        # (a style sheet set anew costs a restyle; 385 of them were a third of opening a case).
        shown = (text, severity if text else "")
        if shown == getattr(self, "_message_shown", ("", "")):
            return
        self._message_shown = shown
        self.message.setText(text)
        if text:
            self.message.setStyleSheet(ERROR_STYLE if severity == "error" else WARNING_STYLE)
        self.message.setVisible(bool(text))
        self.input.setProperty("problem", shown[1])

    def show_hint(self, text: str) -> None:
        """Under the input: why what was just typed changed nothing ("" hides it)."""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def focus_input(self) -> None:
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_in_view(self.input)

    def form_area(self) -> QScrollArea | None:
        """The scrolled form this field is in, if any."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        return area

    def show_in_view(self, widget: QWidget) -> None:
        """Scroll the form holding this field so that `widget` is seen: now, and again once
        the layout has settled (a new entry or a new case may still be laid out)."""
        scroll = self.form_area()
        if scroll is None:
            return
        scroll.ensureWidgetVisible(widget, VIEW_MARGIN, VIEW_MARGIN)
        QTimer.singleShot(0, widget, lambda: scroll.ensureWidgetVisible(widget, VIEW_MARGIN,
                                                                        VIEW_MARGIN))  # fmt: skip

    def show_derived(
        self, value: str | None, explanation: str = "", entered: bool = False, beside: str = ""
    ) -> None:
        """Show a derived value (value) in the input, which stays open: a value the source
        reports is typed over it and stands. None: empty, it says "derived" in grey (its
        tooltip: once its inputs are given); `entered`, the registrar's own value stands
        and `beside` (the derived value, as it reads) is shown beside it when the rule gives
        one."""
        shown = value is not None
        if shown:
            self.set_value(value or "")
        elif self.derived_shown and not entered:  # the derived value goes; an entered one,
            self.set_value("")  # already shown by whoever bound it, stays
        self.derived_shown = shown
        self.derived_value = value or ""
        text = "derived"  # pending (grey) or shown (blue); PENDING_TIP says which
        if entered and beside:
            text = f"derived: {beside}"
        if self.field.inherit:  # a value the entry takes from the case (rules.inherit)
            text = "as the case" if shown else ""
        # As show_message: touch the widgets only on a change (a style sheet set anew costs).
        marked = (shown, text, bool(beside), entered, explanation)
        if marked == getattr(self, "_derived_marked", None):
            return
        self._derived_marked = marked
        if self.derived_mark is not None:
            self.derived_mark.setText(text)
            self.derived_mark.setStyleSheet(DERIVED_STYLE if shown or beside else PENDING_STYLE)
            self.derived_mark.setVisible(bool(text) and (not entered or bool(beside)))
            pending = not shown and not entered
            tip = "\n".join(t for t in (PENDING_TIP if pending else "", explanation) if t)
            self.derived_mark.setToolTip(tip)
            self.derived_mark.setAccessibleDescription(PENDING_TIP if pending else "")
        self.input.setToolTip(explanation if shown else self.base_tip)


def number_width(edit: QWidget) -> int:
    """NUMBER_CHARS digits, or the example text if longer, with the input's frame."""
    metrics = edit.fontMetrics()
    text = edit.placeholderText() if isinstance(edit, QLineEdit) else ""
    widest = max(metrics.horizontalAdvance("0" * NUMBER_CHARS), metrics.horizontalAdvance(text))
    return widest + INPUT_PADDING


class LineEditor(FieldEditor):
    """text, integer, decimal and date: a line edit; applied when the registrar leaves it."""

    def build(self) -> QWidget:
        edit = QLineEdit(self)
        if self.field.max_length:
            edit.setMaxLength(self.field.max_length)
        if self.field.derived is not None:
            pass  # no example text where a derived value may stand: it would read as data
        elif self.field.type == "date":
            edit.setPlaceholderText("2015-05-10, May 2015, +6m")
            edit.setToolTip(f"Enter {DATE_HELP}.")
        elif self.field.qualified:
            edit.setPlaceholderText("e.g. ~70, <50")  # the other forms in the tooltip
            edit.setToolTip(f"Enter {QUALIFIED_HELP}.")
        elif self.field.type == "integer":
            edit.setPlaceholderText("whole number")
        elif self.field.type == "decimal":
            edit.setPlaceholderText("number")
        edit.editingFinished.connect(self.edited)
        edit.textEdited.connect(lambda _text: self.typing.emit())
        self.line = edit
        return edit

    def raw(self) -> str:
        text = self.line.text()
        return self.token if self.token and text == as_reported.label(self.token) else text

    def set_value(self, value: str) -> None:
        self.line.setText(self.shown_token(value) or value)


class LongTextEditor(FieldEditor):
    def build(self) -> QWidget:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)  # keyboard-first: Tab moves to the next field
        edit.setFixedHeight(72)
        edit.textChanged.connect(self.typing)
        edit.installEventFilter(self)
        self.text_edit = edit
        return edit

    def eventFilter(self, watched, event) -> bool:
        if watched is self.text_edit and event.type() == event.Type.FocusOut:
            self.edited.emit()
        return False

    def raw(self) -> str:
        text = self.text_edit.toPlainText()
        return self.token if self.token and text == as_reported.label(self.token) else text

    def set_value(self, value: str) -> None:
        value = self.shown_token(value) or value
        if self.text_edit.toPlainText() != value:
            # Showing a value is not typing: textChanged would otherwise mark the case edited.
            blocked = self.text_edit.blockSignals(True)
            self.text_edit.setPlainText(value)
            self.text_edit.blockSignals(blocked)


# The editors of the plain types; the choice editors are in choice_editors.py, the
# findings editors in findings_editor.py, and ui/range_editor.make_field_editor picks.
EDITORS: dict[str, type[FieldEditor]] = {
    "text": LineEditor,
    "longtext": LongTextEditor,
    "integer": LineEditor,
    "decimal": LineEditor,
    "date": LineEditor,
}
