"""Completeness of a case: required fields filled (show_if and groups honoured), the CARE
checklist of forms/care.toml covered, each gap with the place to enter it; the loader refuses
a checklist that names a field the forms do not have."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from desktop_app.demo import demo_records
from desktop_app.paths import forms_dir, resource_path
from desktop_app.record import CaseRecord
from desktop_app.rules.completeness import Target, completeness, next_missing
from desktop_app.rules.validation import check_record
from desktop_app.spec.loader import SpecError, load_spec
from desktop_app.spec.model import Spec

CONSENT = "consent_documented"  # the field forms/care.toml names for CARE item 13


def care_gaps(spec: Spec, record: CaseRecord) -> dict[int, Target]:
    return {m.item: m.target for m in completeness(spec, record).missing_items}


def test_the_care_checklist_has_the_13_items_of_the_2013_guideline(spec: Spec) -> None:
    [care] = spec.checklists
    assert care.label == "CARE" and "Gagnier" in care.source and care.file == "care.toml"
    assert [i.number for i in care.items] == list(range(1, 14))
    names = [i.name for i in care.items]
    assert names[0] == "Title" and names[6] == "Timeline" and names[-1] == "Informed consent"
    assert all(i.line for i in care.items)


def test_demo_cases_report_counts_that_agree_with_validation(spec: Spec) -> None:
    for record in demo_records():
        found = completeness(spec, record)
        required_warnings = [p for p in check_record(spec, record) if p.message == "required"]
        assert found.required_total - found.required_filled == len(required_warnings)
        assert found.required_total > 3 + len(record.entries("treatment"))  # entries count
        [care] = found.scores
        assert care.total == 13 and 0 < care.covered < 13
        assert care.covered + len(found.missing_items) == 13
        # The demo cases hold their reports' introduction and discussion, summarised; the
        # reports give no consent record and no patient's perspective: those stay open.
        gaps = set(care_gaps(spec, record))
        assert {12, 13} <= gaps and not {4, 11} & gaps
        assert 9 not in care_gaps(spec, record)  # every demo case has a treatment
        assert found.summary() == (
            f"Required {found.required_filled}/{found.required_total} · CARE {care.covered}/13"
        )


def test_a_record_without_consent_lists_care_13_with_the_consent_field(spec: Spec) -> None:
    record = copy.deepcopy(demo_records()[0])
    record.values[CONSENT] = "true"
    assert 13 not in care_gaps(spec, record)
    del record.values[CONSENT]
    assert care_gaps(spec, record)[13] == Target("", 0, CONSENT)
    [text] = [m.text for m in completeness(spec, record).missing_items if m.item == 13]
    assert text == "CARE 13 Informed consent: Consent documented"
    record.values[CONSENT] = "false"  # "no" answers the checklist's question too
    assert 13 not in care_gaps(spec, record)


def test_a_group_without_entries_is_the_target_and_a_group_field_covers(spec: Spec) -> None:
    record = CaseRecord()
    gaps = care_gaps(spec, record)
    assert gaps[9] == Target("treatment", 0, "")  # no treatment: go to the group itself
    assert gaps[7] == Target("", 0, "index_date")  # none of `any`: the first of them
    treatment = record.add_entry("treatment", {"modality": "surgery"})
    assert 9 not in care_gaps(spec, record) and 7 in care_gaps(spec, record)
    treatment.values["start_date"] = "+2m"  # a relative date still dates the event
    assert 7 not in care_gaps(spec, record)


def test_required_fields_honour_show_if_and_count_per_entry(spec: Spec) -> None:
    record = CaseRecord()
    empty = completeness(spec, record)
    assert empty.required_filled == 0
    entry = record.add_entry("ihc_result", {"marker": "SMA"})
    one = completeness(spec, record)  # marker filled, result missing; marker_other hidden
    assert (one.required_filled, one.required_total) == (1, empty.required_total + 2)
    assert Target("ihc_result", entry.entry_id, "result") in [
        m.target for m in one.missing_required
    ]
    entry.values["marker"] = "other"  # now "Other marker" is shown, and required
    other = completeness(spec, record)
    assert other.required_total == one.required_total + 1
    assert "Required: Pathology › Immunohistochemistry #1 › Other marker" in [
        m.text for m in other.missing_required
    ]
    record.add_entry("ihc_result", {"marker": "SMA", "result": "positive"})
    two = completeness(spec, record)
    assert (two.required_filled, two.required_total) == (3, other.required_total + 2)


def test_next_missing_follows_the_forms_and_wraps(spec: Spec) -> None:
    record = CaseRecord(values={"case_number": "C-1"})
    symptom = record.add_entry("symptom", {})
    order = [m.target for m in completeness(spec, record).missing_required]
    assert order[:3] == [
        Target("", 0, "age_at_presentation"),
        Target("", 0, "sex"),
        Target("symptom", symptom.entry_id, "symptom"),
    ]
    assert next_missing(spec, record, None) == order[0]
    assert next_missing(spec, record, Target("", 0, "case_number")) == order[0]
    assert next_missing(spec, record, order[0]) == order[1]
    assert next_missing(spec, record, order[1]) == order[2]
    assert next_missing(spec, record, order[-1]) == order[0]  # round to the first
    record.values.update(age_at_presentation="50", sex="F")
    record.entries("symptom")[0].values["symptom"] = "lump"
    assert next_missing(spec, record, None) is None


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    shutil.copytree(forms_dir(), tmp_path / "forms")
    return tmp_path / "forms"


def load_problems(forms: Path) -> str:
    with pytest.raises(SpecError) as caught:
        load_spec(forms, resource_path("vocabularies"))
    return str(caught.value)


def test_the_loader_refuses_a_checklist_naming_an_unknown_field(spec_copy: Path) -> None:
    path = spec_copy / "care.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'all = ["{CONSENT}"]', 'all = ["consent_given"]'), "utf-8")
    line = text.splitlines().index(f'all = ["{CONSENT}"]') - 2  # the [[checklist.item]]
    assert text.splitlines()[line - 1] == "[[checklist.item]]"
    message = load_problems(spec_copy)
    assert f"care.toml, line {line}:" in message
    assert "item 13 'Informed consent' names 'consent_given', which is not a field" in message


def test_the_loader_refuses_a_malformed_checklist_item(spec_copy: Path) -> None:
    path = spec_copy / "care.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("number = 2\n", "number = 1\n").replace('"imaging_study.study_date"',
                                                                '"imaging_study.when"')  # fmt: skip
    path.write_text(text + '\n[[checklist.item]]\nnumber = 14\nname = "Extra"\n', "utf-8")
    message = load_problems(spec_copy)
    assert "care.toml, line" in message
    assert "item 1 is declared twice" in message
    assert "names 'imaging_study.when'" in message
    assert "item 14 'Extra' needs all = [...] and/or any = [...]" in message


def test_without_a_checklist_file_the_forms_still_load(spec_copy: Path) -> None:
    (spec_copy / "care.toml").unlink()
    spec = load_spec(spec_copy, resource_path("vocabularies"))
    assert spec.checklists == ()
    assert completeness(spec, CaseRecord()).summary().startswith("Required 0/")
