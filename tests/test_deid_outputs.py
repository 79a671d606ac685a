"""Issue 12's proof: the default PDF and every de-identified export of a case whose
identifiers are repeated in every free-text field, in several spellings, hold none of them;
and issue 16's de-identification survivors, each killed by what a registrar would notice.

The identifiers and their spellings are written here, from the case this test makes, not
taken from the code under test."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.exchange import Deidentifier, export_records
from desktop_app.exchange.deidentify import REMOVED
from desktop_app.exchange.samples import sample_case
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from tests.test_exchange_deidentify import FORMATS, exported_text

NAME = "Harriet Okafor-Ng"
MRN = "7788-123"
DOB = "1961-07-14"
ADDRESS = "12 Elm Street\nSpringfield MA 01103\nTel 5550 1234\nharriet.okafor@example.com"
INDEX = "2015-05-10"
# Every spelling planted in the free text, and none of which may come out.
PLANTED = (
    "Should Mrs Okafor-Ng (MRN 7788123) have surgery? Harriet, born 14.7.61 (14 July 1961, "
    "July 14, 1961, 14-07-1961), record 7788-123, lives at 12 Elm Street, Springfield MA "
    "01103; phone 5550 1234 or 55501234; harriet.okafor@example.com. OKAFOR seen by Dr "
    "Ng on 10 Nov 2015. Tumour 120 mm, Ki-67 12%."
)
SHORT = "Mrs Okafor-Ng 7788123 14.7.61"
FORBIDDEN_TEXT = (
    "Okafor", "Harriet", "7788123", "7788-123", "14.7.61", "14 July 1961", "July 14, 1961",
    "14-07-1961", "1961-07-14", "Elm Street", "Springfield", "01103", "5550 1234", "55501234",
    "harriet.okafor@example.com", "10 Nov 2015", "2015-11-10",
)  # fmt: skip
FORBIDDEN_WORDS = ("Ng",)  # a two-letter surname: as a word of its own
CLINICAL = ("120 mm", "Ki-67 12%")


def phi_field(spec: Spec, kind: str) -> str:
    """The phi field of the case that holds `kind` (found by type and role in the spec)."""
    phi = [f for f in spec.case_fields if f.phi]
    if kind == "date":
        return next(f.id for f in phi if f.type == "date")
    if kind == "record_number":
        return next(f.id for f in phi if f.role == "record_number")
    if kind == "name":
        return next(f.id for f in phi if f.type == "text" and f.role != "record_number")
    return next(f.id for f in phi if f.type == "longtext")


def planted_case(spec: Spec) -> CaseRecord:
    record = sample_case(spec, 4, entries=1)
    record.values[phi_field(spec, "name")] = NAME
    record.values[phi_field(spec, "record_number")] = MRN
    record.values[phi_field(spec, "date")] = DOB
    record.values[phi_field(spec, "address")] = ADDRESS
    index = spec.role_field("index_date")
    assert index is not None
    record.values[index.id] = INDEX
    scopes = [(spec.case_fields, record.values)] + [
        (g.fields, e.values) for g in spec.groups for e in record.entries(g.id)
    ]
    for fields, values in scopes:
        for f in fields:
            if f.phi or f.type not in ("text", "longtext"):
                continue
            if f.summary == "case_number" or f.role == "institution":
                continue  # what the registry declares, printed as it is (see the last test)
            if f.type == "longtext":
                values[f.id] = PLANTED
            elif f.max_length is None or f.max_length >= len(SHORT):
                values[f.id] = SHORT
    return record


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def leaks(text: str) -> list[str]:
    found = [s for s in FORBIDDEN_TEXT if s.lower() in text.lower()]
    found += [w for w in FORBIDDEN_WORDS if re.search(rf"(?<!\w){w}(?!\w)", text)]
    return found


def pdf_text(path: Path) -> str:
    return squash("\n".join(page.extract_text() for page in PdfReader(path).pages))


def test_the_default_pdf_prints_no_planted_identifier(spec: Spec, tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    render_case_summary(spec, [planted_case(spec)], path)
    text = pdf_text(path)
    assert "Should Mrs [patient name] (MRN [medical record number]) have surgery?" in text
    assert leaks(text) == []
    for number in CLINICAL:
        assert number in text  # nothing clinical damaged
    # the footer says what was removed
    assert re.search(r"de-identified: [^·]*\d+ patient names", text), text[-400:]


def test_the_footer_counts_what_was_removed(spec: Spec, tmp_path: Path) -> None:
    record = sample_case(spec, 4, entries=1)  # its own free text names nobody
    record.values[phi_field(spec, "name")] = NAME
    record.values[phi_field(spec, "record_number")] = MRN
    question = spec.role_field("board_question")
    assert question is not None
    record.values[question.id] = "Should Mrs Okafor-Ng (MRN 7788123) have surgery?"
    path = tmp_path / "summary.pdf"
    render_case_summary(spec, [record], path)
    text = pdf_text(path)
    assert "de-identified: 1 medical record number, 1 patient name removed" in text


def test_the_identified_pdf_still_prints_the_text_as_typed(spec: Spec, tmp_path: Path) -> None:
    path = tmp_path / "identified.pdf"
    render_case_summary(spec, [planted_case(spec)], path, identified=True)
    text = pdf_text(path)
    assert "Should Mrs Okafor-Ng (MRN 7788123) have surgery?" in text
    assert "de-identified" not in text


def test_every_deidentified_export_holds_no_planted_identifier(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    sqlite_store.save(planted_case(sqlite_store.spec))
    for fmt, name in FORMATS.items():
        path = tmp_path / name
        export_records(sqlite_store, path, fmt, deidentify=True)
        text = squash("\n".join(exported_text(path)))
        assert "[patient name]" in text, fmt
        assert leaks(text) == [], fmt
        for number in CLINICAL:
            assert number in text, (fmt, number)


# ----- issue 16's survivors ---------------------------------------------------------------


def free_text_field(spec: Spec) -> str:
    return next(f.id for f in spec.case_fields if f.type == "longtext" and not f.phi)


def test_a_single_word_of_the_name_is_scrubbed(spec: Spec) -> None:
    record = planted_case(spec)
    field = free_text_field(spec)
    record.values[field] = "Okafor agreed. Later Harriet asked again; okafor's son came."
    out = Deidentifier(spec).apply(record).values[field]
    assert "Okafor" not in out and "okafor" not in out and "Harriet" not in out
    assert out.startswith("[patient name] agreed.")


def test_an_unparseable_date_is_never_exported_as_typed(spec: Spec) -> None:
    record = planted_case(spec)
    dated = next(
        f for f in spec.case_fields if f.type == "date" and not f.phi and f.role != "index_date"
    )
    record.values[dated.id] = "the spring Harriet turned fifty"
    out = Deidentifier(spec).apply(record)
    assert out.values[dated.id] == REMOVED


@pytest.mark.parametrize(
    "spelling",
    ["14 July 1961", "July 14, 1961", "14.7.61", "14-07-1961", "07/14/1961", "14/07/1961",
     "1961-07-14", "14th of July 1961", "14. Juli 1961", "14 juillet 1961", "19610714"],
)  # fmt: skip
def test_the_date_of_birth_in_any_spelling_is_removed(spec: Spec, spelling: str) -> None:
    record = planted_case(spec)
    field = free_text_field(spec)
    record.values[field] = f"Born {spelling}; mass 12 mm."
    out = Deidentifier(spec).apply(record).values[field]
    assert out == "Born [date of birth]; mass 12 mm."


def test_fields_a_group_does_not_declare_are_not_exported(spec: Spec) -> None:
    record = planted_case(spec)
    group = spec.groups[0]
    entry = record.entries(group.id)[0]
    entry.values["undeclared_note"] = "Harriet Okafor-Ng"
    record.groups["undeclared_group"] = [type(entry)(99, {"x": "7788-123"})]
    out = Deidentifier(spec).apply(record)
    assert "undeclared_note" not in out.groups[group.id][0].values
    assert "undeclared_group" not in out.groups
    assert "Okafor" not in json.dumps([e.values for es in out.groups.values() for e in es])


def test_an_absolute_date_in_a_deidentified_pdf_prints_as_its_distance(
    spec: Spec, tmp_path: Path
) -> None:
    record = planted_case(spec)
    group = next(g for g in spec.groups if spec.role_field("event_date", g.id) is not None)
    when = spec.role_field("event_date", group.id)
    assert when is not None
    for entry in record.entries(group.id):
        entry.values[when.id] = "2015-11-10"  # six months after the index date
    path = tmp_path / "summary.pdf"
    render_case_summary(spec, [record], path)
    text = pdf_text(path)
    assert "+6 mo" in text
    for absolute in ("2015-11-10", "10 Nov 2015", "10 November 2015", "Nov 2015"):
        assert absolute not in text


def test_a_short_record_number_leaves_measurements_whole(spec: Spec) -> None:
    record = planted_case(spec)
    record.values[phi_field(spec, "record_number")] = "12"
    field = free_text_field(spec)
    record.values[field] = "MRN 12: tumour 120 mm, Ki-67 12%, a 12 mm nodule."
    out = Deidentifier(spec).apply(record).values[field]
    assert out == "MRN [identifier]: tumour 120 mm, Ki-67 12%, a 12 mm nodule."


def test_what_the_registry_declares_prints_as_it_is(spec: Spec, tmp_path: Path) -> None:
    """A case number shaped like a phone number or a date, and the reporting institution,
    are the registry's, not the patient's: the PDF and the exports keep them."""
    record = planted_case(spec)
    number = spec.summary_field("case_number")
    institution = spec.role_field("institution")
    assert number is not None and institution is not None
    record.values[number.id] = "2015-000042"
    record.values[institution.id] = "St Mary's Hospital"
    path = tmp_path / "summary.pdf"
    render_case_summary(spec, [record], path)
    assert "2015-000042" in pdf_text(path) and "St Mary's Hospital" in pdf_text(path)
    out = Deidentifier(spec).apply(record).values
    assert (out[number.id], out[institution.id]) == ("2015-000042", "St Mary's Hospital")
