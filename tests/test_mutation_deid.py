"""De-identification of a case's free text, with identifiers planted in each test and the
expected text written out (issue 16: the survivors of mutation testing of deid/*.py). What
must never come out is the planted identifier; what must come out unchanged is the clinical
number beside it."""

from __future__ import annotations

from collections import Counter

from desktop_app.deid import OwnValue, Scrubber, case_scrubber, summary
from desktop_app.deid.review import review_rows
from desktop_app.record import CaseRecord
from desktop_app.rules.values import parse_date
from desktop_app.spec import FieldSpec, Spec
from tests.test_mutation_view import with_field

NAME, MRN = "Quartermaine", "7788-123"


def phi(spec: Spec, label: str) -> FieldSpec:
    return next(f for f in spec.case_fields if f.phi and f.label == label)


def index_field(spec: Spec) -> FieldSpec:
    f = spec.role_field("index_date")
    assert f is not None
    return f


def test_the_case_identifiers_are_replaced_by_what_they_are(spec: Spec) -> None:
    record = CaseRecord(values={phi(spec, "Patient name").id: NAME,
                                phi(spec, "Medical record number").id: MRN})  # fmt: skip
    out = case_scrubber(spec, record)(f"Mr {NAME.upper()} (chart 7788123), Ki-67 12%")
    assert out.text == "Mr [patient name] (chart [medical record number]), Ki-67 12%"


def test_an_identifier_typed_in_a_group_entry_is_removed_everywhere(spec: Spec) -> None:
    """A registry's forms may mark a field of a group as identifying (a referring doctor's
    name on each imaging study): its value is the case's identifier like any other."""
    marked = with_field(spec, "lesion_note", phi=True)
    record = CaseRecord()
    record.add_entry("lesion", {"lesion_note": "Okonkwo-Reyes"})
    record.add_entry("lesion", {})  # an entry with nothing in it
    out = case_scrubber(marked, record)("Reviewed with Okonkwo-Reyes; 120 mm mass").text
    assert "Okonkwo" not in out and "Reyes" not in out and "120 mm" in out


def test_dates_become_distances_from_an_absolute_index_date_else_years(spec: Spec) -> None:
    text = "CT on 10 Nov 2015"
    for index, expected in (
        ("2015-05-10", "CT on [+6 mo]"),
        ("", "CT on [2015]"),  # no index date
        ("+0d", "CT on [2015]"),  # an index date that is itself an offset
        ("spring", "CT on [2015]"),  # an index date that cannot be read
    ):
        record = CaseRecord(values={index_field(spec).id: index} if index else {})
        assert case_scrubber(spec, record)(text).text == expected, index
    record = CaseRecord(values={index_field(spec).id: "2015-05-10"})
    assert case_scrubber(spec, record, offsets=False)(text).text == "CT on [2015]"


def test_a_date_of_birth_that_cannot_be_read_is_removed_as_written(spec: Spec) -> None:
    record = CaseRecord(values={phi(spec, "Date of birth").id: "14 Quintilis 1961"})
    out = case_scrubber(spec, record)("born 14 Quintilis 1961, seen 2 cores").text
    assert "Quintilis" not in out and "[date of birth]" in out and "2 cores" in out


def test_a_date_of_birth_is_removed_in_every_spelling(spec: Spec) -> None:
    record = CaseRecord(values={phi(spec, "Date of birth").id: "1961-07-14",
                                index_field(spec).id: "2015-05-10"})  # fmt: skip
    scrub = case_scrubber(spec, record)
    for written in ("14.7.61", "14 July 1961", "July 14, 1961", "19610714", "14071961",
                    "07141961", "140761", "7/14/1961"):  # fmt: skip
        assert scrub(f"born {written}.").text == "born [date of birth].", written


def test_the_review_lists_each_replacement_by_case_field_and_context(spec: Spec) -> None:
    """What the registrar looks over before a de-identified file is written: one row per
    replacement, the case named by its number (or its place when it has none)."""
    name = phi(spec, "Patient name")
    numbered = CaseRecord(values={"case_number": "R-7", name.id: NAME,
                                  "keywords": f"{NAME} family, seen 10 Nov 2015",
                                  index_field(spec).id: "2015-05-10"})  # fmt: skip
    unnumbered = CaseRecord(values={name.id: "Okonkwo"})
    unnumbered.add_entry("lesion", {"lesion_note": "told Okonkwo"})
    unnumbered.add_entry("lesion", {})
    rows = [(r.case, r.field, r.kind, r.original, r.context)
            for r in review_rows(spec, [numbered, unnumbered])]  # fmt: skip
    assert rows == [
        ("R-7", "Keywords", "patient name", NAME, "[patient name] family, seen [+6 mo]"),
        ("R-7", "Keywords", "date", "10 Nov 2015", "[patient name] family, seen [+6 mo]"),
        ("case 2", "Note", "patient name", "Okonkwo", "told [patient name]"),
    ]


def test_the_footer_names_each_kind_in_its_plural(spec: Spec) -> None:
    counts = Counter({"patient name": 3, "address": 2, "date of birth": 2, "fax": 2,
                      "date": 1, "phone": 1})  # fmt: skip
    assert summary(counts) == (
        "3 patient names, 2 addresses, 2 dates of birth, 2 faxes, 1 date, 1 phone removed"
    )
    assert summary(Counter()) == ""


def test_a_replacement_is_shown_in_its_printed_surroundings() -> None:
    scrub = Scrubber([OwnValue("patient name", "Ines Berg")])
    done = scrub("x" * 50 + " Berg " + "y" * 50)
    assert done.in_context(10) == ["…" + "x" * 9 + " [patient name] " + "y" * 9 + "…"]
    assert scrub("Berg, Berg").in_context(40) == ["[patient name], [patient name]"] * 2


def test_a_date_of_birth_is_recognised_in_either_order_of_day_and_month() -> None:
    scrub = Scrubber(own_dates=[("date of birth", parse_date("1961-07-14"))],
                     index=parse_date("2015-05-10"))  # fmt: skip
    assert scrub("born 7/14/1961").text == "born [date of birth]"  # month first
    assert scrub("born 14/7/1961").text == "born [date of birth]"  # day first
    assert scrub("born 14/7/61").text == "born [date of birth]"  # two-digit year
    assert scrub("seen 3/4/1961").text == "seen [−54 y 1 mo]"  # another date: its distance
    assert scrub("seen 14/7/1962").text == "seen [−52 y 10 mo]"  # another year
