"""One tab of the open case: a form of the specification, its case-level fields, then its
repeating groups, built when it is first shown (or first asked for) rather than with the
window: the start builds one tab's editors instead of every tab's ~185 (issue 13).

Until a tab is built the record alone holds its values (nothing can have been typed there),
so saving, completeness and validation read the record, as they do for every tab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QScrollArea, QTabWidget, QVBoxLayout, QWidget

from desktop_app.spec.model import FormSpec
from desktop_app.ui.edit_state import EditState

if TYPE_CHECKING:  # imported when the first tab is built (build), not at the start
    from desktop_app.ui.field_set import FieldSet
    from desktop_app.ui.group_editor import GroupEditor


class AppliedRelay(QObject):
    """Stands for an unbuilt tab's field sets: their `applied`, once they exist, is relayed
    here, so that a connection made before the tab is built still hears them."""

    applied = Signal()


class FormTab(QScrollArea):
    """One form of the specification: its case-level fields, then its repeating groups."""

    def __init__(
        self,
        state: EditState,
        form: FormSpec,
        on_built: Callable[[FormTab], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.form = form
        self.on_built = on_built
        self.relay = AppliedRelay(self)
        self.is_built = False
        self._case_fields: FieldSet | None = None
        self._groups: dict[str, GroupEditor] = {}
        self.setObjectName(f"tab_{form.id}")
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the tabs to the first field

    def build(self) -> None:
        """Make the tab's editors (once), bound to the open record by `on_built`."""
        if self.is_built:
            return
        self.is_built = True
        from desktop_app.ui.field_set import FieldSet
        from desktop_app.ui.group_editor import GroupEditor

        body = QWidget(self)
        layout = QVBoxLayout(body)
        form = self.form
        self._case_fields = FieldSet(self.state, form.fields, body) if form.fields else None
        if self._case_fields:
            layout.addWidget(self._case_fields)
        self._groups = {g.id: GroupEditor(self.state, g, body) for g in form.groups}
        for editor in self._groups.values():
            layout.addWidget(editor)
        layout.addStretch(1)
        self.setWidget(body)
        self._chain_after_tab_bar(body)
        self.on_built(self)
        for field_set in self.built_field_sets():
            field_set.applied.connect(self.relay.applied)

    def _chain_after_tab_bar(self, body: QWidget) -> None:
        """Tab goes from the tab bar into this tab's fields, as when every tab was built
        with the window: widgets made later stand last in the window's focus chain."""
        widget: QWidget | None = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        if widget is None:
            return
        chain, after = [], body.nextInFocusChain()
        while after is not body and body.isAncestorOf(after):
            if after.focusPolicy() & Qt.FocusPolicy.TabFocus:  # Qt leaves the others be
                chain.append(after)
            after = after.nextInFocusChain()
        before: QWidget = widget.tabBar()
        for item in chain:
            QWidget.setTabOrder(before, item)
            before = item

    def sizeHint(self) -> QSize:
        """Before it is built, what a built tab asks for (Qt bounds a scroll area's hint
        there, and every form is larger), so that the window is laid out as it will be."""
        if self.is_built:
            return super().sizeHint()
        height = self.fontMetrics().height()
        return QSize(36 * height, 24 * height)

    def showEvent(self, event: QShowEvent) -> None:
        self.build()
        super().showEvent(event)

    @property
    def case_fields(self) -> FieldSet | None:
        self.build()
        return self._case_fields

    @property
    def groups(self) -> dict[str, GroupEditor]:
        self.build()
        return self._groups

    def built_field_sets(self) -> list[FieldSet]:
        """The field sets of the tab, none while it is not built."""
        own = [self._case_fields] if self._case_fields else []
        return own + [g.fields for g in self._groups.values()]

    def field_sets(self) -> list[FieldSet] | list[AppliedRelay]:
        """The field sets of the tab; while it is not built, the relay of their `applied`
        (a connection made at start-up, such as the window's keeping of drafts, holds)."""
        return self.built_field_sets() if self.is_built else [self.relay]

    def holds(self, group_id: str, field_id: str) -> bool:
        """Whether the field (of the case with group_id "", else of that group; any of the
        group with field_id "") is on this tab, built or not."""
        if group_id:
            return any(g.id == group_id for g in self.form.groups)
        return any(f.id == field_id for f in self.form.fields)
