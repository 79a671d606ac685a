"""The choice editors: a drop-down for a choice, a yes/no or a reference to an entry (here),
and a box per term for a multichoice (multichoice_editor.py). Typing finds terms
(choice_typing); a text that names several lists them under the field and picks none until
the registrar takes one.

Built on FieldEditor; range_editor.make_field_editor picks them from CHOICE_EDITORS.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.values import FALSE, TRUE
from desktop_app.spec.vocabulary_index import names, offered
from desktop_app.ui.choice_typing import (
    Choice,
    Found,
    TypeAhead,
    candidates_hint,
    not_found_hint,
    resolve_found,
    search,
)
from desktop_app.ui.field_editors import NARROW, OPEN_LIST_HINT, FieldEditor, now_ms, typed_text
from desktop_app.ui.multichoice_editor import MultiChoiceEditor

CANDIDATE_ROWS = 8  # rows the list of candidates under a choice shows before it scrolls
LONG_LIST = 100  # a longer vocabulary (ICD-O-3.2) fills its list when first used, not at start
FILL_EVENTS = (QEvent.Type.Show, QEvent.Type.FocusIn, QEvent.Type.KeyPress,
               QEvent.Type.MouseButtonPress)  # fmt: skip


class ComboEditor(FieldEditor):
    """choice, boolean and ref: a drop-down with an empty first item; applied at once.

    Typing picks a choice by its code or its label (choice_typing); a text that names
    several choices lists them under the field and picks none until the registrar takes one
    (Down, then Enter or Tab, or a click); text that picks none puts back the value it had
    before the typing began and says so beside the field."""

    def build(self) -> QWidget:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        self.combo = combo
        self.ahead = TypeAhead(QApplication.keyboardInputInterval())
        self.value_before_typing = ""
        self._choices: list[Choice] | None = None
        self._offered: tuple[str, ...] | None = None  # codes offered, when terms have show_if
        self._lazy = self._long()  # the list holds only the value shown, until it is used
        self.candidates = QListWidget(self)  # under the field: what the typed text names
        self.candidates.setObjectName(f"candidates_{self.field.id}")
        self.candidates.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the field
        self.candidates.setMaximumWidth(NARROW["choice"])
        self.candidates.itemClicked.connect(self._take_candidate)
        self.candidates.hide()
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.candidates)
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
        terms = vocab.terms
        if self._offered is not None:
            wanted = set(self._offered)
            terms = tuple(t for t in terms if t.code in wanted)
        return [(t.code, vocab.display(t), t.definition) for t in terms]

    def offer_for(self, scope: dict[str, str], case: dict[str, str]) -> None:
        """Offer only the terms whose own show_if the entry meets (BI-RADS 4A-4C are not
        offered on an MRI study); a stored code no longer offered stays shown."""
        if self.field.type != "choice" or not self.field.vocabulary:
            return
        vocab = self.spec.vocabulary(self.field.vocabulary)
        if not any(t.show_if is not None for t in vocab.terms):
            return
        codes = tuple(t.code for t in vocab.terms if offered(t, scope, case))
        if codes != self._offered:
            self._offered = codes
            self.fill()

    def _long(self) -> bool:
        if self.field.type != "choice" or not self.field.vocabulary:
            return False
        return len(self.spec.vocabulary(self.field.vocabulary).terms) > LONG_LIST

    def fill_now(self) -> None:
        """Fill a long list put off at start-up (the field is being used)."""
        if self._lazy:
            self._lazy = False
            self.fill()

    def fill(self, options: list[tuple[str, str, str]] | None = None) -> None:
        current = self.combo.currentData() if self.combo.count() else ""
        blocked = self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("", "")
        if options is None and self._lazy:
            options = []  # a long list is filled when the field is first used
        for code, label, tip in options if options is not None else self.options():
            self.combo.addItem(label, code)
            if tip:
                self.combo.setItemData(self.combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self._choices = None
        self.set_value(current or "")
        self.combo.blockSignals(blocked)

    def typing_choices(self) -> list[Choice]:
        """The items after the empty one, as typing sees them: codes count for a
        vocabulary's choices only (a reference's entry ids are not shown); a term is also
        found by its synonyms. Made once per filling of the list."""
        self.fill_now()
        if self._choices is not None:
            return self._choices
        vocab = self.spec.vocabulary(self.field.vocabulary) if self.field.vocabulary else None
        choices = []
        for index in range(1, self.combo.count()):
            code = str(self.combo.itemData(index) or "")
            term = vocab.term(code) if vocab else None
            texts = (self.combo.itemText(index),) + (names(vocab, term) if vocab and term else ())
            choices.append(Choice(code if self.field.type == "choice" else "", texts))
        self._choices = choices
        return choices

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.combo.view():
            return self._popup_key(event)
        if watched is not self.combo:
            return super().eventFilter(watched, event)
        if self._lazy and event.type() in FILL_EVENTS:
            self.fill_now()  # shown or used: a hidden tab's or entry's list waits
        if event.type() == QEvent.Type.Wheel:  # never changes a coded value: scrolls the form
            area = self.form_area()  # (sent on: Qt passes no synthesized wheel to a parent)
            if area is not None:
                QApplication.sendEvent(area.viewport(), event)
            return True
        if event.type() == QEvent.Type.FocusOut and not self.combo.view().isVisible():
            self.candidates.hide()
        if self.candidates.isVisible() and self._candidate_key(event):
            return True
        text = typed_text(event)
        if not text:
            return super().eventFilter(watched, event)
        if not text.strip() and not self.ahead.in_burst(now_ms()):
            self.show_hint(OPEN_LIST_HINT)  # a space names nothing on its own
            return True
        typed, found = self._type_ahead(text)
        self._show_found(typed, found)
        return True

    def _show_found(self, typed: str, found: Found) -> None:
        """Pick what the text picks; list what it names when several; else say so."""
        self.candidates.hide()
        if found.picked is not None:
            self.show_hint("")
            self.combo.setCurrentIndex(found.picked + 1)
            return
        self.combo.setCurrentIndex(max(self.combo.findData(self.value_before_typing), 0))
        if found.candidates:
            self.candidates.clear()
            for index in found.candidates:
                item = QListWidgetItem(self.combo.itemText(index + 1))
                item.setData(Qt.ItemDataRole.UserRole, index + 1)
                self.candidates.addItem(item)
            rows = min(len(found.candidates), CANDIDATE_ROWS)
            self.candidates.setFixedHeight(self.candidates.sizeHintForRow(0) * rows + 6)
            self.candidates.setCurrentRow(-1)  # nothing highlighted: nothing is taken
            self.candidates.show()
            self.show_hint(candidates_hint(typed, len(found.candidates)))
            return
        what = "entry" if self.field.type == "ref" else "choice"
        how = "its number" if self.field.type == "ref" else "a code"
        self.show_hint(not_found_hint(typed, what, f"{how} or a word of its name"))

    def _candidate_key(self, event: QEvent) -> bool:
        """Keys while candidates are listed: Down/Up highlight one, Enter or Tab takes the
        highlighted one (Tab then moves on), Escape closes the list, Backspace unsays a key."""
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        row = self.candidates.currentRow()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            last = self.candidates.count() - 1
            self.candidates.setCurrentRow(min(max(row + step, 0), last) if row >= 0 else 0)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if row >= 0:
                self._take_candidate(self.candidates.item(row))
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            if row >= 0:
                self._take_candidate(self.candidates.item(row))
            self.candidates.hide()
            return False  # and on to the next field
        if key == Qt.Key.Key_Escape:
            self.candidates.hide()
            self.show_hint("")
            return True
        if key == Qt.Key.Key_Backspace and len(self.ahead.text) > 1:
            self.ahead.text = self.ahead.text[:-1]
            self.ahead.last_ms = now_ms()
            self._show_found(self.ahead.text, search(self.typing_choices(), self.ahead.text))
            return True
        return False

    def _take_candidate(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.candidates.hide()
        self.show_hint("")
        self.combo.setCurrentIndex(int(item.data(Qt.ItemDataRole.UserRole)))

    def _type_ahead(self, text: str) -> tuple[str, Found]:
        """The text typed so far with this key, and what it picks or names. While candidates
        are listed a pause does not end the text (the registrar is narrowing the list), unless
        the text with this key names nothing: then the key starts a new text."""
        now = now_ms()
        listing = self.candidates.isVisible()
        late = not self.ahead.in_burst(now)
        typed = self.ahead.feed(text, now, keep=listing)
        found = self._found(typed)
        if listing and late and found.picked is None and not found.candidates:
            self.ahead.last_ms = None
            typed = self.ahead.feed(text, now)
            found = self._found(typed)
        if self.ahead.started:
            self.value_before_typing = self.raw()
        return typed, found

    def _found(self, typed: str) -> Found:
        current = self.combo.currentIndex() - 1
        return resolve_found(self.typing_choices(), typed, self.ahead.repeated_key(),
                             current if current >= 0 else None)  # fmt: skip

    def _popup_key(self, event: QEvent) -> bool:
        """In the open list, typing moves to the item it names (as in the closed field), and
        Tab or Shift+Tab takes the item shown and goes on to the next or previous field:
        no key typed after the list opened is lost in it."""
        view = self.combo.view()
        text = typed_text(event)
        if text.strip():
            _typed, found = self._type_ahead(text)
            moved_to = (
                found.picked if found.picked is not None else next(iter(found.candidates), None)
            )
            if moved_to is not None:
                view.setCurrentIndex(view.model().index(moved_to + 1, 0))
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
        self.candidates.hide()
        blocked = self.combo.blockSignals(True)
        index = self.combo.findData(value)
        vocab = self.spec.vocabulary(self.field.vocabulary) if self._lazy else None
        term = vocab.term(value) if vocab and value else None
        if index < 0 and vocab and term:  # a long list not filled yet: its value alone
            self.combo.addItem(vocab.display(term), value)
            index = self.combo.count() - 1
        elif index < 0 and value:  # a code no longer offered is shown, not dropped
            self.combo.addItem(self.shown_token(value) or self._unlisted(value), value)
            index = self.combo.count() - 1
            self._choices = None
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(blocked)

    def _unlisted(self, value: str) -> str:
        """How a stored code that is not offered here reads: an older edition's code with
        its term and edition (8680/1 — Paraganglioma, NOS, ICD-O-3 (2000))."""
        vocab = self.spec.vocabulary(self.field.vocabulary) if self.field.vocabulary else None
        old = vocab.retired_term(value) if vocab else None
        if old is not None:
            return f"{old.code} — {old.label} ({old.edition}, no longer offered)"
        return f"{value} (not in the list)"


class RefEditor(ComboEditor):
    """A reference to an entry of another group; its choices come from the open case."""

    entries_provider: Callable[[str], list[tuple[str, str]]] | None = None

    def options(self) -> list[tuple[str, str, str]]:
        provider = self.entries_provider
        return [(code, label, "") for code, label in (provider(self.field.ref) if provider else [])]


CHOICE_EDITORS: dict[str, type[FieldEditor]] = {
    "choice": ComboEditor,
    "multichoice": MultiChoiceEditor,
    "boolean": ComboEditor,
    "ref": RefEditor,
}
