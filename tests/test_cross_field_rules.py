"""Cross-field rules: dates in order (partial dates and offsets honestly compared), required
companions, no date in the future; with property-based tests of the validators."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.record import CaseRecord
from desktop_app.rules.chronology import span, surely_before
from desktop_app.rules.cross_field import check_rules
from desktop_app.spec import Spec
from desktop_app.spec.rule import FieldRef, FieldTest, RuleSpec

ORDER = RuleSpec(
    kind="date_order",
    message="{earlier} is after {later}",
    fields=(FieldRef.parse("date_of_birth"), FieldRef.parse("index_date"),
            FieldRef.parse("treatment.start_date")),
)  # fmt: skip
DEATH = RuleSpec(
    kind="requires",
    message="death recorded at follow-up without a date of death",
    severity="error",
    when=FieldTest(FieldRef.parse("followup_visit.status"), in_=("dod", "doc")),
    then=FieldTest(FieldRef.parse("treatment.end_date"), filled=True),
)


@pytest.fixture
def spec(spec: Spec) -> Spec:
    """The shipped specification, with the index date's role made certain for these tests."""
    forms = tuple(
        replace(form, fields=tuple(
            replace(f, role="index_date") if f.id == "index_date" else f for f in form.fields))
        for form in spec.forms
    )  # fmt: skip
    return replace(spec, forms=forms)


def test_dates_out_of_order_are_flagged_on_the_later_field(spec: Spec) -> None:
    record = CaseRecord(values={"date_of_birth": "1960-03-01", "index_date": "2015-05-10"})
    treatment = record.add_entry("treatment", {"start_date": "2015-04"})
    [problem] = check_rules(spec, record, (ORDER,))
    assert (problem.group, problem.entry_id, problem.field) == (
        "treatment",
        treatment.entry_id,
        "start_date",
    )
    assert problem.message == "Index date is after Start (Treatments)"


def test_partial_dates_and_offsets_are_compared_honestly(spec: Spec) -> None:
    record = CaseRecord(values={"index_date": "2015-05-10"})
    record.add_entry("treatment", {"start_date": "2015"})  # may be after 10 May: no problem
    record.add_entry("treatment", {"start_date": "+1m"})  # 10 June 2015
    assert check_rules(spec, record, (ORDER,)) == []
    record.add_entry("treatment", {"start_date": "-2m"})  # March 2015: before the index
    assert len(check_rules(spec, record, (ORDER,))) == 1
    relative = CaseRecord(values={"date_of_birth": "-57y"})
    relative.add_entry("treatment", {"start_date": "+3m"})
    assert check_rules(spec, relative, (ORDER,)) == []


def test_requires_names_the_entry_that_needs_the_companion(spec: Spec) -> None:
    record = CaseRecord()
    record.add_entry("followup_visit", {"status": "ned"})
    died = record.add_entry("followup_visit", {"status": "dod"})
    [problem] = check_rules(spec, record, (DEATH,))
    assert (problem.severity, problem.entry_id, problem.field) == ("error", died.entry_id, "status")
    record.add_entry("treatment", {"end_date": "+3m"})
    assert check_rules(spec, record, (DEATH,)) == []


def test_a_date_in_the_future_is_a_warning(spec: Spec) -> None:
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    record = CaseRecord(values={"index_date": tomorrow, "date_of_birth": str(date.today().year)})
    problems = check_rules(spec, record, ())
    assert [(p.field, p.message) for p in problems] == [("index_date", "lies in the future")]


days = st.integers(min_value=date(1900, 1, 1).toordinal(), max_value=date(2100, 1, 1).toordinal())


@given(days, days)
def test_full_dates_are_flagged_exactly_when_out_of_order(a: int, b: int) -> None:
    first, second = date.fromordinal(a).isoformat(), date.fromordinal(b).isoformat()
    earlier, later = span(first), span(second)
    assert earlier is not None and later is not None
    assert surely_before(later, earlier) == (b < a)


@given(days, st.sampled_from(["year", "month"]))
def test_a_partial_date_is_never_before_a_day_inside_it(day: int, precision: str) -> None:
    d = date.fromordinal(day)
    partial = str(d.year) if precision == "year" else f"{d.year:04d}-{d.month:02d}"
    whole, inside = span(partial), span(d.isoformat())
    assert whole is not None and inside is not None
    assert not surely_before(inside, whole) and not surely_before(whole, inside)


@given(st.integers(0, 40), st.integers(0, 11), st.integers(0, 40), st.integers(0, 11))
def test_offsets_order_like_the_time_they_name(y1: int, m1: int, y2: int, m2: int) -> None:
    a, b = span(f"+{y1}y{m1}m" if y1 or m1 else "+0d"), span(f"+{y2}y{m2}m" if y2 or m2 else "+0d")
    assert a is not None and b is not None
    if y2 * 12 + m2 + 1 < y1 * 12 + m1:
        assert surely_before(b, a)
    if y2 * 12 + m2 >= y1 * 12 + m1:
        assert not surely_before(b, a)


def test_the_shipped_rules_run_on_save_checks(spec: Spec) -> None:
    from desktop_app.rules.validation import check_record

    assert {r.kind for r in spec.rules} == {"date_order", "requires", "number_order"}
    record = CaseRecord(values={"date_of_birth": "1960", "index_date": "2015-05-10"})
    record.add_entry("followup_visit", {"visit_date": "2015-01", "status": "dod"})
    messages = {p.message for p in check_record(spec, record)}
    assert "a death is recorded at this visit, but the date of death is empty" in messages
    assert "a follow-up visit (Date (Follow-up visits)) is before the index date" in messages
    record.values["date_of_death"] = "2015-08"
    record.entries("followup_visit")[0].values["visit_date"] = "2015-09"
    messages = {p.message for p in check_record(spec, record) if p.message != "required"}
    assert messages == {"a follow-up visit is dated after the date of death"}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('kind = "date_order"\nfields = ["index_date", "nowhere"]\nmessage = "m"',
         "names 'nowhere', which is not a field"),
        ('kind = "date_order"\nfields = ["index_date", "sex"]\nmessage = "m"',
         "orders 'sex', which is not a date"),
        ('kind = "requires"\nwhen = { field = "sex", equals = "feminine" }\n'
         'then = { field = "index_date", filled = true }\nmessage = "m"',
         "tests 'sex' for 'feminine', not a code of sex"),
        ('kind = "sometimes"\nmessage = "m"', "has kind 'sometimes'"),
        ('kind = "requires"\nwhen = { field = "sex" }\nmessage = "m"', "(requires) when needs"),
    ],
)  # fmt: skip
def test_a_broken_rule_stops_start_up_with_file_and_line(
    tmp_path: Path, rule: str, expected: str
) -> None:
    import shutil

    from desktop_app.paths import forms_dir, resource_path
    from desktop_app.spec import SpecError, load_spec

    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    target = forms / "06_followup.toml"
    lines_before = len(target.read_text(encoding="utf-8").splitlines())
    with target.open("a", encoding="utf-8") as handle:
        handle.write(f"\n[[rule]]\n{rule}\n")
    with pytest.raises(SpecError) as caught:
        load_spec(forms, resource_path("vocabularies"))
    [problem] = caught.value.problems
    assert problem.file == "06_followup.toml" and problem.line == lines_before + 2
    assert expected in problem.message
