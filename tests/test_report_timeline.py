"""Time in the report: dates, offsets and partial dates on one axis from the index date."""

from __future__ import annotations

import pytest

from desktop_app.record import CaseRecord
from desktop_app.report.dates import (
    compact_months,
    compact_offset,
    date_text,
    months_from_index,
    parse_or_none,
    years_between,
)
from desktop_app.report.timeline import (
    stretches,
    tick_label,
    tick_step,
    timeline_drawing,
    timeline_events,
)
from desktop_app.report.view import CaseView
from desktop_app.rules.values import parse_date
from desktop_app.spec import GroupSpec, Spec

INDEX = parse_date("2015-05-10")


def test_offsets_and_absolute_dates_meet_on_one_measure() -> None:
    assert months_from_index(parse_date("+6m"), None) == 6
    assert months_from_index(parse_date("-15y"), INDEX) == -180
    assert months_from_index(parse_date("+2y4m"), INDEX) == 28
    assert months_from_index(parse_date("2015-11-10"), INDEX) == pytest.approx(6, abs=0.1)
    assert months_from_index(parse_date("2016"), INDEX) == pytest.approx(13.7, abs=0.3)
    assert months_from_index(parse_date("2015-11-10"), None) is None
    assert months_from_index(parse_date("2015-11-10"), parse_date("+1m")) is None


def test_distances_read_short() -> None:
    assert compact_offset((0, 6, 0, 0)) == "+6 mo"
    assert compact_offset((-15, 0, 0, 0)) == "−15 y"
    assert compact_offset((2, 4, 0, 0)) == "+2 y 4 mo"
    assert compact_offset((0, 0, 0, 0)) == "index"
    assert compact_months(0.1) == "+3 d"
    assert compact_months(-30) == "−2 y 6 mo"


def test_de_identified_dates_print_as_distances_from_the_index_date() -> None:
    assert date_text("2015-06-10", INDEX, relative=True) == "+1 mo"
    assert date_text("2015-06", INDEX, relative=True) == "≈+1 mo"
    assert date_text("2015-06-10", None, relative=True) == "2015"
    assert date_text("2015-06-10", INDEX, relative=False) == "10 June 2015"
    assert date_text("-15y", INDEX, relative=True) == "−15 y"
    assert parse_or_none("not a date") is None and parse_or_none("") is None


def test_an_approximate_month_says_about_once_when_de_identified() -> None:
    """'~2015-06' is about June 2015: de-identified, 'about +1 mo', not 'about ≈+1 mo'; a
    date before or after a month keeps the sign that its distance is rounded too."""
    assert date_text("~2015-06", INDEX, relative=True) == "about +1 mo"
    assert date_text("~2015-06-10", INDEX, relative=True) == "about +1 mo"
    assert date_text("<2015-06", INDEX, relative=True) == "before ≈+1 mo"
    assert date_text("~2015-06", INDEX, relative=False) == "about June 2015"


def test_age_from_two_full_dates() -> None:
    assert years_between(parse_date("1958-03-02"), INDEX) == 57
    assert years_between(parse_date("1958-06-02"), INDEX) == 56
    assert years_between(parse_date("1958"), INDEX) is None


def test_a_long_empty_stretch_breaks_the_axis() -> None:
    parts = stretches([-180.0, 0.0, 1.0, 3.0], 0, 500)
    assert len(parts) == 2
    assert parts[0].lo <= -180 <= parts[0].hi and parts[1].lo <= 0 and parts[1].hi >= 3
    assert parts[1].width > parts[0].width  # the months that matter get the room
    assert len(stretches([0.0, 2.0, 5.0, 30.0], 0, 500)) == 1


def test_scale_in_months_or_years_as_fits() -> None:
    assert tick_step(6, 400) == (1.0, False)
    assert tick_step(200, 400)[1] is True
    assert tick_label(6, False) == "+6 mo"
    assert tick_label(-180, True) == "−15 y"
    assert tick_label(0, True) == "index"


def dated_group(spec: Spec, *roles: str) -> GroupSpec:
    for group in spec.groups:
        if all(spec.role_field(r, group.id) for r in ("event_date", *roles)):
            return group
    pytest.fail(f"no dated group has the roles {roles}")


def test_every_dated_event_is_placed(spec: Spec) -> None:
    index = spec.role_field("index_date")
    assert index is not None, "no field has the role index_date"
    imaging = dated_group(spec, "modality")
    treatment = dated_group(spec, "treatment_modality")
    record = CaseRecord()
    record.values[index.id] = "2015-05-10"
    when = spec.role_field("event_date", imaging.id)
    kind = spec.role_field("modality", imaging.id)
    assert when is not None and kind is not None
    code = spec.vocabulary(kind.vocabulary).terms[0].code
    for date in ("+0d", "+6m", "2015-08", "-15y"):
        record.add_entry(imaging.id, {when.id: date, kind.id: code})
    start = spec.role_field("event_date", treatment.id)
    end = spec.role_field("event_end_date", treatment.id)
    assert start is not None
    record.add_entry(treatment.id, {start.id: "+1m", **({end.id: "+4m"} if end else {})})
    view = CaseView(spec, record)
    events, unplaced = timeline_events(view)
    assert sorted(round(e.months) for e in events) == [-180, 0, 0, 1, 3, 6]
    assert unplaced == []
    assert [e.approximate for e in events if round(e.months) == 3] == [True]
    if end is not None:
        assert [e.end for e in events if e.end is not None] == [4]
    drawn = timeline_drawing(view)
    assert drawn is not None and "years" in drawn[2]  # fifteen years before: read in years
    # Without an index date, an absolute date cannot be placed among offsets.
    del record.values[index.id]
    events, unplaced = timeline_events(CaseView(spec, record))
    assert len(events) == 4 and len(unplaced) == 1


def test_nothing_dated_draws_nothing(spec: Spec) -> None:
    assert timeline_drawing(CaseView(spec, CaseRecord())) is None
