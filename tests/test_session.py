"""The open case without a window (desktop_app/session.py): saving with a reason, a
conflict, a taken number, a possible duplicate, drafts after a crash, status and removal.
The registrar's answers come from a `Prompts` double; no QApplication is made."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.drafts import Draft, DraftStore
from desktop_app.merge import Change
from desktop_app.record import CaseRecord
from desktop_app.session import (
    REASON_NEEDED,
    Cancelled,
    CaseSession,
    Conflict,
    Merged,
    NeedsReason,
    NotComplete,
    NumberTaken,
    PossibleDuplicate,
    Refused,
    Saved,
)
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.duplicates import Duplicate


class Answers:
    """The registrar, scripted: each question takes the next answer of its kind."""

    def __init__(
        self,
        reasons: tuple[str | None, ...] = (),
        duplicate: bool = False,
        keep: tuple[str, ...] | None = None,
        draft: bool = False,
    ) -> None:
        self.reasons = list(reasons)
        self.duplicate, self.keep, self.draft = duplicate, keep, draft
        self.asked: list[str] = []

    def ask_reason(self, title: str, question: str) -> str | None:
        self.asked.append(question)
        return self.reasons.pop(0)

    def confirm_duplicate(self, matches: list[Duplicate]) -> bool:
        self.asked.extend(f"duplicate {m.case_number}: {m.reason}" for m in matches)
        return self.duplicate

    def resolve_conflict(self, changes: list[Change]) -> list[Change] | None:
        self.asked.extend(f"conflict {c.key[2]}" for c in changes)
        if self.keep is None:
            return None
        return [c for c in changes if c.i_changed and c.key[2] in self.keep]

    def offer_draft(self, draft: Draft, new_case: bool) -> bool:
        self.asked.append(f"draft {draft.key} new={new_case}")
        return self.draft


@pytest.fixture
def drafts(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


@pytest.fixture
def session(sqlite_store: CaseStore, drafts: DraftStore) -> CaseSession:
    return CaseSession(sqlite_store, drafts, user="A. Registrar")


@pytest.fixture
def other(db_path: Path, spec: Spec, drafts: DraftStore) -> Iterator[CaseSession]:
    """A second workstation on the same database (its own store)."""
    store = CaseStore.open(db_path, spec)
    yield CaseSession(store, drafts, user="B. Colleague")
    store.close()


def _seeded(session: CaseSession, **values: str) -> int:
    # A final diagnosis, so that the case may be marked complete (issue 11).
    record = session.store.save(
        CaseRecord(values={"case_number": "S-1", "diagnosis": "8890/3", **values})
    )
    assert record.case_id is not None
    return record.case_id


def test_a_case_without_a_diagnosis_is_not_complete_and_nothing_is_saved(
    session: CaseSession,
) -> None:
    record = session.store.save(CaseRecord(values={"case_number": "S-2", "title": "t"}))
    assert record.case_id is not None
    session.open(record.case_id, Answers())
    outcome = session.toggle_complete(Answers())
    assert isinstance(outcome, NotComplete) and outcome.blocker.target.field == "diagnosis"
    assert session.record.status == "draft"
    assert session.store.load(record.case_id).status == "draft"


def test_the_session_module_does_not_import_qt() -> None:
    code = "import sys, desktop_app.session; print(any('PySide6' in m for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_a_new_case_is_saved_and_its_draft_goes(session: CaseSession) -> None:
    session.new()
    session.record.values.update(case_number="N-1", title="first")
    session.keep_draft()
    assert session.drafts.pending() != []
    outcome = session.save()
    assert isinstance(outcome, Saved)
    assert session.store.load(session.store.find("N-1") or 0).values["title"] == "first"
    assert session.drafts.pending() == []
    assert session.base.values["title"] == "first"  # the base is now the stored version


def test_a_complete_case_asks_a_reason_again_when_blank_and_cancel_keeps_the_edit(
    session: CaseSession,
) -> None:
    case_id = _seeded(session, title="t0")
    session.open(case_id, Answers())
    assert isinstance(session.toggle_complete(Answers()), Saved)
    session.record.values["title"] = "t1"
    assert isinstance(session.save(), NeedsReason)  # one attempt, nothing asked
    answers = Answers(reasons=("", "  ", "pathology revised"))
    assert isinstance(session.save_asking(answers), Saved)
    assert len(answers.asked) == 3 and REASON_NEEDED in answers.asked[1]
    trail = [e for e in session.store.audit_trail(case_id) if e["new_value"] == "t1"]
    assert trail[0]["reason"] == "pathology revised"
    session.record.values["title"] = "t2"
    assert isinstance(session.save_asking(Answers(reasons=(None,))), Cancelled)
    assert session.record.values["title"] == "t2"
    assert session.store.load(case_id).values["title"] == "t1"


def test_a_taken_case_number_is_refused_before_anything_is_written(
    session: CaseSession,
) -> None:
    _seeded(session)
    session.new()
    session.record.values.update(case_number="S-1", title="another")
    outcome = session.save_asking(Answers())
    assert outcome == NumberTaken("S-1", "case_number")
    assert [c.title for c in session.store.list_cases()] == [""]


def test_a_possible_duplicate_is_confirmed_or_not_saved(session: CaseSession) -> None:
    _seeded(session, medical_record_number="H 4471")
    session.new()
    session.record.values.update(case_number="S-2", medical_record_number="h4471")
    outcome = session.save()
    assert isinstance(outcome, PossibleDuplicate)
    assert [m.case_number for m in outcome.matches] == ["S-1"]
    no = Answers(duplicate=False)
    assert isinstance(session.save_asking(no), Cancelled)
    assert no.asked == ["duplicate S-1: the same record number"]
    assert session.store.find("S-2") is None
    assert isinstance(session.save_asking(Answers(duplicate=True)), Saved)
    assert session.store.find("S-2") is not None


def test_a_conflict_shows_both_changes_and_reapplies_the_chosen_ones(
    session: CaseSession, other: CaseSession
) -> None:
    case_id = _seeded(session, title="base", institution="Ward 1")
    session.open(case_id, Answers())
    other.open(case_id, Answers())
    other.record.values["title"] = "their title"
    assert isinstance(other.save(), Saved)
    session.record.values.update(title="my title", institution="Ward 2")
    outcome = session.save()
    assert isinstance(outcome, Conflict)
    by_field = {c.key[2]: (c.base, c.theirs, c.mine) for c in outcome.changes}
    assert by_field["title"] == ("base", "their title", "my title")
    assert by_field["institution"] == ("Ward 1", "Ward 1", "Ward 2")
    assert isinstance(session.save_asking(Answers(keep=None)), Conflict)  # stopped: nothing
    merged = session.save_asking(Answers(keep=("institution",)))
    assert isinstance(merged, Merged)
    assert isinstance(session.save(), Saved)
    stored = session.store.load(case_id).values
    assert (stored["title"], stored["institution"]) == ("their title", "Ward 2")


def test_a_draft_left_by_a_crash_is_offered_back_or_thrown_away(
    session: CaseSession, other: CaseSession
) -> None:
    case_id = _seeded(session)
    session.open(case_id, Answers())
    session.record.values["title"] = "typed before the crash"
    session.keep_draft()  # then the process dies
    taken = Answers(draft=True)
    assert other.open(case_id, taken)
    assert taken.asked == [f"draft case-{case_id} new=False"]
    assert other.record.values["title"] == "typed before the crash"
    assert "title" not in other.base.values  # the base is the stored version
    assert not other.open(case_id, Answers(draft=False))
    assert other.record.values.get("title") is None
    assert other.drafts.pending() == []


def test_a_new_case_never_saved_is_offered_at_start_up(
    session: CaseSession, other: CaseSession
) -> None:
    session.new()
    session.record.values["title"] = "never saved"
    session.keep_draft()
    assert other.offer_new_case_draft(Answers(draft=True))
    assert other.record.values["title"] == "never saved"
    other.record.values["case_number"] = "N-9"
    assert isinstance(other.save(), Saved)
    assert other.drafts.pending() == []


def test_marking_complete_that_is_not_saved_leaves_the_status(session: CaseSession) -> None:
    case_id = _seeded(session)
    session.open(case_id, Answers())
    assert isinstance(session.toggle_complete(Answers()), Saved)
    assert session.store.load(case_id).status == "complete"
    # Reopening a complete case is a change: it needs a reason; cancelled, nothing moves.
    assert isinstance(session.toggle_complete(Answers(reasons=(None,))), Cancelled)
    assert session.record.status == "complete"
    assert isinstance(session.toggle_complete(Answers(reasons=("more to add",))), Saved)
    assert session.store.load(case_id).status == "draft"


def test_removal_and_restoring_need_a_reason(session: CaseSession) -> None:
    case_id = _seeded(session)
    session.open(case_id, Answers())
    assert not session.remove(Answers(reasons=(None,)))
    assert [c.case_id for c in session.store.list_cases()] == [case_id]
    assert session.remove(Answers(reasons=("entered twice",)))
    assert session.store.list_cases() == [] and not session.is_open
    assert session.restore(case_id, Answers(reasons=("it was not a double",)))
    assert [c.case_id for c in session.store.list_cases()] == [case_id]


def test_a_write_failure_is_refused_with_the_reason_and_the_record_kept(
    session: CaseSession,
) -> None:
    from sqlalchemy import event

    case_id = _seeded(session)
    session.open(case_id, Answers())
    engine = session.store.engine
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    event.listen(engine, "connect",
                 lambda dbapi, _r: dbapi.execute(f"PRAGMA max_page_count={pages}"))  # fmt: skip
    engine.dispose()
    long_text = "history " * 30_000
    session.record.values["presenting_complaint"] = long_text
    outcome = session.save_asking(Answers())
    assert isinstance(outcome, Refused) and "disk is full" in outcome.problems[0]
    assert session.record.values["presenting_complaint"] == long_text


def test_the_references_to_an_entry_are_named_and_emptied_with_it(spec: Spec) -> None:
    from desktop_app.demo import demo_records
    from desktop_app.session import references_to, remove_entry

    record = next(r for r in demo_records() if r.values["case_number"] == "DEMO-003")
    specimen = record.entries("specimen")[0].entry_id
    found = references_to(spec, record, "specimen", specimen)
    # DEMO-003's seed: three IHC markers on the axillary core biopsies.
    assert [r.text for r in found] == [f"Marker {n} › Specimen" for n in (1, 2, 3)]
    assert references_to(spec, record, "specimen", record.entries("specimen")[1].entry_id) == []
    remove_entry(record, "specimen", specimen, found)
    assert [e.entry_id for e in record.entries("specimen")] != [] and all(
        "specimen" not in e.values for e in record.entries("ihc_result")
    )
