"""The multichoice editor: a tick box per term, laid out in as many columns as fit the form.
Typing a code or the start of a label moves to that term's box (choice_typing), where Space
ticks it.

Built on FieldEditor; the app reaches it through choice_editors.CHOICE_EDITORS.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QGridLayout, QWidget

from desktop_app.rules.values import MULTI_SEPARATOR
from desktop_app.ui.choice_typing import Choice, TypeAhead, not_found_hint, resolve, search
from desktop_app.ui.field_editors import FieldEditor, now_ms, typed_text

MULTI_ROOM = 500  # pixels a row of tick boxes may take: the form fits a 1280-pixel window
SECTION_ROOM = 170  # in a titled section, which may stand in one of two columns (field_set)
MULTI_GAP = 12


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
        checks = [self.new_box(term.label, box) for term in terms]
        columns = multichoice_columns([self.box_width(c) for c in checks], self.tick_room())
        for index, (term, check) in enumerate(zip(terms, checks, strict=True)):
            check.setObjectName(f"choice_{self.field.id}_{term.code}")
            if term.definition:
                check.setToolTip(term.definition)
            self.watch(check)
            check.installEventFilter(self)
            layout.addWidget(check, index // columns, index % columns, Qt.AlignmentFlag.AlignLeft)
            self.boxes.append((term.code, check))
        layout.setColumnStretch(columns, 1)
        return box

    # The tick box of a term, how wide its column must be, and what an edit of it does:
    # a plain check box here, a tri-state finding in findings_editor.py.
    def new_box(self, label: str, parent: QWidget) -> QCheckBox:
        return QCheckBox(label, parent)

    def box_width(self, check: QCheckBox) -> int:
        return check.sizeHint().width()

    def watch(self, check: QCheckBox) -> None:
        check.toggled.connect(self._toggled)

    def tick_room(self) -> int:
        """Pixels a row of its tick boxes may take."""
        return SECTION_ROOM if self.field.section else MULTI_ROOM

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        text = typed_text(event) if isinstance(watched, QCheckBox) else ""
        if not text.strip():
            return super().eventFilter(watched, event)  # Space ticks the box
        typed = self.ahead.feed(text, now_ms())
        checks = [check for _code, check in self.boxes]
        choices = [Choice(code, (check.text(),)) for code, check in self.boxes]
        current = checks.index(watched) if watched in checks else None
        found = resolve(choices, typed, self.ahead.repeated_key(), current)
        named = search(choices, typed).candidates
        if found is None:
            self.show_hint(not_found_hint(typed, "term", "a code or the start of a label"))
        elif len(named) > 1:  # several boxes: go to the first, tick none, say which they are
            listed = "; ".join(checks[i].text() for i in named[:6])
            more = f" and {len(named) - 6} more" if len(named) > 6 else ""
            self.show_hint(f"{len(named)} terms match “{typed}”: {listed}{more}. Space ticks "
                           "the one with the focus; type more to narrow.")  # fmt: skip
            checks[found].setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.show_hint("")
            checks[found].setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def _toggled(self, _on: bool) -> None:
        self.token = ""  # a ticked term answers the field
        self.show_hint("")
        self.edited.emit()

    def raw(self) -> str:
        chosen = MULTI_SEPARATOR.join(code for code, check in self.boxes if check.isChecked())
        return chosen or self.token

    def set_value(self, value: str) -> None:
        self.show_hint(self.shown_token(value))  # "Not stated" beneath the boxes
        chosen = set(value.split(MULTI_SEPARATOR)) if value else set()
        for code, check in self.boxes:
            check.blockSignals(True)
            check.setChecked(code in chosen)
            check.blockSignals(False)

    def focus_input(self) -> None:
        if self.boxes:
            self.boxes[0][1].setFocus(Qt.FocusReason.OtherFocusReason)
            self.show_in_view(self.boxes[0][1])
