"""Whatever part of the board PDF asks for a field that identifies the patient, a
de-identified summary gives it nothing (issue 16: the mutant that let a phi field through
`CaseView.printable` survived every test, because no section happens to print one today)."""

from __future__ import annotations

from desktop_app.record import CaseRecord
from desktop_app.report.view import CaseView
from desktop_app.spec import Spec

PLANTED = {"text": "Quartermaine", "longtext": "Quartermaine", "date": "1961-07-14",
           "integer": "7788123", "decimal": "7788123"}  # fmt: skip


def test_no_identifying_field_prints_in_a_de_identified_summary(spec: Spec) -> None:
    phi = [f for f in spec.case_fields if f.phi and f.type in PLANTED]
    assert len(phi) >= 3  # name, record number, date of birth, address …
    record = CaseRecord(values={f.id: PLANTED[f.type] for f in phi})
    hidden, shown = CaseView(spec, record), CaseView(spec, record, identified=True)
    for f in phi:
        assert not hidden.printable(f, record.values), f.id
        assert hidden.text(f, record.values) == "", f.id
        assert shown.printable(f, record.values), f.id
        assert shown.text(f, record.values) != "", f.id
