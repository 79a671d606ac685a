"""What a de-identified REDCap or ODM export carries of the audit: the when of each save, and
nothing that names a person. The audit trail of a PostgreSQL store holds, beside the app's
user name, the login the server saw (`server_login`) and the workstation's account
(`os_user`), and every old value (a patient's former name); none of it may leave in a
de-identified interchange file, nor even be handed to the writer.

The planted strings are chosen so that they can appear in a file only by leaking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import parse, run_command
from desktop_app.demo import write_demo
from desktop_app.exchange import odm
from desktop_app.spec import Spec
from desktop_app.store import CaseStore

LOGIN = "login_zq_4471"
OS_USER = "osacct_zq_5582"
USER = "registrar_zq_6693"
REASON = "reason_zq_7704"
FORMER_NAME = "Formername Zebulonqx"
NEW_NAME = "Zebulon Quartermaine"
MRN = "7788123"
LEAKS = (LOGIN, OS_USER, USER, REASON, "Zebulonqx", "Quartermaine", MRN)
# The keys of an audit event that name a person or hold a value as it was before.
PERSONAL_KEYS = {"server_login", "os_user", "old_value", "new_value"}


@pytest.fixture
def db(db_path: Path, spec: Spec, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo cases, one of them with identifiers typed and then corrected, and an audit
    trail as PostgreSQL gives it: each event with the login the server saw."""
    store = CaseStore.open(db_path, spec)
    try:
        write_demo(store)
        record = store.load(store.list_cases()[0].case_id)
        record.values.update(patient_name=FORMER_NAME, medical_record_number=MRN)
        record = store.save(record, user=USER, reason=REASON)
        record.values.update(patient_name=NEW_NAME)
        store.save(record, user=USER, reason=REASON)
    finally:
        store.close()
    real = CaseStore.audit_trail

    def as_on_postgresql(self: CaseStore, case_id: int) -> list[dict[str, Any]]:
        return [dict(e, server_login=LOGIN, os_user=OS_USER) for e in real(self, case_id)]

    monkeypatch.setattr(CaseStore, "audit_trail", as_on_postgresql)
    return db_path


def _export(db: Path, fmt: str, out: Path, *more: str) -> str:
    assert run_command(parse(["export", "--format", fmt, "-o", str(out), "--db", str(db),
                              *more])) == 0  # fmt: skip
    return out.read_text(encoding="utf-8")


def test_deidentified_odm_hands_the_writer_no_login_and_writes_no_person(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed: list[dict[str, Any]] = []
    real_build = odm.build

    def spying(spec: Spec, cases: Any, deidentified: bool = False) -> Any:
        def seen() -> Any:
            for record, trail in cases:
                handed.extend(trail)
                yield record, trail

        return real_build(spec, seen(), deidentified)

    monkeypatch.setattr(odm, "build", spying)
    text = _export(db, "odm", tmp_path / "deid.xml")
    assert handed, "the audit trail reached the writer"
    assert all(not (PERSONAL_KEYS & e.keys()) for e in handed), handed[0]
    assert all(not e.get("user_name") and not e.get("reason") for e in handed)
    for leak in LEAKS:
        assert leak not in text, leak
    assert "<DateTimeStamp>" in text  # the when of each save stays
    assert "LoginName" not in text


def test_deidentified_odm_writer_names_no_user_even_when_given_one(
    db: Path, spec: Spec, tmp_path: Path
) -> None:
    """The writer itself keeps a de-identified file free of who and why, whatever its
    caller passes (a new caller that forgets to blank them)."""
    store = CaseStore.open(db, spec)
    try:
        cases = [(store.load(c.case_id), store.audit_trail(c.case_id))
                 for c in store.list_cases()]  # fmt: skip
    finally:
        store.close()
    path = tmp_path / "direct.xml"
    odm.write_odm(spec, cases, path, deidentified=True)
    text = path.read_text(encoding="utf-8")
    for leak in LEAKS:
        assert leak not in text, leak
    assert "<DateTimeStamp>" in text


def test_deidentified_redcap_holds_no_person(db: Path, tmp_path: Path) -> None:
    text = _export(db, "redcap", tmp_path / "deid.csv")
    for leak in LEAKS:
        assert leak not in text, leak


def test_identified_odm_keeps_the_user_but_not_the_server_login(db: Path, tmp_path: Path) -> None:
    """An identified file names the registrar who saved (as before); the server's login and
    the workstation account are not in ODM's audit record at all."""
    text = _export(db, "odm", tmp_path / "identified.xml", "--identified")
    assert f"<LoginName>{USER}</LoginName>" in text
    assert REASON in text and NEW_NAME in text
    assert LOGIN not in text and OS_USER not in text


def test_the_command_line_offers_every_format_the_exchange_writes() -> None:
    from desktop_app.cli_exchange import EXPORT_FORMATS
    from desktop_app.exchange import FORMATS

    assert set(EXPORT_FORMATS) == set(FORMATS)
