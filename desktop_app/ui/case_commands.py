"""The open case's commands, in Qt: open, new, save (and what a save came to), drafts, status,
removal, restore and history. The work is the Qt-free CaseSession's; this room turns its
outcomes into what the registrar sees — the editor, a message beside a field, a dialog, the
status line — and asks its questions through `Prompts`.

It is given the session, the editor, the store, the prompts in use and a `CaseView`: the
little it needs of the window (which page shows, the case list, the status line).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.session import (
    Cancelled,
    CaseSession,
    Conflict,
    Merged,
    NotComplete,
    NumberTaken,
    Outcome,
    Prompts,
    Refused,
    Saved,
)
from desktop_app.store import CaseStore, StoreError
from desktop_app.ui import case_actions
from desktop_app.ui.case_editor import CaseEditor


class CaseView(Protocol):
    """Where the open case shows (the main window)."""

    def case_is_open(self) -> bool: ...  # the editor is shown, not the placeholder

    def show_editor(self) -> None: ...

    def show_placeholder(self) -> None: ...

    def refresh_list(self, select: int | None = None) -> None: ...

    def select_in_list(self, case_id: int | None) -> None: ...  # None: nothing selected

    def in_list(self, case_id: int) -> bool: ...  # the search, filters and cohort let it in

    def say(self, text: str, milliseconds: int = 8000) -> None: ...

    def case_changed(self) -> None: ...  # another case, or its number or state: title, actions


class CaseCommands:
    def __init__(
        self,
        session: CaseSession,
        editor: CaseEditor,
        store: CaseStore,
        prompts: Callable[[], Prompts],
        view: CaseView,
        parent: QWidget,
    ) -> None:
        self.session, self.editor, self.store = session, editor, store
        self.prompts, self.view, self.parent = prompts, view, parent

    def show_session(self, keep_view: bool = False) -> None:
        """The session's open record in the editor, which edits it in place."""
        session = self.session
        self.editor.load(session.record, base=session.base, keep_view=keep_view)
        self.editor.draft_key = session.draft_key
        self.view.show_editor()

    def case_number(self) -> str:
        return self.session.case_number()

    # ----- opening and closing -----------------------------------------------------------

    def open_case(self, case_id: int) -> None:
        try:
            restored = self.session.open(case_id, self.prompts())
        except StoreError as exc:
            QMessageBox.warning(self.parent, "Open case", str(exc))
            return
        self.show_session()
        if restored:
            self.editor.set_dirty(True)
        self.view.select_in_list(case_id)
        self.view.case_changed()

    def new_case(self) -> None:
        if not self.settle_unsaved():
            return
        self.view.select_in_list(None)
        self.session.new()
        self.show_session()
        self.editor.tabs.setCurrentIndex(0)
        self.editor.set_dirty(True)
        first = self.editor.form_tabs[0].case_fields
        if first is not None:
            next(iter(first.editors.values())).focus_input()
        self.view.case_changed()

    def close_case(self) -> None:
        self.session.close()
        self.view.show_placeholder()
        self.view.refresh_list()
        self.view.case_changed()

    def settle_unsaved(self) -> bool:
        """Ask Save / Discard / Cancel when the open case has unsaved changes.
        Returns True when it is fine to move on."""
        if not self.view.case_is_open():
            return True
        self.editor.commit()
        if not self.editor.dirty:
            return True
        answer = QMessageBox.question(
            self.parent, "Unsaved changes",
            "This case has changes that are not saved. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.session.discard_draft()
            self.editor.set_dirty(False)
            return True
        return False

    # ----- drafts ------------------------------------------------------------------------

    def keep_draft(self) -> None:
        """Write the open case's unsaved state where a crash cannot take it."""
        if self.view.case_is_open() and self.editor.dirty:
            try:
                self.session.keep_draft()
            except OSError as exc:
                self.view.say(f"The draft could not be written: {exc}")

    def keep_typed_work(self) -> None:
        """After an unexpected error: what is typed, even still in its box, kept as a draft."""
        if self.view.case_is_open():
            self.editor.commit()
        self.keep_draft()

    def set_aside_as_draft(self) -> None:
        """Before a backup replaces the file: unsaved work kept as its draft, offered again
        when the case is next opened."""
        self.keep_draft()
        if self.view.case_is_open():
            self.editor.set_dirty(False)

    def offer_new_case_drafts(self) -> None:
        """At start-up: a new case that was never saved before a crash is offered back."""
        if not self.session.offer_new_case_draft(self.prompts()):
            return
        self.show_session()
        self.editor.set_dirty(True)
        self.view.case_changed()

    # ----- saving ------------------------------------------------------------------------

    def save(self) -> bool:
        if not self.view.case_is_open():
            return True
        refused = self.editor.commit()
        if refused:
            self.editor.validate()
            lines = "\n".join(f"• {label}: {reason}" for label, reason in refused)
            QMessageBox.warning(
                self.parent, "Not saved",
                "These values cannot be stored as typed. Correct them, then save again:"
                f"\n\n{lines}",
            )  # fmt: skip
            return False
        self.keep_draft()
        return self.show_outcome(self.session.save_asking(self.prompts()))

    def show_outcome(self, outcome: Outcome) -> bool:
        """What a save came to, shown; True when it was saved."""
        if isinstance(outcome, Saved):
            self.show_session(keep_view=True)
            record = outcome.record
            self.view.refresh_list(select=record.case_id)
            problems = self.editor.validate()
            note = f" — incomplete: {len(problems)} problem(s)" if problems else ""
            if record.case_id is not None and not self.view.in_list(record.case_id):
                note += " — not in the list: the search, filters or cohort leave it out"
            self.view.say(f"Saved case {self.case_number()}{note}")
            self.view.case_changed()
            return True
        if isinstance(outcome, NumberTaken):
            self.editor.focus_field("", 0, outcome.field_id)
            self.editor.show_field_message(
                outcome.field_id, f"Case number {outcome.number} is already used by another "
                "case. Choose another number, or leave it empty to have one given."
            )  # fmt: skip
            self.view.say("Not saved: the case number is taken")
        elif isinstance(outcome, Merged):
            self.show_session()
            self.editor.set_dirty(True)
            self.keep_draft()
            self.view.say("Their version reloaded with your changes; save to keep", 0)
        elif isinstance(outcome, Refused):
            QMessageBox.warning(self.parent, "Not saved", "\n".join(outcome.problems))
        elif isinstance(outcome, NotComplete):  # issue 11: said beside the field it needs
            self.editor.show_field_message(outcome.blocker.target.field, outcome.blocker.text)
            self.editor.focus_target(outcome.blocker.target)
        elif isinstance(outcome, Conflict):
            self.view.say("Not saved: the case was changed elsewhere")
        elif isinstance(outcome, Cancelled):
            self.view.say(f"Not saved: {outcome.what}; nothing was changed")
        return False

    # ----- status, removal, history ------------------------------------------------------

    def toggle_complete(self) -> None:
        if self.editor.commit():
            return
        self.show_outcome(self.session.toggle_complete(self.prompts()))

    def remove_case(self) -> None:
        if self.session.record.case_id is None:
            return
        if self.session.remove(self.prompts()):
            self.editor.set_dirty(False)
            self.close_case()
        else:
            self.view.say("Remove case: cancelled; nothing was changed")

    def restore_removed(self) -> None:
        case_id = case_actions.choose_removed_case(self.store, self.parent)
        if case_id is None:
            return
        if not self.session.restore(case_id, self.prompts()):
            self.view.say("Restore case: cancelled; nothing was changed")
            return
        self.view.refresh_list(select=case_id)
        self.open_case(case_id)

    def show_history(self) -> None:
        case_id = self.session.record.case_id
        if case_id is not None:
            case_actions.show_history(self.store, case_id, self.case_number(), self.parent)
