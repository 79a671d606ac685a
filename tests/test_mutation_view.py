"""What the tumour-board summary prints for a case, from values written out in the test
(issue 16: the survivors of mutation testing of report/view.py). Fields are found by their
role in the specification, as the report finds them; the expected texts are what a
registrar reads, worked out by hand from the values planted here."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from desktop_app.record import CaseRecord, GroupEntry
from desktop_app.report.view import CaseView
from desktop_app.spec import FieldSpec, Spec
from desktop_app.spec.model import Condition


def role(spec: Spec, name: str, group: str = "") -> FieldSpec:
    f = spec.role_field(name, group)
    if f is None:
        pytest.fail(f"the specification declares no field with role {name!r}")
    return f


def age_case(spec: Spec, age: str = "", born: str = "", index: str = "") -> CaseView:
    fields = (role(spec, "age"), role(spec, "date_of_birth"), role(spec, "index_date"))
    values = {f.id: v for f, v in zip(fields, (age, born, index), strict=True) if v}
    return CaseView(spec, CaseRecord(values=values))


def test_the_age_is_worked_out_from_the_date_of_birth_when_no_age_is_typed(spec: Spec) -> None:
    view = age_case(spec, born="1961-07-14", index="2024-07-13")
    assert (view.age_text(), view.age_years()) == ("62 years", 62)
    view = age_case(spec, born="1961-07-14", index="2024-07-14")
    assert (view.age_text(), view.age_years()) == ("63 years", 63)


def test_a_typed_age_prints_as_reported_over_the_date_of_birth(spec: Spec) -> None:
    view = age_case(spec, age="63", index="2024-07-13")
    assert (view.age_text(), view.age_years()) == ("63 years", 63)
    # "about 60" (stored "~60") is what the source says: never the age worked out (62),
    # and no whole number of years for the sentences that need one.
    view = age_case(spec, age="~60", born="1961-07-14", index="2024-07-13")
    assert (view.age_text(), view.age_years()) == ("approximately 60 years", None)


def test_without_an_age_or_both_dates_no_age_prints(spec: Spec) -> None:
    for view in (
        age_case(spec),
        age_case(spec, born="1961-07-14"),  # no index date to count to
        age_case(spec, index="2024-07-13"),  # no date of birth to count from
        age_case(spec, born="+1y", index="2024-07-13"),  # a birth placed only relatively
    ):
        assert (view.age_text(), view.age_years()) == ("", None)


# ----- the footer's count of what de-identification removed ------------------------------

NAME = "Quartermaine"  # the patient's name, planted in free text of the case and an entry


def test_the_footer_counts_the_names_removed_from_the_case_and_from_its_entries(
    spec: Spec,
) -> None:
    name = next(f for f in spec.case_fields if f.phi and f.label == "Patient name")
    keywords, note = role(spec, "keywords"), spec.field("lesion", "lesion_note")
    record = CaseRecord(values={name.id: NAME, keywords.id: f"{NAME} family"})
    record.add_entry("lesion", {note.id: f"seen by {NAME}"})
    # A group the specification no longer declares (a case saved under an older form):
    # its values never print, so nothing of it is counted, and the summary still prints.
    record.groups["retired_group"] = [GroupEntry(1, {"old_note": NAME})]
    assert CaseView(spec, record).deid_note() == "de-identified: 2 patient names removed"
    assert CaseView(spec, record, identified=True).deid_note() == ""


# ----- how an entry is named where a reference points at it ------------------------------


def with_group(spec: Spec, group_id: str, **changes: Any) -> Spec:
    """`spec` with one group declared otherwise (what a registry's own forms may say)."""
    forms = tuple(
        replace(form, groups=tuple(replace(g, **changes) if g.id == group_id else g
                                   for g in form.groups))
        for form in spec.forms
    )  # fmt: skip
    return replace(spec, forms=forms)


def lesions_seen_by_imaging(spec: Spec, labels: list[str]) -> CaseRecord:
    """A case with a lesion per label (empty: unnamed) and an imaging study pointing at each."""
    label, ref = spec.field("lesion", "lesion_label"), spec.field("imaging_study", "lesion")
    record = CaseRecord()
    for text in labels:
        lesion = record.add_entry("lesion", {label.id: text} if text else {})
        record.add_entry("imaging_study", {ref.id: str(lesion.entry_id)})
    return record


def test_an_unnamed_entry_is_called_by_its_place_in_the_table(spec: Spec) -> None:
    record = lesions_seen_by_imaging(spec, ["", "Left breast mass", ""])
    ref = spec.field("imaging_study", "lesion")
    view = CaseView(spec, record)
    shown = [view.text(ref, e.values) for e in record.entries("imaging_study")]
    assert shown == ["Lesion 1", "Left breast mass", "Lesion 3"]


def test_without_an_entry_name_the_group_label_names_the_entry(spec: Spec) -> None:
    record = lesions_seen_by_imaging(spec, ["", "Left breast mass"])
    ref = spec.field("imaging_study", "lesion")
    plain = with_group(spec, "lesion", entry_name="")
    view = CaseView(plain, record)
    shown = [view.text(ref, e.values) for e in record.entries("imaging_study")]
    assert shown == ["Lesions 1", "Left breast mass"]
    # A group that names no field for its entries calls every entry by its place.
    unnamed = with_group(spec, "lesion", entry_label="")
    view = CaseView(unnamed, record)
    shown = [view.text(ref, e.values) for e in record.entries("imaging_study")]
    assert shown == ["Lesion 1", "Lesion 2"]


def test_an_entry_named_by_a_reference_is_called_by_its_place(spec: Spec) -> None:
    """A final assessment is named by the lesion it assesses (its entry_label is a ref):
    the summary calls it by its place, never by another entry's name nor by a number."""
    record = lesions_seen_by_imaging(spec, ["Left breast mass"])
    fa = spec.field("lesion_assessment", "fa_lesion")
    record.add_entry("lesion_assessment", {fa.id: "1"})
    record.add_entry("lesion_assessment", {fa.id: "1"})
    first, second = record.entries("lesion_assessment")
    labels = CaseView(spec, record).entry_labels("lesion_assessment")
    assert labels == {str(first.entry_id): "Final assessment 1",
                      str(second.entry_id): "Final assessment 2"}  # fmt: skip


def test_a_summary_from_which_nothing_was_removed_says_only_de_identified(spec: Spec) -> None:
    keywords = role(spec, "keywords")
    record = CaseRecord(values={keywords.id: "soft tissue sarcoma"})
    assert CaseView(spec, record).deid_note() == "de-identified"


# ----- the identifiers block of the identified summary ------------------------------------


def test_the_identified_summary_lists_the_patients_identifiers_and_nothing_else(
    spec: Spec,
) -> None:
    phi = {f.label: f for f in spec.case_fields if f.phi}
    record = CaseRecord(values={
        phi["Patient name"].id: NAME, phi["Medical record number"].id: "7788-123",
        phi["Date of birth"].id: "1961-07-14", role(spec, "keywords").id: "sarcoma",
        role(spec, "index_date").id: "2024-07-13",
    })  # fmt: skip
    assert CaseView(spec, record, identified=True).identifiers() == [
        ("Patient name", NAME), ("Medical record number", "7788-123"),
        ("Date of birth", "14 July 1961"),
    ]  # fmt: skip
    assert CaseView(spec, record).identifiers() == []


# ----- how values read --------------------------------------------------------------------

INDEX = "2015-05-10"


def dated_case(spec: Spec) -> tuple[CaseRecord, FieldSpec]:
    name = next(f for f in spec.case_fields if f.phi and f.label == "Patient name")
    index = role(spec, "index_date")
    return CaseRecord(values={name.id: NAME, index.id: INDEX}), spec.field(
        "specimen", "specimen_date"
    )


def test_a_date_prints_as_its_distance_from_the_index_date_unless_identified(
    spec: Spec,
) -> None:
    record, when = dated_case(spec)
    hidden, shown = CaseView(spec, record), CaseView(spec, record, identified=True)
    assert hidden.text_of(when, "2015-11-10") == "+6 mo"  # six months after 10 May 2015
    assert shown.text_of(when, "2015-11-10") == "10 November 2015"
    assert hidden.text_of(when, "2012-05-10") == "−3 y"


def test_a_date_that_cannot_be_read_goes_through_de_identification(spec: Spec) -> None:
    """An imported date kept as it was written (no date the summary can place): in a
    de-identified summary, the patient's name and the calendar date in it never print."""
    record, when = dated_case(spec)
    typed = f"{NAME} 10.11.2015"
    hidden = CaseView(spec, record).text_of(when, typed)
    assert NAME not in hidden and "10.11.2015" not in hidden and "2015" not in hidden
    assert "+6 mo" in hidden
    assert CaseView(spec, record, identified=True).text_of(when, typed) == typed


def test_a_measurement_prints_with_its_unit_except_where_the_column_names_it(
    spec: Spec,
) -> None:
    size = spec.field("lesion", "size_1_mm")  # declared in mm
    record = CaseRecord()
    entry = record.add_entry("lesion", {size.id: "120"})
    view = CaseView(spec, record)
    assert view.text(size, entry.values) == "120 mm"
    assert view.text(size, entry.values, unit=False) == "120"


def test_a_value_answered_not_stated_prints_in_words(spec: Spec) -> None:
    sex = role(spec, "sex")
    assert CaseView(spec, CaseRecord(values={sex.id: "?not_stated"})).role_text("sex") == (
        "Not stated"
    )


def test_an_other_marker_prints_its_typed_name_de_identified(spec: Spec) -> None:
    marker = spec.field("ihc_result", "marker")
    named = spec.field("ihc_result", "marker_other")
    name = next(f for f in spec.case_fields if f.phi and f.label == "Patient name")
    record = CaseRecord(values={name.id: NAME})
    entry = record.add_entry("ihc_result", {marker.id: "other", named.id: "XQ-7 clone"})
    assert CaseView(spec, record).text(marker, entry.values) == "XQ-7 clone"
    entry.values[named.id] = f"{NAME} antibody"
    hidden = CaseView(spec, record).text(marker, entry.values)
    assert NAME not in hidden and "antibody" in hidden
    assert CaseView(spec, record, identified=True).text(marker, entry.values) == (
        f"{NAME} antibody"
    )


def test_a_reference_to_an_entry_since_removed_prints_nothing(spec: Spec) -> None:
    record = lesions_seen_by_imaging(spec, ["Left breast mass"])
    ref = spec.field("imaging_study", "lesion")
    study = record.add_entry("imaging_study", {ref.id: "7"})  # no lesion 7 any more
    assert CaseView(spec, record).text(ref, study.values) == ""


def test_a_value_its_condition_hides_does_not_print(spec: Spec) -> None:
    """A specimen graded by FNCLCC that still holds a Nottingham grade (typed before the
    grading system was changed): only the FNCLCC grade prints."""
    system = spec.field("specimen", "grading_system")
    fnclcc, nottingham = (
        spec.field("specimen", "grade_fnclcc"),
        spec.field("specimen", "nottingham_grade"),
    )
    record = CaseRecord()
    entry = record.add_entry("specimen", {system.id: "fnclcc", fnclcc.id: "2", nottingham.id: "3"})
    view = CaseView(spec, record)
    assert view.text(nottingham, entry.values) == ""
    assert view.text(fnclcc, entry.values) == "Grade 2"
    assert view.grade_text() == "FNCLCC grade: Grade 2"


def test_the_key_facts_grade_names_each_graded_specimen_else_the_case_grade(
    spec: Spec,
) -> None:
    system, label = (
        spec.field("specimen", "grading_system"),
        spec.field("specimen", "specimen_label"),
    )
    fnclcc = spec.field("specimen", "grade_fnclcc")
    record = CaseRecord()
    record.add_entry("specimen", {system.id: "fnclcc", fnclcc.id: "2"})
    record.add_entry("specimen", {label.id: "Core biopsy"})  # not graded
    record.add_entry("specimen", {system.id: "fnclcc", fnclcc.id: "3", label.id: "Resection"})
    assert CaseView(spec, record).grade_text() == (
        "FNCLCC grade: Grade 2 (Specimen 1); FNCLCC grade: Grade 3 (Resection)"
    )
    case_grade = role(spec, "grade")
    record = CaseRecord(values={case_grade.id: "2"})
    record.add_entry("specimen", {label.id: "Core biopsy"})
    assert CaseView(spec, record).grade_text() == "Grade 2"


# ----- what a registry's own forms may declare otherwise ---------------------------------


def with_field(spec: Spec, field_id: str, **changes: Any) -> Spec:
    """`spec` with one field (of the case or of a group) declared otherwise."""

    def changed(fields: tuple[FieldSpec, ...]) -> tuple[FieldSpec, ...]:
        return tuple(replace(f, **changes) if f.id == field_id else f for f in fields)

    forms = tuple(
        replace(form, fields=changed(form.fields),
                groups=tuple(replace(g, fields=changed(g.fields)) for g in form.groups))
        for form in spec.forms
    )  # fmt: skip
    return replace(spec, forms=forms)


def test_a_form_without_a_title_prints_no_title(spec: Spec) -> None:
    title = next(f for f in spec.case_fields if f.summary == "title")
    plain = with_field(spec, title.id, summary="")
    record = CaseRecord(values={title.id: "Sarcoma of the thigh"})
    assert CaseView(spec, record).case_text("title") == "Sarcoma of the thigh"
    assert CaseView(plain, record).case_text("title") == ""


def test_an_identifier_that_is_a_choice_prints_its_label(spec: Spec) -> None:
    """A registry that marks sex as identifying: the identified summary lists it by its
    label in the vocabulary (resources/vocabularies), the de-identified one not at all."""
    sex = role(spec, "sex")
    marked = with_field(spec, sex.id, phi=True)
    record = CaseRecord(values={sex.id: "female"})
    assert CaseView(marked, record, identified=True).identifiers() == [("Sex", "Female")]
    assert CaseView(marked, record).role_text("sex") == ""


def test_an_other_name_shown_by_a_condition_on_the_case_prints(spec: Spec) -> None:
    """A form whose typed marker name applies only for some cases (its condition names a
    field of the case, not of the entry): where it applies, the typed name prints."""
    marker, named = spec.field("ihc_result", "marker"), spec.field("ihc_result", "marker_other")
    sex = role(spec, "sex")
    bound = with_field(spec, named.id, show_if=Condition(field=sex.id, equals="female"))
    record = CaseRecord(values={sex.id: "female"})
    entry = record.add_entry("ihc_result", {marker.id: "other", named.id: "XQ-7 clone"})
    assert CaseView(bound, record).text(marker, entry.values) == "XQ-7 clone"
    record.values[sex.id] = "male"
    assert CaseView(bound, record).text(marker, entry.values) == "Other marker"


def test_a_role_is_found_in_the_group_asked_for(spec: Spec) -> None:
    view = CaseView(spec, CaseRecord())
    case_side, lesion_side = view.role_field("laterality"), view.role_field("laterality", "lesion")
    assert case_side is not None and lesion_side is not None
    assert (case_side.group, lesion_side.group) == ("", "lesion")


def test_a_date_or_a_text_answered_not_stated_prints_in_words_when_de_identified(
    spec: Spec,
) -> None:
    record, when = dated_case(spec)
    keywords = role(spec, "keywords")
    record.values[keywords.id] = "?not_stated"
    entry = record.add_entry("specimen", {when.id: "?not_stated"})
    for view in (CaseView(spec, record), CaseView(spec, record, identified=True)):
        assert view.text(when, entry.values) == "Not stated"
        assert view.role_text("keywords") == "Not stated"
