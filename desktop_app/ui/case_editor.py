"""The open case: one tab per form of the specification, the list of its problems, and how
complete it is (required fields, reporting checklists) with a key to the next gap (F8).

A tab is built when it is first shown (ui/form_tab.py); until then the record alone holds
its values, so everything here reads the record, and touches only the tabs that are built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.drafts import draft_key
from desktop_app.record import CaseRecord
from desktop_app.rules.completeness import Target, completeness, next_missing
from desktop_app.rules.entry_label import entry_label_text
from desktop_app.rules.validation import Problem, check_record
from desktop_app.spec.model import Spec
from desktop_app.ui.completeness_panel import CompletenessPanel
from desktop_app.ui.edit_state import EditState
from desktop_app.ui.form_tab import FormTab

if TYPE_CHECKING:  # the editors' modules are imported with the first tab built
    from desktop_app.ui.field_editors import FieldEditor
    from desktop_app.ui.field_set import FieldSet

__all__ = ["CaseEditor", "FormTab"]

NEXT_MISSING_KEY = "F8"
REVALIDATE_MS = 400


class CaseEditor(QWidget):
    dirty_changed = Signal(bool)
    status = Signal(str)  # a short message for the window's status bar

    def __init__(self, spec: Spec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.state = EditState(spec, CaseRecord(), entries_provider=self.entry_labels)
        self.dirty = False
        self.base = CaseRecord()
        self.draft_key = draft_key(self.state.record)
        # A value refused as typed joins the problem list soon after, not only at saving.
        self.revalidate = QTimer(self)
        self.revalidate.setSingleShot(True)
        self.revalidate.setInterval(REVALIDATE_MS)
        self.revalidate.timeout.connect(self.validate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.tabs = QTabWidget(splitter)
        self.tabs.setObjectName("case_tabs")
        self.form_tabs: list[FormTab] = []
        self.shown_problems: list[Problem] = []  # the last check's, for a tab built later
        for form in spec.forms:
            tab = FormTab(self.state, form, self._tab_built, self.tabs)
            self.tabs.addTab(tab, form.label)
            self.form_tabs.append(tab)
        bottom = QSplitter(Qt.Orientation.Horizontal, splitter)
        problems_box = QWidget(bottom)
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(4, 0, 4, 0)
        self.problems_title = QLabel("Problems", problems_box)
        problems_layout.addWidget(self.problems_title)
        self.problems = QListWidget(problems_box)
        self.problems.setObjectName("problems")
        self.problems.itemActivated.connect(self._jump)
        self.problems.itemClicked.connect(self._jump)
        problems_layout.addWidget(self.problems)
        self.completeness_panel = CompletenessPanel(bottom)
        self.completeness_panel.target_chosen.connect(self.focus_target)
        # The counts stay in view beside the tabs; the list of what is missing sits below.
        self.tabs.setCornerWidget(self.completeness_panel.summary, Qt.Corner.TopRightCorner)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter)
        self.next_missing_action = QAction("&Next missing required field", self)
        self.next_missing_action.setObjectName("action_next_missing")
        self.next_missing_action.setShortcut(QKeySequence(NEXT_MISSING_KEY))
        self.next_missing_action.setStatusTip("Go to the next required field left empty")
        self.next_missing_action.triggered.connect(self.go_to_next_missing)
        self.addAction(self.next_missing_action)

    def _tab_built(self, tab: FormTab) -> None:
        """A tab's editors are made: connect them and show the open record in them."""
        for field_set in tab.built_field_sets():
            field_set.applied.connect(self._applied)
            field_set.typing.connect(self.mark_dirty)
            field_set.typing.connect(self.revalidate.start)
        for group in tab.groups.values():
            group.applied.connect(self._group_changed)
        if tab.case_fields:
            tab.case_fields.bind(("", 0), self.record.values)
        for field_set in tab.built_field_sets():
            field_set.show_problems(self.shown_problems)

    def built_tabs(self) -> list[FormTab]:
        return [t for t in self.form_tabs if t.is_built]

    def built_field_sets(self) -> list[FieldSet]:
        return [s for t in self.form_tabs for s in t.built_field_sets()]

    @property
    def record(self) -> CaseRecord:
        return self.state.record

    def load(
        self, record: CaseRecord, base: CaseRecord | None = None, keep_view: bool = False
    ) -> None:
        """Show `record`; `base` is the stored version it started from (for conflicts),
        by default a copy of the record itself. With keep_view (the same case, saved), the
        tab, each group's selected entry, the scroll and the focused field stay as they were."""
        view = self._view() if keep_view else None
        self.base = (base if base is not None else record).copy()
        self.draft_key = draft_key(record)
        self.state.record = record
        self.state.refused.clear()
        for tab in self.built_tabs():  # the others show the record when they are built
            if tab.case_fields:
                tab.case_fields.bind(("", 0), record.values)
            for group in tab.groups.values():
                group.current_entry = None
                group.reload()
        self.set_dirty(False)
        self.validate()
        if view is not None:
            self._restore(view)

    def _view(self) -> tuple[int, dict[str, int | None], list[int], Target | None]:
        entries = {g: e.current_entry for t in self.built_tabs() for g, e in t.groups.items()}
        scrolls = [t.verticalScrollBar().value() for t in self.form_tabs]
        return self.tabs.currentIndex(), entries, scrolls, self._focused_target()

    def _restore(self, view: tuple[int, dict[str, int | None], list[int], Target | None]) -> None:
        index, entries, scrolls, focused = view
        self.tabs.setCurrentIndex(index)
        for tab, scroll in zip(self.form_tabs, scrolls, strict=True):
            for group_id, group in tab.groups.items() if tab.is_built else ():
                entry = entries.get(group_id)
                if entry is not None:
                    group.select_entry(entry)
            tab.verticalScrollBar().setValue(scroll)
        if focused is not None and focused.field:
            self.focus_target(focused)

    def entry_labels(self, group_id: str) -> list[tuple[str, str]]:
        """(entry id, label) of each entry of a group, for ref fields and tables."""
        group = self.spec.group(group_id)
        labels = []
        for number, entry in enumerate(self.record.entries(group_id), start=1):
            text = entry_label_text(self.spec, self.record, group, entry.values)
            labels.append((str(entry.entry_id), f"{number}. {text}".strip()))
        return labels

    def mark_dirty(self) -> None:
        self.set_dirty(True)

    def set_dirty(self, dirty: bool) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)

    def _applied(self) -> None:
        self.set_dirty(True)
        for field_set in self.built_field_sets():
            field_set.refresh_visibility()
        self.validate()

    def _group_changed(self) -> None:
        # An entry added, removed or renamed changes what ref fields elsewhere can show.
        for tab in self.built_tabs():
            for group in tab.groups.values():
                if any(f.type == "ref" for f in group.group.fields):
                    group.reload()
        self._applied()

    def commit(self) -> list[tuple[str, str]]:
        """Apply every editor; returns (field label, reason) for each refused value."""
        for field_set in self.built_field_sets():  # nothing is typed in an unbuilt tab
            if field_set.isEnabled():
                field_set.apply_all()
        refused = []
        for (group, _entry, field_id), (_raw, reason) in self.state.refused.items():
            refused.append((self.spec.field(group, field_id).label, reason))
        return refused

    def validate(self) -> list[Problem]:
        refused_keys = self.state.refused.keys()
        problems = [  # a field whose typed text was refused is not also "required"
            p for p in check_record(self.spec, self.record)
            if not (p.message == "required" and (p.group, p.entry_id, p.field) in refused_keys)
        ]  # fmt: skip
        refused = [
            Problem("error", g, e, f, reason)
            for (g, e, f), (_raw, reason) in self.state.refused.items()
        ]
        everything = refused + problems
        self.problems.clear()
        for problem in everything:
            label = self.spec.field(problem.group, problem.field).label
            where = self._where(problem)
            text = f"{'Error' if problem.severity == 'error' else 'Warning'}: {where}{label}: "
            item = QListWidgetItem(text + problem.message)
            item.setData(Qt.ItemDataRole.UserRole, problem)
            item.setForeground(Qt.GlobalColor.darkRed if problem.severity == "error"
                               else Qt.GlobalColor.darkYellow)  # fmt: skip
            self.problems.addItem(item)
        count = len(everything)
        self.problems_title.setText(f"Problems ({count})" if count else "No problems")
        self.shown_problems = problems
        for field_set in self.built_field_sets():
            field_set.show_problems(problems)
        entries = sum(len(self.record.entries(g.id)) for g in self.spec.groups
                      if any(f.required for f in g.fields))  # fmt: skip
        self.completeness_panel.show_completeness(completeness(self.spec, self.record), entries)
        return everything

    def _where(self, problem: Problem) -> str:
        if not problem.group:
            return ""
        group = self.spec.group(problem.group)
        ids = [e.entry_id for e in self.record.entries(problem.group)]
        number = ids.index(problem.entry_id) + 1 if problem.entry_id in ids else "?"
        return f"{group.label} #{number}, "

    def _jump(self, item: QListWidgetItem) -> None:
        problem: Problem = item.data(Qt.ItemDataRole.UserRole)
        self.focus_field(problem.group, problem.entry_id, problem.field)

    def focus_target(self, target: Target) -> None:
        self.focus_field(target.group, target.entry_id, target.field)

    def focus_field(self, group_id: str, entry_id: int, field_id: str) -> None:
        """Show and focus a field; with field_id "", a group's table (its Add button when
        it has no entry)."""
        for index, tab in enumerate(self.form_tabs):
            if group_id and tab.holds(group_id, field_id):
                self.tabs.setCurrentIndex(index)
                group = tab.groups[group_id]
                if entry_id:
                    group.select_entry(entry_id)
                if field_id:
                    editor = group.fields.editors[field_id]
                    tab.ensureWidgetVisible(editor)
                    editor.focus_input()
                    return
                widget = group.table if group.entries else group.add_button
                tab.ensureWidgetVisible(widget)
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            if not group_id and tab.holds("", field_id):
                self.tabs.setCurrentIndex(index)
                editor = tab.case_fields.editors[field_id]
                tab.ensureWidgetVisible(editor)
                editor.focus_input()
                return

    def show_field_message(self, field_id: str, text: str) -> None:
        """An error beside a field of the case (it goes when the field is next applied)."""
        for tab in self.form_tabs:
            if tab.holds("", field_id) and tab.case_fields:  # built to show it
                tab.case_fields.editors[field_id].show_message(text, "error")

    def go_to_next_missing(self) -> None:
        """F8: the next required field left empty after the focused one, wrapping round."""
        if not self.isVisible():
            return
        here = self._focused_target()
        found = completeness(self.spec, self.record)
        target = next_missing(self.spec, self.record, here, found)
        if target is not None:
            self.focus_target(target)
        else:
            self.status.emit("No required field is missing.")

    def _focused_target(self) -> Target | None:
        """Where the focus is, applying what is typed there first (F8 leaves no field with
        its text unapplied); None when the focus is outside the fields and groups."""
        from desktop_app.ui.field_editors import FieldEditor
        from desktop_app.ui.field_set import FieldSet
        from desktop_app.ui.group_editor import GroupEditor

        widget = QApplication.focusWidget()
        editor: FieldEditor | None = None
        while widget is not None and widget is not self:
            if isinstance(widget, FieldEditor) and editor is None:
                editor = widget
            elif isinstance(widget, FieldSet) and editor is not None:
                widget.apply(editor)
                return Target(widget.scope[0], widget.scope[1], editor.field.id)
            elif isinstance(widget, GroupEditor):
                return Target(widget.group.id, widget.current_entry or 0, "")
            widget = widget.parentWidget()
        return None
