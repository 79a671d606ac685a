"""REDCap and CDISC ODM: the dictionary and the data, read back and checked against the spec.

Expected values come from the form specification and the stored cases, never from the
writer under test: a REDCap choice is checked by its label against the vocabulary, an ODM
file against the ODM 1.3.2 schema that odmlib ships (CDISC's own XSD files)."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import odmlib
import pytest
import xmlschema

from desktop_app.demo import write_demo
from desktop_app.exchange.odm import NS, read_odm, write_odm
from desktop_app.exchange.redcap import (
    DICTIONARY_COLUMNS,
    write_data,
    write_dictionary,
)
from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore

ODM_SCHEMA = Path(odmlib.__file__).parent / "schemas" / "odm" / "1.3.2" / "ODM1-3-2.xsd"
# REDCap's own rules: a variable is lower case letters, digits and underscores, from a
# letter; a choice code letters, digits and underscores.
VARIABLE = re.compile(r"^[a-z][a-z0-9_]*$")
CODE = re.compile(r"^[a-z0-9_]+$")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def choices_of(cell: str) -> dict[str, str]:
    """REDCap's 'code, label | code, label' as code → label."""
    found = {}
    for part in cell.split(" | "):
        code, _, label = part.partition(", ")
        found[code.strip()] = label.strip()
    return found


@pytest.fixture
def demo_store(sqlite_store: CaseStore) -> CaseStore:
    write_demo(sqlite_store)
    return sqlite_store


def test_redcap_dictionary_has_every_field_with_its_type_choices_and_logic(
    spec: Spec, tmp_path: Path
) -> None:
    path = tmp_path / "dictionary.csv"
    write_dictionary(spec, path)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")  # REDCap reads no BOM
    header, rows = read_csv(path)
    assert tuple(header) == DICTIONARY_COLUMNS and len(header) == 18
    assert rows[0]["Variable / Field Name"] == "record_id"
    by_name = {r["Variable / Field Name"]: r for r in rows}
    assert len(by_name) == len(rows)  # names are unique across the project
    number = spec.summary_field("case_number")
    fields = [f for f in spec.all_fields() if f is not number]
    assert len(rows) == len(fields) + 1
    for field in fields:
        name = f"{field.group}_{field.id}" if field.group else field.id
        row = by_name[name]
        assert VARIABLE.match(name), name
        if field.group:
            assert row["Form Name"] == field.group
        assert row["Required Field?"] == ("y" if field.required else "")
        assert row["Identifier?"] == ("y" if field.phi else "")
        expected_type = {"longtext": "notes", "choice": "dropdown", "multichoice": "checkbox",
                         "boolean": "yesno"}.get(field.type, "text")  # fmt: skip
        if field.derived is None:
            assert row["Field Type"] == expected_type, name
        if field.vocabulary and field.derived is None:
            vocabulary = spec.vocabulary(field.vocabulary)
            choices = choices_of(row["Choices, Calculations, OR Slider Labels"])
            assert len(choices) == len(vocabulary.terms)
            assert all(CODE.match(c) for c in choices), choices
            labels = list(choices.values())
            for term, label in zip(vocabulary.terms, labels, strict=True):
                assert term.label in label
        if field.type == "integer" and not field.qualified and field.derived is None:
            assert row["Text Validation Type OR Show Slider Number"] == "integer"
            if field.min is not None:
                assert float(row["Text Validation Min"]) == field.min
        if field.show_if is not None:
            assert row["Branching Logic (Show field only if...)"], name
        else:
            assert not row["Branching Logic (Show field only if...)"], name


def test_redcap_branching_logic_names_the_coded_value(spec: Spec, tmp_path: Path) -> None:
    path = tmp_path / "dictionary.csv"
    write_dictionary(spec, path)
    _, rows = read_csv(path)
    by_name = {r["Variable / Field Name"]: r for r in rows}
    techniques = spec.field("imaging_study", "techniques")
    assert techniques.show_if is not None and techniques.show_if.equals == "US"
    modality = by_name["imaging_study_modality"]
    us_code = next(c for c, label in choices_of(
        modality["Choices, Calculations, OR Slider Labels"]).items()
        if label == spec.vocabulary("imaging_modality").label_of("US"))  # fmt: skip
    logic = by_name["imaging_study_techniques"]["Branching Logic (Show field only if...)"]
    assert logic == f"[imaging_study_modality] = '{us_code}'"


def test_redcap_data_reads_back_to_the_stored_cases(demo_store: CaseStore, tmp_path: Path) -> None:
    spec = demo_store.spec
    write_dictionary(spec, tmp_path / "dictionary.csv")
    _, dictionary = read_csv(tmp_path / "dictionary.csv")
    choices = {r["Variable / Field Name"]: choices_of(r["Choices, Calculations, OR Slider Labels"])
               for r in dictionary if r["Choices, Calculations, OR Slider Labels"]}  # fmt: skip
    records = [demo_store.load(c.case_id) for c in demo_store.list_cases()]
    assert write_data(spec, records, tmp_path / "data.csv") == 5
    header, rows = read_csv(tmp_path / "data.csv")
    assert header[:3] == ["record_id", "redcap_repeat_instrument", "redcap_repeat_instance"]
    number_field = spec.summary_field("case_number")
    assert number_field is not None
    checked = 0
    for record in records:
        number = record.values[number_field.id]
        mine = [r for r in rows if r["record_id"] == number]
        scopes: list[tuple[str, dict[str, str], dict[str, str]]] = [
            ("", record.values, next(r for r in mine if not r["redcap_repeat_instrument"]))
        ]
        for group, entries in record.groups.items():
            for entry in entries:
                row = next(r for r in mine if r["redcap_repeat_instrument"] == group
                           and r["redcap_repeat_instance"] == str(entry.entry_id))  # fmt: skip
                scopes.append((group, entry.values, row))
        for group, values, row in scopes:
            for field_id, value in values.items():
                field = spec.field(group, field_id)
                if field is number_field or not value or field.derived is not None:
                    continue
                name = f"{group}_{field_id}" if group else field_id
                if field.type == "choice":
                    vocabulary = spec.vocabulary(field.vocabulary)
                    assert choices[name][row[name]] == vocabulary.display(vocabulary.term(value))
                elif field.type == "multichoice":
                    vocabulary = spec.vocabulary(field.vocabulary)
                    ticked = {choices[name][c.split("___")[1]] for c in row
                              if c.startswith(f"{name}___") and row[c] == "1"}  # fmt: skip
                    expected = {vocabulary.display(vocabulary.term(c)) for c in value.split("|")}
                    assert ticked == expected, name
                elif field.type == "boolean":
                    assert row[name] == {"true": "1", "false": "0"}[value]
                else:
                    assert row[name].lstrip("'") == value.lstrip("'"), name
                checked += 1
    assert checked > 300


def test_redcap_deidentified_has_no_identifier_columns(
    demo_store: CaseStore, tmp_path: Path
) -> None:
    spec = demo_store.spec
    write_dictionary(spec, tmp_path / "d.csv", deidentified=True)
    _, rows = read_csv(tmp_path / "d.csv")
    phi = {f.id for f in spec.all_fields() if f.phi}
    assert phi and not phi & {r["Variable / Field Name"] for r in rows}
    records = [demo_store.load(c.case_id) for c in demo_store.list_cases()]
    write_data(spec, records, tmp_path / "data.csv", deidentified=True)
    header, _ = read_csv(tmp_path / "data.csv")
    assert not phi & set(header)


def odm_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(ODM_SCHEMA))


def test_odm_is_valid_and_reads_back_with_its_audit(demo_store: CaseStore, tmp_path: Path) -> None:
    spec = demo_store.spec
    number_field = spec.summary_field("case_number")
    assert number_field is not None
    first = demo_store.list_cases()[0]
    record = demo_store.load(first.case_id)
    record.values["title"] = "Retitled for the board"
    demo_store.save(record, user="registrar.a", reason="title corrected after review")
    records = [demo_store.load(c.case_id) for c in demo_store.list_cases()]
    path = tmp_path / "cases.odm.xml"
    cases = [(r, demo_store.audit_trail(r.case_id)) for r in records if r.case_id is not None]
    assert write_odm(spec, cases, path) == 5
    odm_schema().validate(str(path))
    back = read_odm(spec, path)
    for original in records:
        number = original.values[number_field.id]
        expected = CaseRecord.from_items(
            {k: v for k, v in original.items().items() if k != ("", 0, number_field.id)},
            original.entry_order(),
        )
        assert back[number].items() == expected.items(), number
        assert back[number].entry_order() == expected.entry_order()
    root = ET.parse(path).getroot()
    ns = {"odm": NS}
    item = root.find(
        f".//odm:SubjectData[@SubjectKey='{record.values[number_field.id]}']"
        "//odm:ItemData[@ItemOID='I.CASE.TITLE']", ns
    )  # fmt: skip
    assert item is not None and item.attrib["Value"] == "Retitled for the board"
    audit = item.find("odm:AuditRecord", ns)
    assert audit is not None
    assert audit.find("odm:ReasonForChange", ns).text == "title corrected after review"  # type: ignore[union-attr]
    user_oid = audit.find("odm:UserRef", ns).attrib["UserOID"]  # type: ignore[union-attr]
    login = root.find(f".//odm:AdminData/odm:User[@OID='{user_oid}']/odm:LoginName", ns)
    assert login is not None and login.text == "registrar.a"
    code_lists = {c.attrib["OID"] for c in root.iter(f"{{{NS}}}CodeList")}
    assert {f"CL.{f.vocabulary.upper()}" for f in spec.all_fields() if f.vocabulary} == code_lists


def test_deidentified_odm_names_no_patient_and_no_user(
    demo_store: CaseStore, tmp_path: Path
) -> None:
    spec = demo_store.spec
    record = demo_store.load(demo_store.list_cases()[0].case_id)
    record.values.update(patient_name="Zebulon Quartermaine", medical_record_number="7788123")
    demo_store.save(record, user="registrar.b", reason="identifiers typed")
    cases = [(demo_store.load(c.case_id), []) for c in demo_store.list_cases()]
    path = tmp_path / "deid.odm.xml"
    write_odm(spec, cases, path, deidentified=True)
    odm_schema().validate(str(path))
    text = path.read_text(encoding="utf-8")
    assert "Quartermaine" not in text and "7788123" not in text
    assert "PATIENT_NAME" not in text


def test_redcap_data_says_not_stated_and_unknown_with_missing_data_codes(
    demo_store: CaseStore, tmp_path: Path
) -> None:
    spec = demo_store.spec
    record = demo_store.load(demo_store.list_cases()[0].case_id)
    record.values["laterality"] = "?not_stated"  # a choice
    record.values["age_at_presentation"] = "?unknown"  # a number
    entry = record.entries("imaging_study")[0]
    entry.values["birads"] = "?not_stated"
    write_data(spec, [record], tmp_path / "data.csv")
    _, rows = read_csv(tmp_path / "data.csv")
    case_row = next(r for r in rows if not r["redcap_repeat_instrument"])
    assert (case_row["laterality"], case_row["age_at_presentation"]) == ("NI", "UNK")
    study = next(r for r in rows if r["redcap_repeat_instrument"] == "imaging_study"
                 and r["redcap_repeat_instance"] == str(entry.entry_id))  # fmt: skip
    assert study["imaging_study_birads"] == "NI"
    assert not any("?not_stated" in v or "?unknown" in v for r in rows for v in r.values())
