"""The demo cases (resources/demo/case_<n>.json): the five published reference cases as data.

Every file is canonical JSON of a CaseRecord, passes validation without errors, holds only
canonical values of fields the specification declares, and keeps the key facts of its report.
"""

from __future__ import annotations

import re

import pytest

from desktop_app.paths import resource_path
from desktop_app.record import CaseRecord, GroupEntry
from desktop_app.rules.validation import check_record
from desktop_app.rules.values import canonical
from desktop_app.spec.loader import default_spec

CASES = [1, 2, 3, 4, 5]


def load(n: int) -> CaseRecord:
    return CaseRecord.from_json(text_of(n))


def text_of(n: int) -> str:
    return resource_path("demo", f"case_{n}.json").read_text(encoding="utf-8")


def entries(record: CaseRecord, group: str, **match: str) -> list[GroupEntry]:
    return [
        e for e in record.entries(group) if all(e.values.get(k, "") == v for k, v in match.items())
    ]


def one(record: CaseRecord, group: str, **match: str) -> GroupEntry:
    found = entries(record, group, **match)
    assert len(found) == 1, f"{group} {match}: {len(found)} entries"
    return found[0]


def markers(record: CaseRecord, specimen: GroupEntry, result: str) -> set[str]:
    """The IHC markers with `result` that refer to `specimen`."""
    found = entries(record, "ihc_result", specimen=str(specimen.entry_id), result=result)
    return {e.values["marker"] for e in found}


# --- every case ---------------------------------------------------------------------------------


def test_there_are_exactly_the_five_reference_cases() -> None:
    files = sorted(p.name for p in resource_path("demo").glob("case_*.json"))
    assert files == [f"case_{n}.json" for n in CASES]


@pytest.mark.parametrize("n", CASES)
def test_file_is_canonical_json(n: int) -> None:
    assert load(n).to_json() == text_of(n).rstrip("\n")


@pytest.mark.parametrize("n", CASES)
def test_no_errors(n: int) -> None:
    errors = [p for p in check_record(default_spec(), load(n)) if p.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("n", CASES)
def test_every_group_and_field_is_declared_and_every_value_canonical(n: int) -> None:
    spec, record = default_spec(), load(n)
    group_ids = {g.id for g in spec.groups}
    assert set(record.groups) <= group_ids
    for (group, _entry, field_id), value in record.items().items():
        field = spec.field(group, field_id)  # KeyError for an undeclared field
        assert canonical(spec, field, value) == value, (group, field_id, value)


@pytest.mark.parametrize("n", CASES)
def test_entry_ids_are_unique_and_refs_resolve(n: int) -> None:
    spec, record = default_spec(), load(n)
    ids = [e.entry_id for es in record.groups.values() for e in es]
    assert len(ids) == len(set(ids)) and max(ids) < record.next_entry_id
    for group in spec.groups:
        for field in (f for f in group.fields if f.type == "ref"):
            targets = {str(e.entry_id) for e in record.entries(field.ref)}
            for entry in record.entries(group.id):
                value = entry.values.get(field.id, "")
                assert not value or value in targets, (group.id, entry.entry_id, field.id)


@pytest.mark.parametrize("n", CASES)
def test_header(n: int) -> None:
    spec, values = default_spec(), load(n).values
    assert values["case_number"] == f"DEMO-{n:03d}"
    assert values["source"] == "published"
    assert values["citation"].startswith("Published case report")
    assert not re.search(r"\b10\.\d{4,}/", values["citation"])  # the seeds give no DOI
    assert values["title"] and values["sex"] and values["age_at_presentation"]
    assert not [f.id for f in spec.all_fields() if f.phi and values.get(f.id)]


# The cases whose reports give times only relative to an event (the seeds: "after the
# diagnosis"), so their dates are offsets and the index date's kind says from what.
RELATIVE_TO = {1: "diagnosis", 2: "diagnosis"}


@pytest.mark.parametrize("n", CASES)
def test_relative_dates_only_with_an_index_kind(n: int) -> None:
    record = load(n)
    dated = [v for (_, _, f), v in record.items().items() if f.endswith("date")]
    offsets = [v for v in dated if v.lstrip("~<>")[:1] in ("+", "-")]
    assert bool(offsets) == (n in RELATIVE_TO), offsets
    assert record.values.get("index_date_kind") == RELATIVE_TO.get(n, "presentation")


# --- key facts of each report -------------------------------------------------------------------


def test_case_1_malignant_glomus_tumour_of_the_breast() -> None:
    record = load(1)
    values = record.values
    assert (values["age_at_presentation"], values["sex"]) == ("57", "female")
    assert (values["diagnosis"], values["primary_site"]) == ("8711/3", "C50.4")
    us = one(record, "imaging_study", modality="US")
    assert (us.values["birads"], us.values["resistance_index"]) == ("4B", "0.74")
    assert us.values["techniques"] == "bmode|doppler|swe|ceus"
    assert one(record, "imaging_study", modality="MG").values["birads"] == "4B"
    resection = one(record, "specimen", procedure="resection")
    assert markers(record, resection, "positive") == {"COL4", "SMA", "KI67"}
    assert {"DES", "STAT6", "EMA", "S100", "CD31", "CD34"} == markers(record, resection, "negative")
    assert values["ki67_percent"] == "60"
    assert one(record, "treatment", modality="targeted").values["procedure"] == "Anlotinib"
    death = one(record, "followup_visit")
    assert (death.values["visit_date"], death.values["status"]) == ("+3m", "dod")
    assert values["index_date_kind"] == "diagnosis" and not values.get("index_date")


def test_case_2_scalp_leiomyosarcoma() -> None:
    record = load(2)
    values = record.values
    assert (values["age_at_presentation"], values["sex"]) == ("39", "female")
    assert values["diagnosis"] == "8890/3"
    mass = one(record, "symptom", duration="15")
    assert mass.values["duration_unit"] == "a"  # first noticed 15 years earlier
    excision = one(record, "specimen", procedure="resection")
    assert {"CALD", "SMA", "VIM"} <= markers(record, excision, "positive")
    assert {"DES", "MYOG", "PR"} <= markers(record, excision, "negative")
    embolisation = one(record, "treatment", modality="embolisation")
    surgery = one(record, "treatment", modality="surgery")
    assert (embolisation.values["start_date"], surgery.values["start_date"]) == ("-3d", "+0d")
    assert one(record, "treatment", modality="radiotherapy").values["start_date"] == "+1m"


def test_case_3_disseminated_leiomyosarcomatosis() -> None:
    record = load(3)
    values = record.values
    assert (values["age_at_presentation"], values["sex"]) == ("38", "female")
    assert (values["hiv_status"], values["institution"]) == ("negative", "Kalafong Hospital")
    assert values["diagnosis"] == "8890/3"
    assert {e.values["symptom"] for e in entries(record, "symptom", duration="3")} == {
        "Weight loss",
        "Enlarging bilateral breast masses",
    }
    core = one(record, "specimen", procedure="core")
    assert core.values["specimen_diagnosis"] == "8890/3"
    assert markers(record, core, "negative") == {"DES", "CD117"}
    assert "uterus" in one(record, "imaging_study", modality="CECT").values["findings"]


def test_case_4_osteosarcoma_metastatic_to_the_breast() -> None:
    record = load(4)
    values = record.values
    assert (values["age_at_presentation"], values["sex"]) == ("58", "female")
    assert (values["diagnosis"], values["primary_site"]) == ("9180/3", "C40.2")
    assert one(record, "imaging_study", modality="US").values["size_mm"] == "15"
    ct_sizes = [e.values["size_mm"] for e in entries(record, "imaging_study", modality="CT")]
    assert ct_sizes == ["11", "14"]  # the breast nodule grew in three weeks
    breast = one(record, "specimen", specimen_label="Right breast mass excision")
    assert markers(record, breast, "positive") == {"CD99"}
    assert markers(record, breast, "negative") == {"ER", "PR", "CK5/6"}
    intents = {
        e.values.get("intent") for e in entries(record, "treatment", modality="chemotherapy")
    }
    assert intents == {"neoadjuvant", "adjuvant"}


def test_case_5_recurrent_intracranial_extracranial_leiomyosarcoma() -> None:
    record = load(5)
    values = record.values
    assert (values["age_at_presentation"], values["sex"]) == ("37", "male")
    assert (values["index_date"], values["index_date_kind"]) == ("2015-05-10", "presentation")
    assert (values["diagnosis"], values["primary_site"]) == ("8890/3", "C70.0")
    assert values["ki67_percent"] == "30"
    recurrence = one(record, "followup_visit", status="local_recurrence")
    assert recurrence.values["visit_date"] == "2017-09-27"
    assert one(record, "followup_visit", visit_date="2020-06-01").values["status"] == "ned"
    sizes = [e.values.get("size_mm") for e in entries(record, "imaging_study", modality="MRI")]
    assert sizes == ["~40", "~35"]  # "approximately 2.2 × 3.5 × 4.0 cm", "about 3.5 × 1.6 × 3.5 cm"
    assert len(entries(record, "treatment", modality="surgery")) == 2
