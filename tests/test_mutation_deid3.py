"""De-identification, the survivors of the mutation runs of deid/scrub.py, deid/dates.py and
deid/patterns.py (issue 16; docs/mutation.md, "deid: scrub, dates, patterns"). Each test
plants an identifier or a date and writes out the text that must come out."""

from __future__ import annotations

from collections import Counter
from datetime import date

from desktop_app.deid import OwnValue, Replacement, Scrubbed, Scrubber, case_scrubber, summary
from desktop_app.deid.review import review_rows
from desktop_app.record import CaseRecord
from desktop_app.rules.values import parse_date
from desktop_app.spec import FieldSpec, Spec

PATIENT = [OwnValue("patient name", "Anna Berg")]


def phi(spec: Spec, label: str) -> FieldSpec:
    return next(f for f in spec.case_fields if f.phi and f.label == label)


# ----- scrub.py -----------------------------------------------------------------------


def test_what_the_scrubber_returns_is_the_text_given_the_text_out_and_each_replacement() -> None:
    scrub = Scrubber([OwnValue("name", "Quartermaine")])
    assert scrub("told Quartermaine") == Scrubbed(
        "told Quartermaine", "told [name]", (Replacement(5, 17, "name", "Quartermaine", "[name]"),)
    )
    assert scrub("") == Scrubbed("", "", ())


def test_a_relatives_first_names_before_the_patients_surname_are_removed() -> None:
    """'Ines Berg called' (the daughter): the first names typed right before the patient's
    surname are a relative's name, wherever they stand and however they are spaced."""
    scrub = Scrubber(PATIENT)
    cases = [
        ("Ines Berg called", "[name] [patient name] called"),  # at the very start
        ("Yesterday Ines Berg phoned", "Yesterday [name] [patient name] phoned"),
        ("lives with Jo Joanne Berg", "lives with [name] [patient name]"),  # 'Jo' in 'Joanne'
        ("lives with Ines Maria Berg", "lives with [name] [patient name]"),
        ("lives with Ines  Maria Berg", "lives with [name] [patient name]"),  # two spaces
        ("lives with Ines\tMaria Berg", "lives with [name] [patient name]"),  # a tab
    ]
    for text, expected in cases:
        assert scrub(text).text == expected, text
    done = scrub("Ines Berg called")
    assert done.counts() == Counter({"name": 1, "patient name": 1})
    assert [(r.original, r.kind) for r in done.replacements] == [
        ("Ines", "name"),
        ("Berg", "patient name"),
    ]


def test_a_record_number_that_is_also_a_measurement_is_kept_as_the_measurement() -> None:
    """The case's record number 1500 and a blood loss of 1500 ml in the same note: the
    measurement stays, the record number after it is still removed as the case's own."""
    scrub = Scrubber([OwnValue("medical record number", "1500")])
    assert scrub("blood loss 1500 ml, MRN 1500.").text == (
        "blood loss 1500 ml, MRN [medical record number]."
    )


def test_a_date_without_a_year_is_removed_as_a_date() -> None:
    scrub = Scrubber(index=parse_date("2015-05-10"))
    assert scrub("CT on 14 July").text == "CT on [date]"


def test_a_distance_from_a_month_rather_than_a_day_is_marked_approximate() -> None:
    """'November 2015' is a month: its distance from the index date is approximate (≈);
    so is any distance from an index date that is itself a month."""
    by_day = Scrubber(index=parse_date("2015-05-10"))
    assert by_day("CT in November 2015").text == "CT in [≈+6 mo]"
    assert by_day("CT on 10 Nov 2015").text == "CT on [+6 mo]"
    by_month = Scrubber(index=parse_date("2015-05"))
    assert by_month("CT on 10 Nov 2015").text == "CT on [≈+6 mo]"


def test_a_date_of_birth_is_recognised_by_what_it_says(spec: Spec) -> None:
    """The date of birth 4 March 1961, however much of it a text gives; a date that
    differs in its day, month or year is another date (its year, without an index)."""
    record = CaseRecord(values={phi(spec, "Date of birth").id: "1961-03-04"})
    scrub = case_scrubber(spec, record)
    cases = [
        ("born 04/03/1961", "born [date of birth]"),
        ("born 03/04/1961", "born [date of birth]"),  # month first
        ("born 3/4/1961", "born [date of birth]"),  # month first, no zeros
        ("born 3/4/61", "born [date of birth]"),
        ("born 4 March 1961", "born [date of birth]"),
        ("born March 1961", "born [date of birth]"),  # no day
        ("birthday 4 March", "birthday [date of birth]"),  # no year
        ("seen 5 March 1961", "seen [1961]"),  # another day
        ("seen 4 April 1961", "seen [1961]"),  # another month
        ("seen 4 March 1962", "seen [1962]"),  # another year
    ]
    for text, expected in cases:
        assert scrub(text).text == expected, text


def test_a_date_of_birth_with_a_year_alone_is_no_date_of_the_text(spec: Spec) -> None:
    record = CaseRecord(values={phi(spec, "Date of birth").id: "1961"})
    assert case_scrubber(spec, record)("seen 4 March 1961").text == "seen [1961]"


def test_a_date_of_birth_with_a_month_alone_is_removed(spec: Spec) -> None:
    record = CaseRecord(values={phi(spec, "Date of birth").id: "1961-07"})
    assert case_scrubber(spec, record)("born July 1961").text == "born [date of birth]"


def test_a_two_digit_year_is_compared_with_a_date_of_birth_by_its_last_two_digits(
    spec: Spec,
) -> None:
    """A patient born 8 March 1924: '08.03.24' is the date of birth (a two-digit year is
    read as this century's); the visit on 8 March 2024, written in full, is not."""
    record = CaseRecord(values={phi(spec, "Date of birth").id: "1924-03-08"})
    scrub = case_scrubber(spec, record)
    for written in ("08.03.24", "8.3.24", "8 March '24", "March 8, 24"):
        assert scrub(f"DOB {written}").text == "DOB [date of birth]", written
    assert scrub("seen 8 March 2024").text == "seen [2024]"
    assert scrub("seen 8/3/2024").text == "seen [2024]"


def test_a_date_of_birth_found_inside_another_identifier_is_named_as_the_date_of_birth(
    spec: Spec,
) -> None:
    """Where a date of birth and another find overlap, it is the date of birth: the patient
    June Berg born in June, and a date of birth typed in words ("mid-July 1961")."""
    record = CaseRecord(values={phi(spec, "Patient name").id: "June Berg",
                                phi(spec, "Date of birth").id: "1961-06-14"})  # fmt: skip
    assert case_scrubber(spec, record)("born 14 June 1961").text == "born [date of birth]"
    record = CaseRecord(values={phi(spec, "Date of birth").id: "mid-July 1961"})
    assert case_scrubber(spec, record)("born July 1961").text == "born [date of birth]"


def test_where_two_of_the_cases_identifiers_overlap_the_longer_one_names_it() -> None:
    """The family's farm is called after them: 'Berg Farm' is the address, not the name."""
    scrub = Scrubber([*PATIENT, OwnValue("address", "Berg Farm, Hollow Lane")])
    assert scrub("lives at Berg Farm").text == "lives at [address]"


def test_the_review_marks_where_a_context_is_cut_and_only_there(spec: Spec) -> None:
    """The review shows 40 characters either side, with '…' where the text goes on."""
    before = "Seen in clinic for the left breast mass "
    after = " seen in clinic for the left breast mass"
    assert len(before) == len(after) == 40
    name = phi(spec, "Patient name")
    shown = []
    for keywords in (before + "Berg", "x" + before + "Berg", "Berg" + after, "Berg" + after + "y"):
        record = CaseRecord(values={"case_number": "R-1", name.id: "Anna Berg",
                                    "keywords": keywords})  # fmt: skip
        shown += [r.context for r in review_rows(spec, [record])]
    assert shown == [
        "Seen in clinic for the left breast mass [patient name]",
        "…Seen in clinic for the left breast mass [patient name]",
        "[patient name] seen in clinic for the left breast mass",
        "[patient name] seen in clinic for the left breast mass…",
    ]


def test_each_replacement_is_shown_where_it_is_in_the_printed_text() -> None:
    """Three replacements of different lengths in a short text: each row shows the whole
    printed text (the positions add up across the replacements before it)."""
    scrub = Scrubber([OwnValue("name", "Quartermaine"), OwnValue("mrn", "7788-123")])
    done = scrub("Mr Quartermaine, MRN 7788-123, CT 10 Nov 2015")
    assert done.text == "Mr [name], MRN [mrn], CT [2015]"
    assert done.in_context(40) == [done.text] * 3


def test_the_footer_names_kinds_ending_in_sh_or_ch_in_their_plural() -> None:
    """A registry's own forms may mark other fields identifying ('Birth parish')."""
    counts = Counter({"birth parish": 2, "church": 3, "address": 2})
    assert summary(counts) == "3 churches, 2 addresses, 2 birth parishes removed"


# ----- dates.py -----------------------------------------------------------------------


def test_a_month_and_its_year_written_together_are_a_month_not_a_day() -> None:
    """'November 2015' names a month: never read as 20 November 2015 (day '20', year '15'),
    which placed it to the day and lost its ≈."""
    scrub = Scrubber(index=parse_date("2015-05-10"))
    assert scrub("CT in November 2015").text == "CT in [≈+6 mo]"
    assert scrub("CT on November 20, 2015").text == "CT on [+6 mo]"
    assert scrub("CT on November 20 2015").text == "CT on [+6 mo]"


def test_a_measurement_after_a_date_without_a_year_is_no_year() -> None:
    """'14 July, 12 mm': 12 mm is the size, not the year 2012."""
    scrub = Scrubber(index=parse_date("2015-05-10"))
    assert scrub("CT on 14 July, 12 mm").text == "CT on [date], 12 mm"
    assert scrub("CT on July 14, 12 mm").text == "CT on [date], 12 mm"


def test_a_date_that_cannot_exist_is_removed_all_the_same() -> None:
    """A slip of the keyboard ('31.06.2015': June has 30 days) is still a date of the
    patient's: it leaves as its year, or as [date] without one, never as typed."""
    scrub = Scrubber(index=parse_date("2015-05-10"))
    assert scrub("CT 31.06.2015, 12 mm").text == "CT [2015], 12 mm"
    assert scrub("CT on 30 February, 12 mm").text == "CT on [date], 12 mm"
    assert scrub("CT 2015-02-30").text == "CT [2015]"
    assert scrub("CT on 31 June 2015; 31/04/15").text == "CT on [2015]; [2015]"


def test_a_date_of_birth_on_the_29th_of_february_is_found_without_its_year(spec: Spec) -> None:
    record = CaseRecord(values={phi(spec, "Date of birth").id: "1960-02-29"})
    scrub = case_scrubber(spec, record)
    assert scrub("birthday 29 February").text == "birthday [date of birth]"
    assert scrub("born 29.02.60").text == "born [date of birth]"


def test_a_date_of_birth_with_day_and_month_both_up_to_12_is_found_in_either_order(
    spec: Spec,
) -> None:
    record = CaseRecord(values={phi(spec, "Date of birth").id: "1961-12-03"})
    scrub = case_scrubber(spec, record)
    assert scrub("born 03/12/1961").text == "born [date of birth]"
    assert scrub("born 12/03/1961").text == "born [date of birth]"  # month first
    assert scrub("born 12/3/1961").text == "born [date of birth]"


def test_a_year_written_with_an_apostrophe_is_read(spec: Spec) -> None:
    record = CaseRecord(values={phi(spec, "Date of birth").id: "1961-07-14"})
    scrub = case_scrubber(spec, record)
    assert scrub("born 14 July '61").text == "born [date of birth]"
    assert scrub("born July 14, ’61").text == "born [date of birth]"


def test_a_two_digit_year_up_to_this_years_is_this_centurys() -> None:
    """'10.11.95' is 1995; '10.11.25' is 2025; this year's two digits are this year."""
    scrub = Scrubber(index=parse_date("2015-05-10"))
    assert scrub("CT 10.11.95").text == "CT [−19 y 6 mo]"
    assert Scrubber(index=parse_date("2025-05-10"))("CT 10.11.25").text == "CT [+6 mo]"
    this = date.today().year
    index = Scrubber(index=parse_date(f"{this}-05-10"))
    assert index(f"CT 10.11.{this % 100:02d}").text == "CT [+6 mo]"


def test_a_month_that_is_also_a_word_is_a_date_only_beside_a_year() -> None:
    """'may', 'Mar': beside a year they are months; beside a day alone too often not."""
    scrub = Scrubber()
    cases = [
        ("dose 3 may be reduced; CT 14 July 2015", "dose 3 may be reduced; CT [2015]"),
        ("Mar 3 cycles, seen in may 2015", "Mar 3 cycles, seen in [2015]"),
        ("seen 3 May 2015", "seen [2015]"),
        ("seen May 3, 2015", "seen [2015]"),
    ]
    for text, expected in cases:
        assert scrub(text).text == expected, text


def test_a_date_with_the_month_first_is_read_when_no_day_first_reading_exists() -> None:
    """'5/13/2015' is 13 May; '3/12/2015' is 3 December (day first where both readings
    exist); '12/13/2015' is 13 December; '13/12/2015' is 13 December."""
    scrub = Scrubber(index=parse_date("2015-05-10"))
    cases = [
        ("seen 5/13/2015", "seen [+3 d]"),
        ("seen 3/12/2015", "seen [+7 mo]"),
        ("seen 12/13/2015", "seen [+7 mo]"),
        ("seen 13/12/2015", "seen [+7 mo]"),
        ("seen 1/6/2015", "seen [+3 wk]"),
        ("seen 3/31/2015", "seen [−1 mo]"),
    ]
    for text, expected in cases:
        assert scrub(text).text == expected, text


def test_three_numbers_that_no_reading_makes_a_day_and_a_month_are_kept() -> None:
    """Scores and ratios written like a date: no day-and-month reading exists, so they
    stay as typed, and a date after them is still found."""
    kept = ["15/20/25", "13/13/20", "14/13/20", "0/3/12", "3/0/12", "45/12/20", "12/45/20",
            "32/3/20", "3/32/20"]  # fmt: skip
    scrub = Scrubber()
    for numbers in kept:
        text = f"counts {numbers}; seen 1/3/2015"
        assert scrub(text).text == f"counts {numbers}; seen [2015]", numbers


def test_a_month_written_in_numbers_with_its_year_is_a_month() -> None:
    """'11/2015' and '2015-11' name November 2015: an approximate distance."""
    scrub = Scrubber(index=parse_date("2015-05-10"))
    assert scrub("CT 11/2015 and 2015-11").text == "CT [≈+6 mo] and [≈+6 mo]"


def test_a_date_of_birth_is_found_as_month_and_day_and_as_year_and_month(spec: Spec) -> None:
    record = CaseRecord(values={phi(spec, "Date of birth").id: "1961-07-14"})
    scrub = case_scrubber(spec, record)
    assert scrub("birthday July 14").text == "birthday [date of birth]"
    assert scrub("born 1961-07, 07/1961").text == "born [date of birth], [date of birth]"


# ----- patterns.py --------------------------------------------------------------------


def test_a_name_after_a_cue_or_a_title_is_removed_whole() -> None:
    """Names found by their shape, whoever the patient: after 'seen by', 'Dr'; an
    initial 'A.' is a name's, not the article; a word that is never a name ends it."""
    scrub = Scrubber()
    cases = [
        ("seen by A. Berg", "seen by [name]"),
        ("seen by Anna Berg Today", "seen by [name] Today"),
        ("letter to Dr SMITH", "letter to Dr [name]"),  # capitals after a title: a name
        ("signed by J.", "signed by [name]"),
        ("reviewed by ANNA BERG", "reviewed by [name]"),
        ("caused by RT", "caused by RT"),  # capitals after a cue, alone: an acronym
        ("seen by The team", "seen by The team"),
        ("caused by MGT metastases, reviewed by Anna Berg",
         "caused by MGT metastases, reviewed by [name]"),
    ]  # fmt: skip
    for text, expected in cases:
        assert scrub(text).text == expected, text


def test_a_phone_number_without_a_cue_needs_the_look_of_one() -> None:
    """Seven digits or more in groups, or a country code: a phone; six digits, or seven in
    two groups, stay (too often a count); a cue word ('Tel') makes six digits a phone."""
    scrub = Scrubber()
    cases = [
        ("values 123 456 and 123 4567", "values 123 456 and 123 4567"),
        ("home 555 12 34", "home [phone]"),
        ("home 7946 0958", "home [phone]"),
        ("home +31234 56", "home [phone]"),
        ("values 123 456; home 020 7946 0958", "values 123 456; home [phone]"),
        ("Tel 123 456", "Tel [phone]"),
        ("bleep 1234", "bleep 1234"),  # a cue, four digits: an extension, not a phone
        ("home +86 10 1234 5678 901", "home [phone]"),  # fifteen digits
        ("Tel +86 10 1234 5678 901", "Tel [phone]"),
        # a country code after the international prefix 00: fifteen digits after it
        ("home 0049 1512 3456 7890", "home [phone]"),
        ("Tel 0049 1512 3456 7890", "Tel [phone]"),
    ]
    for text, expected in cases:
        assert scrub(text).text == expected, text


def test_an_address_on_the_web_is_removed_in_a_text_without_a_dot() -> None:
    scrub = Scrubber()
    assert scrub("see http://intranet/records/4471").text == "see [URL]"
    assert scrub("see www.example.org/case/4471.").text == "see [URL]."
