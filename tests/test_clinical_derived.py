"""Qualified numbers, the derived-value rules, the spec keys that declare them, and the
roles the tumour-board summary finds fields by."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.paths import forms_dir, resource_path
from desktop_app.record import CaseRecord
from desktop_app.rules import derived
from desktop_app.rules.qualified import parse_qualified
from desktop_app.rules.values import ValueRefused, canonical, display, number_of
from desktop_app.spec import Spec, SpecError
from desktop_app.spec.loader import default_spec, load_spec
from desktop_app.spec.model import FieldSpec

SPEC = default_spec()
SIZE = FieldSpec("size_mm", "Size", "decimal", unit="mm", qualified=True)
PERCENT = FieldSpec("ki67", "Ki-67", "decimal", unit="%", qualified=True)
COUNT = FieldSpec("mitoses", "Mitotic count", "integer", qualified=True)


# --- qualified numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "stored", "shown", "number"),
    [
        (SIZE, "70", "70", "70 mm", 70.0),
        (SIZE, "approximately 70", "~70", "approximately 70 mm", 70.0),
        (SIZE, "≈ 6,5", "~6.5", "approximately 6.5 mm", 6.5),
        (PERCENT, "less than 50", "<50", "< 50 %", 50.0),
        (PERCENT, "<= 50", "<=50", "≤ 50 %", 50.0),
        (PERCENT, "exceeded 15", ">15", "> 15 %", 15.0),
        (PERCENT, "≥15", ">=15", "≥ 15 %", 15.0),
        (SIZE, "10 to 15", "10-15", "10–15 mm", 12.5),
        (SIZE, "10–15", "10-15", "10–15 mm", 12.5),
        (COUNT, "at least 3", ">=3", "≥ 3", 3.0),
        (COUNT, "+007", "7", "7", 7.0),
    ],
)
def test_qualified_numbers_round_trip(
    field: FieldSpec, typed: str, stored: str, shown: str, number: float
) -> None:
    assert canonical(SPEC, field, typed) == stored
    assert canonical(SPEC, field, stored) == stored
    assert display(SPEC, field, stored) == shown
    assert number_of(field, stored) == number


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        (SIZE, "15-10", "smaller to the larger"),
        (SIZE, "about", "not a number"),
        (SIZE, "~x", "not a number"),
        (COUNT, "~2.5", "not a whole number"),
        (FieldSpec("ri", "RI", "decimal"), "~0.7", "not a number"),  # not a qualified field
    ],
)
def test_qualified_numbers_refused(field: FieldSpec, typed: str, words: str) -> None:
    with pytest.raises(ValueRefused, match=words):
        canonical(SPEC, field, typed)


@given(
    st.sampled_from(["", "~", "<", "<=", ">", ">="]),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
)
def test_any_qualified_decimal_is_stable(qualifier: str, number: Decimal) -> None:
    once = canonical(SPEC, SIZE, f"{qualifier}{number}")
    assert canonical(SPEC, SIZE, once) == once
    assert number_of(SIZE, once) == pytest.approx(float(number))


# --- rules --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "grade"),
    [(("1", "1", "0"), "1"), (("1", "1", "1"), "1"), (("2", "1", "1"), "2"),
     (("2", "2", "1"), "2"), (("3", "2", "1"), "3"), (("3", "3", "2"), "3")],
)  # fmt: skip
def test_fnclcc_grade_from_its_three_scores(scores: tuple[str, str, str], grade: str) -> None:
    assert derived.fnclcc_grade(scores, ()) == grade


@pytest.mark.parametrize(
    ("count", "score"),
    [("0", "1"), ("9", "1"), ("10", "2"), ("19", "2"), ("20", "3"), ("<10", "1"),
     (">=20", "3"), (">19", "3"), ("10-15", "2"), ("5-15", None), ("~10", None), (">5", None)],
)  # fmt: skip
def test_mitotic_score_only_when_the_count_settles_it(count: str, score: str | None) -> None:
    assert derived.fnclcc_mitotic_score([count], ()) == score


@pytest.mark.parametrize(
    ("percent", "score"),
    [("0", "0"), ("5", "1"), ("49.9", "1"), ("50", "2"), (">=50", "2"), ("<50", None),
     ("10-40", "1")],
)  # fmt: skip
def test_necrosis_score(percent: str, score: str | None) -> None:
    assert derived.fnclcc_necrosis_score([percent], ()) == score


@pytest.mark.parametrize(
    ("velocity", "kpa"), [("1", "3"), ("2.5", "18.8"), ("~5", "~75"), ("<3", "<27")]
)
def test_shear_wave_velocity_and_elasticity(velocity: str, kpa: str) -> None:
    assert derived.kpa_from_velocity([velocity], ()) == kpa
    back = derived.velocity_from_kpa([kpa], ())
    assert back is not None
    assert abs(parse_qualified(back).value - parse_qualified(velocity).value) < Decimal("0.02")


def test_intervals_from_the_index_date() -> None:
    dates, statuses = ["2017-08", "2017-09-27", "2020-06-01"], ["ned", "local_recurrence", "ned"]
    args = ["2015-05-10", dates, statuses]
    assert derived.months_to_first(args, ("local_recurrence",)) == "28.6"
    assert derived.months_to_last(args[:2], ()) == "60.7"
    assert derived.last_status(args, ()) == "ned"
    assert derived.months_to_last(["", ["+3m", "+2y4m"]], ()) == "28"  # offsets need no date
    assert derived.months_to_last(["", ["2020"]], ()) is None  # a date needs the index date
    assert derived.months_since_index(["2015-05", "2016"], ()) == "~13.6"  # partial: approximate
    assert derived.last_status(["", ["", ""], ["ned", "dod"]], ()) == "dod"  # entry order


def test_with_derived_fills_copies_and_chains(spec: Spec) -> None:
    record = CaseRecord(values={"differentiation_score": "2", "mitotic_count": "12",
                                "necrosis_percent": "0"})  # fmt: skip
    record.add_entry("imaging_study", {"modality": "US", "swe_emean_kpa": "48"})
    filled = derived.with_derived(spec, record)
    assert (filled.values["mitotic_score"], filled.values["necrosis_score"]) == ("2", "0")
    assert filled.values["fnclcc_grade"] == "2"  # 2 + 2 + 0
    assert filled.entries("imaging_study")[0].values["swe_vmean_ms"] == "4"
    assert "fnclcc_grade" not in record.values  # the record itself holds what was entered
    record.values["fnclcc_grade"] = "3"  # entered by hand: it stands, with a warning
    assert derived.with_derived(spec, record).values["fnclcc_grade"] == "3"
    assert derived.disagreements(spec, record, spec.case_fields, record.values) == {
        "fnclcc_grade": "entered as 3, but its inputs give 2"
    }
    record.values["fnclcc_grade"] = "2"
    assert derived.disagreements(spec, record, spec.case_fields, record.values) == {}


# --- the specification --------------------------------------------------------------------------


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    shutil.copytree(forms_dir(), tmp_path / "forms")
    shutil.copytree(resource_path("vocabularies"), tmp_path / "vocabularies")
    return tmp_path


def problems_after(base: Path, old: str, new: str, file: str = "04_pathology.toml") -> str:
    path = base / "forms" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(base / "forms", base / "vocabularies")
    return str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('rule = "fnclcc_grade"', 'rule = "fnclcc_grde"', "unknown rule 'fnclcc_grde'"),
        ('from = ["mitotic_count"]', 'from = ["mitotic_cnt"]', "'mitotic_cnt', which is not"),
        ('from = ["mitotic_count"]', 'from = ["mitotic_count", "ki67_percent"]', "takes 1 inputs"),
        ('derived = { rule = "fnclcc_mitotic_score"', 'derived = { rul = "fnclcc_mitotic_score"',
         "derived that is not"),
        ('qualified = true\nsection = "Grading"\nrole = "mitotic_count"',
         'qualified = "yes"\nsection = "Grading"\nrole = "mitotic_count"', "qualified, which only"),
        ('type = "longtext"\nrole = "findings"', 'type = "longtext"\nrole = "findings"\n'
         "qualified = true", "qualified, which only"),
    ],
)  # fmt: skip
def test_the_loader_checks_derived_and_qualified(
    spec_copy: Path, old: str, new: str, words: str
) -> None:
    message = problems_after(spec_copy, old, new)
    assert "04_pathology.toml, line" in message and words in message


def test_a_group_input_must_name_its_group(spec_copy: Path) -> None:
    message = problems_after(
        spec_copy,
        '"followup_visit.visit_date", "last_contact_date"',
        '"visit_date", "last_contact_date"',
        "06_followup.toml",
    )
    assert "wants a group field" in message


ROLES_THE_BOARD_NEEDS = {
    "": ["age", "sex", "primary_site", "laterality", "diagnosis", "grade", "metastatic_sites",
         "board_question", "index_date", "index_date_kind", "date_of_death", "current_status",
         "presenting_complaint", "institution"],
    "imaging_study": ["event_date", "modality", "lesion", "size", "birads", "findings"],
    "specimen": ["event_date", "procedure", "lesion", "specimen_diagnosis"],
    "ihc_result": ["specimen", "marker", "marker_result", "marker_percent", "marker_other"],
    "treatment": ["event_date", "event_end_date", "treatment_modality", "treatment_intent"],
    "followup_visit": ["event_date", "followup_status"],
    "lesion": ["lesion_label", "site", "laterality", "lesion_role", "size"],
    "symptom": ["symptom", "symptom_duration", "symptom_duration_unit"],
    "differential": ["differential_diagnosis"],
}  # fmt: skip


@pytest.mark.parametrize("group", sorted(ROLES_THE_BOARD_NEEDS))
def test_every_role_the_board_needs_is_on_one_field(spec: Spec, group: str) -> None:
    missing = [r for r in ROLES_THE_BOARD_NEEDS[group] if spec.role_field(r, group) is None]
    assert not missing
