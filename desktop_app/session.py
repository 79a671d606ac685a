"""The open case, without Qt: the record being edited, the stored version it started from,
its draft, and what saving, marking complete, removing and restoring do with the store.

Saving returns an outcome instead of opening dialogs (`Saved`, `NeedsReason`,
`Conflict`, `NumberTaken`, `PossibleDuplicate`, `Refused`); the `*_asking` methods settle
the outcomes that need the registrar through a `Prompts` object, which the window
implements with dialogs and tests implement with answers.

    session = CaseSession(store, drafts, user="A. Registrar")
    session.open(case_id, prompts)
    session.record.values["title"] = "…"
    outcome = session.save_asking(prompts)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from desktop_app.drafts import Draft, DraftStore, draft_key, keep_after_failed_save
from desktop_app.logs import case_reference, log
from desktop_app.merge import Change, compare, reapply
from desktop_app.record import CaseRecord
from desktop_app.rules.completeness import Missing, completion_blockers
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, ConflictError, ReasonRequired, StoreError
from desktop_app.store.duplicates import Duplicate, duplicate_keys, find_duplicates

REASON_NEEDED = "A reason is needed: a few words, or Cancel."


@dataclass(frozen=True)
class Saved:
    record: CaseRecord


@dataclass(frozen=True)
class NeedsReason:
    """The case is complete: a change needs the registrar's reason."""


@dataclass(frozen=True)
class Conflict:
    """Someone else saved the case since it was opened."""

    changes: list[Change]
    theirs: CaseRecord


@dataclass(frozen=True)
class Merged:
    """Their version with the registrar's chosen changes re-applied: not saved yet."""

    record: CaseRecord


@dataclass(frozen=True)
class NumberTaken:
    number: str
    field_id: str


@dataclass(frozen=True)
class PossibleDuplicate:
    matches: list[Duplicate]


@dataclass(frozen=True)
class Refused:
    problems: list[str]


@dataclass(frozen=True)
class NotComplete:
    """The case cannot be marked complete yet: what is missing, and where."""

    blocker: Missing


@dataclass(frozen=True)
class Cancelled:
    """The registrar said no (to a reason, a duplicate, a conflict): nothing was stored."""

    what: str


Outcome = (
    Saved
    | NeedsReason
    | Conflict
    | Merged
    | NumberTaken
    | PossibleDuplicate
    | Refused
    | NotComplete
    | Cancelled
)


class Prompts(Protocol):
    """What the open case asks the registrar."""

    def ask_reason(self, title: str, question: str) -> str | None:
        """A reason in the registrar's words; None when cancelled."""
        ...

    def confirm_duplicate(self, matches: list[Duplicate]) -> bool:
        """True: save although another case may be the same patient or tumour."""
        ...

    def resolve_conflict(self, changes: list[Change]) -> list[Change] | None:
        """The registrar's changes to re-apply on their version; None to stop."""
        ...

    def offer_draft(self, draft: Draft, new_case: bool) -> bool:
        """True: bring back the unsaved changes found after a crash."""
        ...


@dataclass
class CaseSession:
    store: CaseStore
    drafts: DraftStore
    user: str = ""
    record: CaseRecord = field(default_factory=CaseRecord)
    base: CaseRecord = field(default_factory=CaseRecord)
    draft_key: str = ""
    is_open: bool = False

    def __post_init__(self) -> None:
        self.draft_key = self.draft_key or draft_key(self.record)

    # ----- which case is open --------------------------------------------------------

    def show(self, record: CaseRecord, base: CaseRecord | None = None,
             key: str | None = None) -> None:  # fmt: skip
        """Make `record` the open case; `base` is the stored version it started from."""
        self.record = record
        self.base = (base if base is not None else record).copy()
        self.draft_key = key or draft_key(record)
        self.is_open = True

    def new(self) -> CaseRecord:
        self.show(CaseRecord())
        return self.record

    def close(self) -> None:
        self.is_open = False

    def open(self, case_id: int, prompts: Prompts) -> bool:
        """Open a stored case; its draft left by a crash is offered back. True when the
        draft was taken (the case then has unsaved changes). StoreError when unreadable."""
        stored = self.store.load(case_id)
        self.show(stored)
        draft = self.drafts.load(self.draft_key)
        if draft is None or draft.record.same_content(stored):
            return False
        if prompts.offer_draft(draft, new_case=False):
            self.show(draft.record, base=stored)
            return True
        self.drafts.discard(draft.key)
        return False

    def offer_new_case_draft(self, prompts: Prompts) -> bool:
        """At start-up: the newest new case never saved before a crash, when wanted back."""
        pending = [d for d in self.drafts.pending() if d.key.startswith("new-")]
        if not pending:
            return False
        draft = pending[-1]
        if not prompts.offer_draft(draft, new_case=True):
            self.drafts.discard(draft.key)
            return False
        self.show(draft.record, key=draft.key)
        return True

    def keep_draft(self) -> None:
        """Write the unsaved state where a crash cannot take it (OSError when it cannot)."""
        self.drafts.save(self.draft_key, self.record)

    def discard_draft(self) -> None:
        self.drafts.discard(self.draft_key)

    def case_number(self) -> str:
        number = self.store.spec.summary_field("case_number")
        return self.record.values.get(number.id, "") if number else ""

    # ----- saving --------------------------------------------------------------------

    def save(self, reason: str = "", allow_duplicate: bool = False) -> Outcome:
        """One attempt; nothing is asked. The record stays as typed unless it is Saved."""
        taken = self._number_taken()
        if taken is not None:
            return taken
        if not allow_duplicate:
            matches = self._duplicates()
            if matches:
                return PossibleDuplicate(matches)
        record = self.record
        try:
            saved = self.store.save(record, user=self.user, reason=reason)
        except ReasonRequired:
            return NeedsReason()
        except ConflictError:
            assert record.case_id is not None
            theirs = self.store.load(record.case_id)
            return Conflict(compare(self.base, theirs, record), theirs)
        except StoreError as exc:
            log.warning("case not saved: %s: %s", case_reference(self.store.spec, record),
                        type(exc).__name__)  # fmt: skip
            # Where the edits truly are: a draft written now, or why none could be.
            kept = keep_after_failed_save(self.drafts, self.draft_key, record)
            return Refused([str(exc), "", kept])
        log.info("case saved: %s", case_reference(self.store.spec, saved))
        self.drafts.discard(self.draft_key)
        self.show(saved)
        return Saved(saved)

    def save_asking(self, prompts: Prompts) -> Outcome:
        """Save, asking for a reason, a duplicate's confirmation or a conflict's resolution
        as needed. A conflict resolved gives `Merged`: their version with the registrar's
        changes, to look at and save again."""
        reason, allow_duplicate = "", False
        while True:
            outcome = self.save(reason, allow_duplicate)
            if isinstance(outcome, NeedsReason):
                answer = self.ask_reason(prompts, "Reason for the change",
                                         "This case is complete. Why is it changed?")  # fmt: skip
                if answer is None:
                    return Cancelled("the reason was cancelled")
                reason = answer
            elif isinstance(outcome, PossibleDuplicate):
                if not prompts.confirm_duplicate(outcome.matches):
                    return Cancelled("possible duplicate")
                allow_duplicate = True
            elif isinstance(outcome, Conflict):
                chosen = prompts.resolve_conflict(outcome.changes)
                if chosen is None:
                    return outcome
                merged = reapply(outcome.theirs, self.record, chosen)
                self.show(merged, base=outcome.theirs, key=self.draft_key)
                return Merged(merged)
            else:
                return outcome

    @staticmethod
    def ask_reason(prompts: Prompts, title: str, question: str) -> str | None:
        """A reason that is not blank: asked again, saying why, when left empty."""
        prompt = question
        while True:
            answer = prompts.ask_reason(title, prompt)
            if answer is None:
                return None
            if answer.strip():
                return answer.strip()
            prompt = f"{question}\n\n{REASON_NEEDED}"

    def _number_taken(self) -> NumberTaken | None:
        field_spec = self.store.spec.summary_field("case_number")
        number = self.case_number().strip()
        if field_spec is None or not number:
            return None
        other = self.store.find(number)
        if other is None or other == self.record.case_id:
            return None
        return NumberTaken(number, field_spec.id)

    def _duplicates(self) -> list[Duplicate]:
        spec, record = self.store.spec, self.record
        keys = duplicate_keys(spec, record)
        if not keys or (record.case_id is not None and keys == duplicate_keys(spec, self.base)):
            return []
        return find_duplicates(self.store.engine, spec, record)

    # ----- status, removal -----------------------------------------------------------

    def toggle_complete(self, prompts: Prompts) -> Outcome:
        """Complete ↔ draft, saved at once; the status goes back when it is not saved.
        A case is complete only with a diagnosis (or "not stated"): NotComplete says
        which field needs what, before anything is saved."""
        before = self.record.status
        blockers = completion_blockers(self.store.spec, self.record) if before == "draft" else ()
        if blockers:
            return NotComplete(blockers[0])
        self.record.status = "draft" if before == "complete" else "complete"
        outcome = self.save_asking(prompts)
        if not isinstance(outcome, Saved):
            self.record.status = before
        return outcome

    def remove(self, prompts: Prompts) -> bool:
        """Hide the open case from the list, with a reason; it can be restored."""
        case_id = self.record.case_id
        if case_id is None:
            return False
        reason = self.ask_reason(prompts, "Remove case", "Why is this case being removed? "
                                 "It is hidden from the list and can be restored.")  # fmt: skip
        if reason is None:
            return False
        self.store.set_removed(case_id, True, reason, user=self.user)
        self.discard_draft()
        self.close()
        return True

    def restore(self, case_id: int, prompts: Prompts) -> bool:
        reason = self.ask_reason(prompts, "Restore case", "Why is this case being restored?")
        if reason is None:
            return False
        self.store.set_removed(case_id, False, reason, user=self.user)
        return True


# ----- entries that others point to ------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """An entry's ref field pointing at another entry: "IHC result 2 › Specimen"."""

    group_id: str
    entry_id: int
    field_id: str
    text: str


def references_to(spec: Spec, record: CaseRecord, group_id: str, entry_id: int) -> list[Reference]:
    """Every ref field (of the case or of an entry) that points at this entry, named the way
    the registrar sees it: the group's entry, its place in the table, the field."""
    found: list[Reference] = []
    target = str(entry_id)
    for field_spec in spec.case_fields:
        if field_spec.ref == group_id and record.values.get(field_spec.id) == target:
            found.append(Reference("", 0, field_spec.id, field_spec.label))
    for group in spec.groups:
        refs = [f for f in group.fields if f.type == "ref" and f.ref == group_id]
        noun = (group.entry_name or group.label).capitalize()
        for number, entry in enumerate(record.entries(group.id), start=1):
            for field_spec in refs:
                if entry.values.get(field_spec.id) == target:
                    text = f"{noun} {number} › {field_spec.label}"
                    found.append(Reference(group.id, entry.entry_id, field_spec.id, text))
    return found


def remove_entry(record: CaseRecord, group_id: str, entry_id: int,
                 references: list[Reference]) -> None:  # fmt: skip
    """Take the entry away, and empty the references to it (none is left pointing at
    nothing, which the PDF could only print as a number)."""
    record.remove_entry(group_id, entry_id)
    for ref in references:
        values = record.values if not ref.group_id else (
            record.entry(ref.group_id, ref.entry_id).values
        )  # fmt: skip
        values.pop(ref.field_id, None)
