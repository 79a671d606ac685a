"""De-identification, the survivors of the first mutation runs of deid/words.py,
deid/review.py and deid/case.py (issue 16; docs/mutation.md, "deid: first runs"). Each test
plants an identifier and writes out the text that must come out."""

from __future__ import annotations

import re

from desktop_app.deid import OwnValue, Scrubber, case_scrubber
from desktop_app.deid.review import review_rows
from desktop_app.deid.words import alternation
from desktop_app.exchange.deidentify import Deidentifier
from desktop_app.record import CaseRecord
from desktop_app.spec import FieldSpec, Spec
from tests.test_mutation_view import with_field


def phi(spec: Spec, label: str) -> FieldSpec:
    return next(f for f in spec.case_fields if f.phi and f.label == label)


def test_a_word_is_found_alone_and_as_the_start_of_a_longer_one() -> None:
    """'Mr' and 'Mrs', 'Nov' and 'November': the shorter word must match on its own (the
    titles and the months are built this way, a title missed lets the name after it out)."""
    pattern = re.compile(rf"(?:{alternation(['mr', 'mrs', 'nov', 'november'])})\Z")
    for word in ("mr", "mrs", "nov", "november"):
        assert pattern.match(word), word
    assert not pattern.match("no")


def test_a_phrase_matches_however_many_spaces_are_typed_between_its_words() -> None:
    """'seen  by' typed with two spaces (or a line break) is still the cue 'seen by'."""
    pattern = re.compile(rf"(?:{alternation(['seen by', 'referred by'])})\Z")
    for typed in ("seen by", "seen  by", "seen\nby", "referred   by"):
        assert pattern.match(typed), typed
    assert not pattern.match("seenby")


def test_the_review_names_a_case_by_its_place_when_the_forms_declare_no_case_number(
    spec: Spec,
) -> None:
    number = next(f for f in spec.case_fields if f.summary == "case_number")
    without = with_field(spec, number.id, summary="")
    record = CaseRecord(values={number.id: "R-7", phi(spec, "Patient name").id: "Okonkwo",
                                "keywords": "told Okonkwo"})  # fmt: skip
    rows = [(r.case, r.original, r.context) for r in review_rows(without, [record])]
    assert rows == [("case 1", "Okonkwo", "told [patient name]")]


def test_the_review_shows_years_when_the_export_writes_years(spec: Spec) -> None:
    index = spec.role_field("index_date")
    assert index is not None
    record = CaseRecord(values={"case_number": "R-8", index.id: "2015-05-10",
                                "keywords": "CT 10 Nov 2015, 12 mm"})  # fmt: skip
    shown = [r.context for r in review_rows(spec, [record], offsets=False)]
    assert shown == ["CT [2015], 12 mm"]
    shown = [r.context for r in review_rows(spec, [record])]
    assert shown == ["CT [+6 mo], 12 mm"]


def test_the_registrys_case_number_is_never_scrubbed(spec: Spec) -> None:
    """A case number that looks like a phone number or a date is the registry's own, and
    prints as written; only the free text beside it is scrubbed."""
    record = CaseRecord(values={"case_number": "2015-11-10/3",
                                phi(spec, "Patient name").id: "Okonkwo",
                                "keywords": "told Okonkwo"})  # fmt: skip
    rows = [(r.case, r.field, r.original) for r in review_rows(spec, [record])]
    assert rows == [("2015-11-10/3", "Keywords", "Okonkwo")]


def test_without_an_index_date_in_the_forms_dates_become_years(spec: Spec) -> None:
    index = spec.role_field("index_date")
    assert index is not None
    without = with_field(spec, index.id, role="")
    record = CaseRecord(values={index.id: "2015-05-10"})
    assert case_scrubber(without, record)("CT on 10 Nov 2015").text == "CT on [2015]"


def test_an_identifier_left_empty_removes_nothing(spec: Spec) -> None:
    """An empty name field (in the case, or in a group entry the forms mark identifying)
    must not turn into something to remove: the text typed stays whole."""
    marked = with_field(spec, "lesion_note", phi=True)
    record = CaseRecord(values={phi(spec, "Medical record number").id: "7788-123"})
    record.add_entry("lesion", {})
    text = "MRN 7788-123; name XXXX on the request, 12 mm"
    assert case_scrubber(marked, record)(text).text == (
        "MRN [medical record number]; name XXXX on the request, 12 mm"
    )


def test_an_index_date_written_as_an_offset_exports_absolute_dates_as_years(spec: Spec) -> None:
    """The demo cases store their index date as '+0d': a date typed in full in such a case
    has nothing to be measured from, and leaves as its year (never refused, never whole)."""
    index = spec.role_field("index_date")
    assert index is not None
    record = CaseRecord(values={index.id: "+0d", "onset_date": "2015-11-10",
                                "keywords": "CT 10 Nov 2015"})  # fmt: skip
    for dates in ("auto", "offset"):
        out = Deidentifier(spec, dates).apply(record)
        assert (out.values["onset_date"], out.values["keywords"]) == ("2015", "CT [2015]")


def test_each_spelling_of_an_own_identifier_is_removed_and_nothing_else() -> None:
    """deid/own.py: the case's own identifiers, each planted in text as a registrar finds it
    (another case, another accent, a number without its letters), and the clinical words
    and numbers beside it, which must stay."""
    cases = [
        ("Jürgen Müller", "MULLER, seen", "[name], seen"),  # accents folded
        ("Anna Strauß", "strauß family", "[name] family"),  # ß kept as written
        ("Jan van Dijk", "dijk family", "[name] family"),  # a word after 'van'
        ("Li Ng", "told Li and Ng", "told [name] and [name]"),  # two short words
        ("Ana Li", "told LI; Li-Fraumeni", "told [name]; Li-Fraumeni"),  # capitals only
        ("Li", "told Li, Ki-67 12%", "told [name], Ki-67 12%"),  # a short word alone
        ("AB 4471", "chart AB4471", "chart [name]"),  # four digits, separators left out
        ("PO Box 4471", "code 4471", "code [name]"),  # four digits inside a part
        ("4 Station Road", "Road traffic accident", "Road traffic accident"),  # generic
        ("12, Elm Road", "tumour 12 mm, Ki-67 12", "tumour 12 mm, Ki-67 12"),  # short part
        ("SW1A", "lives in SW1A", "lives in [name]"),  # a part of four characters
        ("Li", "LI-RADS 4", "LI-RADS 4"),  # a short part is no phrase
        # the longest spelling first, whatever its case: nothing of it left behind
        ("7788-123\n7788-123-4", "chart 7788-123-4.", "chart [name]."),
        ("elm road\nElm Road East", "Elm Road East", "[name]"),
    ]
    for value, text, expected in cases:
        assert Scrubber([OwnValue("name", value)])(text).text == expected, value


def test_an_identifier_that_begins_like_another_is_removed_whole() -> None:
    """Two record numbers of one case, one the start of the other and written in another
    case ("ab 7788", "AB 77889"): the longer one planted with other separators leaves no
    digit behind (its phrase spelling used to win over its number spelling, leaving "-9")."""
    for short, long in (("ab 7788", "AB 77889"), ("AB 7788", "ab 77889")):
        own = [OwnValue("record", short), OwnValue("record", long)]
        assert Scrubber(own)("chart AB-7788-9 reviewed").text == "chart [record] reviewed"
        assert Scrubber(own)("chart ab 7788 reviewed").text == "chart [record] reviewed"
