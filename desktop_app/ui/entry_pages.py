"""An entry whose sections belong to terms of a multichoice (spec/term_pages.py) shows those
sections as pages: one button per ticked term ("B-mode", "Doppler", "Shear-wave
elastography" …) above the page of the term chosen, in one box that stands in a column beside
the entry's other sections. An ultrasound with every technique ticked is then as tall as its
longest technique, not as all of them (issue 15).

`PagedFieldSet` is a FieldSet made of parts — the fields before the pages, one FieldSet per
page, the fields after — and answers for them as one: binding, applying, visibility, derived
values and problems go to every part. Looking a field's editor up in `editors` (the problem
list, F8, a test) shows the page it is on, since a field on a page not shown cannot take
the focus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.validation import Problem
from desktop_app.spec.model import FieldSpec
from desktop_app.spec.term_pages import EntryPages, term_pages
from desktop_app.ui.field_editors import FieldEditor
from desktop_app.ui.field_set import EditState, FieldSet
from desktop_app.ui.multichoice_editor import MULTI_GAP, multichoice_columns
from desktop_app.ui.section_columns import SectionColumns

BUTTON_ROOM = 370  # pixels a row of page buttons may take: the box stands in one of two columns
PAGE_MARGIN = 4
PROBLEM_MARK = " ⚠"  # after the name of a page with a problem on it


def entry_field_set(
    state: EditState, fields: tuple[FieldSpec, ...], parent: QWidget | None = None
) -> FieldSet:
    """The editor of a group's entry: paged when its sections call for it."""
    plan = term_pages(fields)
    return PagedFieldSet(state, plan, parent) if plan else FieldSet(state, fields, parent)


class RevealingEditors(dict[str, FieldEditor]):
    """The editors by field id; looking one up shows the page it is on."""

    def __init__(self, reveal: Callable[[FieldEditor], None]) -> None:
        super().__init__()
        self.reveal = reveal

    def __getitem__(self, field_id: str) -> FieldEditor:
        editor = super().__getitem__(field_id)
        self.reveal(editor)
        return editor


class PagedFieldSet(FieldSet):
    def __init__(self, state: EditState, plan: EntryPages, parent: QWidget | None = None) -> None:
        super().__init__(state, (), parent)  # no fields of its own: its parts hold them
        self.plan = plan
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        self.head = FieldSet(state, plan.head, self)
        outer.addWidget(self.head)
        self.pages_box = QGroupBox(plan.pages[0].section, self)
        self.pages_box.setObjectName(f"pages_{plan.control.id}")
        box_layout = QVBoxLayout(self.pages_box)
        box_layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        box_layout.setSpacing(PAGE_MARGIN)
        buttons = QGridLayout()
        buttons.setHorizontalSpacing(MULTI_GAP // 2)
        buttons.setVerticalSpacing(2)
        box_layout.addLayout(buttons)
        self.stack = QStackedWidget(self.pages_box)
        box_layout.addWidget(self.stack)
        self.choose = QButtonGroup(self)
        self.choose.setExclusive(True)
        self.page_buttons: list[QPushButton] = []
        self.pages: list[FieldSet] = []
        terms = state.spec.vocabulary(plan.control.vocabulary)
        for index, page in enumerate(plan.pages):  # made in order: Tab goes the buttons' way
            term = terms.term(page.term)
            button = QPushButton(term.label if term else page.section, self.pages_box)
            button.setObjectName(f"page_{plan.control.id}_{page.term}")
            button.setCheckable(True)
            button.setToolTip(page.section)
            self.choose.addButton(button, index)
            self.page_buttons.append(button)
        columns = multichoice_columns([b.sizeHint().width() for b in self.page_buttons],
                                      BUTTON_ROOM, MULTI_GAP // 2)  # fmt: skip
        for index, button in enumerate(self.page_buttons):
            buttons.addWidget(button, index // columns, index % columns)
        for page in plan.pages:
            part = FieldSet(state, page.fields, self.stack)
            for box, _ids in part.sections.values():
                box.setTitle("")  # the pages' box bears the title of the page shown
                box.setFlat(True)  # and one frame round the pages is enough
            self.stack.addWidget(part)
            self.pages.append(part)
        self.choose.idClicked.connect(self.show_page)
        self._place(outer)
        self.tail = FieldSet(state, plan.tail, self)
        outer.addWidget(self.tail)
        self.parts = [self.head, *self.pages, self.tail]
        self.fields = tuple(f for part in self.parts for f in part.fields)
        self.editors = RevealingEditors(self.reveal)
        for part in self.parts:
            self.editors.update(part.editors)
            self.rows.update(part.rows)
            self.sections.update(part.sections)
            self.section_columns += part.section_columns
            part.applied.connect(self._part_applied)
            part.typing.connect(self.typing)

    def _place(self, outer: QVBoxLayout) -> None:
        """The pages' box among the sections laid out before them (in their columns), else
        on its own after them."""
        layout = self.head.layout()
        last = layout.itemAt(layout.count() - 1) if layout is not None and layout.count() else None
        columns = last.widget() if last is not None else None
        if isinstance(columns, SectionColumns):
            columns.add_section(self.pages_box)
        else:
            outer.addWidget(self.pages_box)

    # ----- the pages ---------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.page_buttons[index].setChecked(True)
        self.pages_box.setTitle(self.plan.pages[index].section)

    def page_of(self, editor: FieldEditor) -> int | None:
        for index, part in enumerate(self.pages):
            if part.editors.get(editor.field.id) is editor:
                return index
        return None

    def reveal(self, editor: FieldEditor) -> None:
        """Show the page `editor` is on (nothing to do for a field of no page)."""
        index = self.page_of(editor)
        if index is not None and not self.page_buttons[index].isHidden():
            self.show_page(index)

    def _control_shown(self) -> bool:
        layout, row = self.head.rows[self.plan.control.id]
        return layout.isRowVisible(row)

    def _show_pages(self) -> None:
        """A button for each term ticked (when its ticks are shown at all); the page shown
        stays unless its term is unticked."""
        control = self._control_shown()
        shown = []
        for index, part in enumerate(self.pages):
            visible = control and any(not box.isHidden() for box, _ids in part.sections.values())
            self.page_buttons[index].setVisible(visible)
            if visible:
                shown.append(index)
        self.pages_box.setVisible(bool(shown))
        if shown and self.stack.currentIndex() not in shown:
            self.show_page(shown[0])
        elif shown:
            self.page_buttons[self.stack.currentIndex()].setChecked(True)
        for columns in self.head.section_columns:
            columns.arrange()  # the box shown or hidden changes what goes in which column

    def _part_applied(self) -> None:
        for part in self.pages:  # a tick of the head's multichoice shows or hides a page
            part.refresh_visibility()
        self._show_pages()
        self.applied.emit()

    # ----- a FieldSet, made of its parts ------------------------------------------------

    def bind(self, scope: tuple[str, int], values: dict[str, str]) -> None:
        self.scope, self.values = scope, values
        for part in self.parts:
            part.bind(scope, values)
        self._show_pages()

    def apply(self, editor: FieldEditor) -> bool:
        part = next((p for p in self.parts if p.editors.get(editor.field.id) is editor), None)
        return part.apply(editor) if part is not None else True

    def apply_all(self) -> bool:
        return all([part.apply_all() for part in self.parts])

    def refresh_visibility(self) -> None:
        for part in self.parts:
            part.refresh_visibility()
        self._show_pages()

    def refresh_derived(self) -> None:
        for part in self.parts:
            part.refresh_derived()

    def show_problems(self, problems: list[Problem]) -> None:
        for part in self.parts:
            part.show_problems(problems)
        mine = {(p.group, p.entry_id, p.field) for p in problems} | self.state.refused.keys()
        for button, part in zip(self.page_buttons, self.pages, strict=True):
            marked = any((*self.scope, field_id) in mine for field_id in part.editors)
            name = button.text().removesuffix(PROBLEM_MARK)
            button.setText(name + PROBLEM_MARK if marked else name)

    def set_enabled(self, enabled: bool) -> None:
        for part in self.parts:
            part.set_enabled(enabled)
