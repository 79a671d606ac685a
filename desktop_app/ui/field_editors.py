"""One widget per field type: the only place that maps a field type to a Qt widget.

Every editor shows what the registrar typed exactly as typed, and a message line beneath
it for a refusal (red) or a warning (amber). It never blocks typing: a value that cannot
be stored stays visible with the reason, so that it can be corrected, not retyped.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.qualified import QUALIFIED_HELP
from desktop_app.rules.values import DATE_HELP, FALSE, MULTI_SEPARATOR, TRUE
from desktop_app.spec.model import FieldSpec, Spec
from desktop_app.ui.choice_typing import Choice, TypeAhead, not_found_hint, resolve

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"
DERIVED_STYLE = "color: #1f5f8b; font-style: italic;"
PENDING_STYLE = "color: #777777; font-style: italic;"
NARROW = {"integer": 200, "decimal": 200, "date": 260, "choice": 460, "boolean": 120, "ref": 320}
MULTI_ROOM = 500  # pixels a row of tick boxes may take: the form fits a 1280-pixel window
MULTI_GAP = 12
UNIT_GAP = 6  # pixels between an input and its unit or its "derived" note
VIEW_MARGIN = 40  # pixels kept in view around a field the focus is sent to
OPEN_LIST_HINT = "Space is typed only within a choice's name; Alt+Down or F4 opens the list."


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
        if field.type in NARROW:  # a number or a choice needs no full-width box; a choice
            self.input.setMaximumWidth(NARROW[field.type])  # may narrow on a small screen
            if field.type not in ("choice", "ref"):
                self.input.setMinimumWidth(NARROW[field.type])
        if field.unit and field.type in ("integer", "decimal"):
            self.row.addWidget(QLabel(field.unit, self))
        self.derived_mark: QLabel | None = None
        self.derived_shown = False  # the input shows a value computed by a rule, not entered
        if field.derived is not None:
            self.derived_mark = QLabel("derived", self)
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

    def show_derived(self, value: str | None, explanation: str = "", entered: bool = False) -> None:
        """Show a derived value read-only (value), or make the field editable again (None):
        empty, it says it will be derived once its inputs are given; `entered`, it says
        nothing, as the registrar's own value stands."""
        shown = value is not None
        if shown or self.derived_shown:
            self.set_value(value or "")
        self.derived_shown = shown
        self.input.setEnabled(not shown)
        if self.derived_mark is not None:
            self.derived_mark.setText("derived" if shown else "derived once its inputs are given")
            self.derived_mark.setStyleSheet(DERIVED_STYLE if shown else PENDING_STYLE)
            self.derived_mark.setVisible(not entered)
            self.derived_mark.setToolTip(explanation)
        self.input.setToolTip(explanation if shown else self.base_tip)


class LineEditor(FieldEditor):
    """text, integer, decimal and date: a line edit; applied when the registrar leaves it."""

    def build(self) -> QWidget:
        edit = QLineEdit(self)
        if self.field.max_length:
            edit.setMaxLength(self.field.max_length)
        if self.field.type == "date":
            edit.setPlaceholderText("2015-05-10, May 2015, +6m")
            edit.setToolTip(f"Enter {DATE_HELP}.")
        elif self.field.qualified:
            edit.setPlaceholderText("70, ~70, <50, 10-15")
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
        return self.line.text()

    def set_value(self, value: str) -> None:
        self.line.setText(value)


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
        return self.text_edit.toPlainText()

    def set_value(self, value: str) -> None:
        if self.text_edit.toPlainText() != value:
            # Showing a value is not typing: textChanged would otherwise mark the case edited.
            blocked = self.text_edit.blockSignals(True)
            self.text_edit.setPlainText(value)
            self.text_edit.blockSignals(blocked)


class ComboEditor(FieldEditor):
    """choice, boolean and ref: a drop-down with an empty first item; applied at once.

    Typing picks a choice by its code or its label (choice_typing); text that picks none
    puts back the value it had before the typing began and says so beside the field."""

    def build(self) -> QWidget:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        self.combo = combo
        self.ahead = TypeAhead(QApplication.keyboardInputInterval())
        self.value_before_typing = ""
        combo.installEventFilter(self)
        combo.view().installEventFilter(self)  # after the popup's own filter: called first
        self.fill()
        # Any change of the chosen item, by mouse or by typing, applies at once; set_value
        # blocks signals, so only the registrar's own changes arrive here.
        combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        return combo

    def options(self) -> list[tuple[str, str, str]]:
        """(code, label, tooltip) for each choice."""
        if self.field.type == "boolean":
            return [(TRUE, "Yes", ""), (FALSE, "No", "")]
        vocab = self.spec.vocabulary(self.field.vocabulary)
        return [(t.code, vocab.display(t), t.definition) for t in vocab.terms]

    def fill(self, options: list[tuple[str, str, str]] | None = None) -> None:
        current = self.combo.currentData() if self.combo.count() else ""
        blocked = self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("", "")
        for code, label, tip in options if options is not None else self.options():
            self.combo.addItem(label, code)
            if tip:
                self.combo.setItemData(self.combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.set_value(current or "")
        self.combo.blockSignals(blocked)

    def typing_choices(self) -> list[Choice]:
        """The items after the empty one, as typing sees them: codes count for a
        vocabulary's choices only (a reference's entry ids are not shown)."""
        vocab = self.spec.vocabulary(self.field.vocabulary) if self.field.vocabulary else None
        choices = []
        for index in range(1, self.combo.count()):
            code = str(self.combo.itemData(index) or "")
            term = vocab.term(code) if vocab else None
            texts = (self.combo.itemText(index), term.label if term else "")
            choices.append(Choice(code if self.field.type == "choice" else "", texts))
        return choices

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.combo.view():
            return self._popup_key(event)
        if watched is not self.combo:
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.Wheel:  # never changes a coded value: scrolls the form
            area = self.form_area()  # (sent on: Qt passes no synthesized wheel to a parent)
            if area is not None:
                QApplication.sendEvent(area.viewport(), event)
            return True
        text = typed_text(event)
        if not text:
            return super().eventFilter(watched, event)
        if not text.strip() and not self.ahead.in_burst(now_ms()):
            self.show_hint(OPEN_LIST_HINT)  # a space names nothing on its own
            return True
        typed, found = self._type_ahead(text)
        if found is None:
            self.combo.setCurrentIndex(max(self.combo.findData(self.value_before_typing), 0))
            what = "entry" if self.field.type == "ref" else "choice"
            how = "its number" if self.field.type == "ref" else "a code"
            self.show_hint(not_found_hint(typed, what, f"{how} or the start of a label"))
        else:
            self.show_hint("")
            self.combo.setCurrentIndex(found + 1)
        return True

    def _type_ahead(self, text: str) -> tuple[str, int | None]:
        """The text typed so far with this key, and the item (after the empty one) it picks."""
        typed = self.ahead.feed(text, now_ms())
        if self.ahead.started:
            self.value_before_typing = self.raw()
        current = self.combo.currentIndex() - 1
        found = resolve(self.typing_choices(), typed, self.ahead.repeated_key(),
                        current if current >= 0 else None)  # fmt: skip
        return typed, found

    def _popup_key(self, event: QEvent) -> bool:
        """In the open list, typing moves to the item it names (as in the closed field), and
        Tab or Shift+Tab takes the item shown and goes on to the next or previous field:
        no key typed after the list opened is lost in it."""
        view = self.combo.view()
        text = typed_text(event)
        if text.strip():
            _typed, found = self._type_ahead(text)
            if found is not None:
                view.setCurrentIndex(view.model().index(found + 1, 0))
            return True
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        if event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        row = view.currentIndex().row()
        self.combo.hidePopup()
        if row >= 0:
            self.combo.setCurrentIndex(row)
        moved = QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers())
        QApplication.sendEvent(self.combo, moved)
        return True

    def raw(self) -> str:
        return str(self.combo.currentData() or "")

    def set_value(self, value: str) -> None:
        self.show_hint("")
        blocked = self.combo.blockSignals(True)
        index = self.combo.findData(value)
        if index < 0 and value:  # a code no longer offered is shown, not dropped
            self.combo.addItem(f"{value} (not in the list)", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(blocked)


class RefEditor(ComboEditor):
    """A reference to an entry of another group; its choices come from the open case."""

    entries_provider: Callable[[str], list[tuple[str, str]]] | None = None

    def options(self) -> list[tuple[str, str, str]]:
        provider = self.entries_provider
        return [(code, label, "") for code, label in (provider(self.field.ref) if provider else [])]


def multichoice_columns(widths: list[int], room: int = MULTI_ROOM, gap: int = MULTI_GAP) -> int:
    """How many tick boxes stand side by side: as many as fit `room` pixels when each
    column is as wide as its widest box (all of them in one row when they are short)."""
    for columns in range(len(widths), 1, -1):
        widest = [max(widths[c::columns]) for c in range(columns)]
        if sum(widest) + gap * (columns - 1) <= room:
            return columns
    return 1


class MultiChoiceEditor(FieldEditor):
    """A box per term. Typing a code or the start of a label moves to that term's box,
    where Space ticks it; text that names no term is said beside the field."""

    def build(self) -> QWidget:
        self.ahead = TypeAhead(QApplication.keyboardInputInterval())
        box = QWidget(self)
        layout = QGridLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(MULTI_GAP)
        layout.setVerticalSpacing(2)
        self.boxes: list[tuple[str, QCheckBox]] = []
        terms = self.spec.vocabulary(self.field.vocabulary).terms
        checks = [QCheckBox(term.label, box) for term in terms]
        columns = multichoice_columns([c.sizeHint().width() for c in checks])
        for index, (term, check) in enumerate(zip(terms, checks, strict=True)):
            check.setObjectName(f"choice_{self.field.id}_{term.code}")
            if term.definition:
                check.setToolTip(term.definition)
            check.toggled.connect(lambda _on: self.edited.emit())
            check.installEventFilter(self)
            layout.addWidget(check, index // columns, index % columns, Qt.AlignmentFlag.AlignLeft)
            self.boxes.append((term.code, check))
        layout.setColumnStretch(columns, 1)
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        text = typed_text(event) if isinstance(watched, QCheckBox) else ""
        if not text.strip():
            return super().eventFilter(watched, event)  # Space ticks the box
        typed = self.ahead.feed(text, now_ms())
        checks = [check for _code, check in self.boxes]
        choices = [Choice(code, (check.text(),)) for code, check in self.boxes]
        current = checks.index(watched) if watched in checks else None
        found = resolve(choices, typed, self.ahead.repeated_key(), current)
        if found is None:
            self.show_hint(not_found_hint(typed, "term", "a code or the start of a label"))
        else:
            self.show_hint("")
            checks[found].setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def raw(self) -> str:
        return MULTI_SEPARATOR.join(code for code, check in self.boxes if check.isChecked())

    def set_value(self, value: str) -> None:
        self.show_hint("")
        chosen = set(value.split(MULTI_SEPARATOR)) if value else set()
        for code, check in self.boxes:
            check.blockSignals(True)
            check.setChecked(code in chosen)
            check.blockSignals(False)

    def focus_input(self) -> None:
        if self.boxes:
            self.boxes[0][1].setFocus(Qt.FocusReason.OtherFocusReason)
            self.show_in_view(self.boxes[0][1])


EDITORS: dict[str, type[FieldEditor]] = {
    "text": LineEditor,
    "longtext": LongTextEditor,
    "integer": LineEditor,
    "decimal": LineEditor,
    "date": LineEditor,
    "choice": ComboEditor,
    "multichoice": MultiChoiceEditor,
    "boolean": ComboEditor,
    "ref": RefEditor,
}


def make_editor(spec: Spec, field: FieldSpec, parent: QWidget | None = None) -> FieldEditor:
    if field.findings:  # present / absent / not recorded (ui/findings_editor.py)
        from desktop_app.ui.findings_editor import findings_editor

        return findings_editor(spec, field, parent)
    return EDITORS[field.type](spec, field, parent)
