"""De-identification of a phone number or a card number with more after it (issue 16;
docs/mutation.md, "deid.patterns: a number with more after it"). A cued phone number that
runs on into other numbers loses the phone number, not nothing; a number in groups
followed by ' x 2' (an extension, a count) is removed whole, not cut before its last
group. Each test plants the text and writes out, by hand, what must come out."""

from __future__ import annotations

from pathlib import Path

from desktop_app.deid import Scrubber
from desktop_app.exchange import export_records
from desktop_app.exchange.samples import sample_case
from desktop_app.rules.values import parse_date
from desktop_app.store import CaseStore

VISA = "4111 1111 1111 1111"  # a scheme's test number: passes the Luhn check
NOT_A_CARD = "1234 5678 9012 3456"  # fails it (sum 64)


def test_a_cued_phone_number_followed_by_more_numbers_is_removed() -> None:
    """Seventeen digits are no phone number; the phone number is the longest run of whole
    groups at the start that could be one, ending in a group of three digits or more
    (where one does): what follows is left to the other rules ('12 2015' is no date)."""
    scrub = Scrubber()
    cases = [
        ("Tel 020 7946 0958 12 2015", "Tel [phone] 12 2015"),
        ("Phone: 020 7946 0958 12 2015, seen", "Phone: [phone] 12 2015, seen"),
        ("Tel +44 20 7946 0958 12 2015", "Tel [phone] 12 2015"),
        # fifteen digits, ending in a group of four, can be one: the longest is taken
        ("fax 020-7946-0958 1234 5678", "fax [phone] 5678"),
        # groups of two throughout (the French way): the longest that can be one
        ("Tel 01 23 45 67 89 12 2015", "Tel [phone] 2015"),
        # a cue word then a number too long for a phone and no card: its start is one
        (f"Tel {NOT_A_CARD}", "Tel [phone] 3456"),
    ]
    for text, expected in cases:
        assert scrub(text).text == expected, text
    out = scrub("Tel 020 7946 0958 12 2015")
    assert [r.original for r in out.replacements] == ["020 7946 0958"]


def test_a_card_number_after_a_cue_word_is_still_one_identifier() -> None:
    assert Scrubber()(f"Tel {VISA}").text == "Tel [identifier]"


def test_a_number_in_groups_followed_by_x_is_removed_whole() -> None:
    scrub = Scrubber()
    cases = [
        (f"{VISA} x 2", "[identifier] x 2"),
        (f"card {VISA} × 3", "card [identifier] × 3"),
        (f"card {VISA} mm", "card [identifier] mm"),  # the check makes it a card
        ("Tel 020 7946 0958 x 2", "Tel [phone] x 2"),  # an extension
        ("call 020 7946 0958 x 214", "call [phone] x 214"),
        ("ring 020 7946 0958 x 2", "ring [phone] x 2"),  # no cue word
    ]
    for text, expected in cases:
        assert scrub(text).text == expected, text
    out = scrub(f"{VISA} x 2")
    assert [r.original for r in out.replacements] == [VISA]


def test_measurements_years_dates_and_other_numbers_are_unchanged() -> None:
    scrub = Scrubber()
    for text in (
        "tumour 12 x 8 mm",
        "12 x 8 x 5 mm",
        "12 × 8 mm, 3 x 2 cm",
        "1 000 000 cells",
        "12 14 16 18 mm",
        "2015 2016 2017 2018",
        "2015 2016 2017 2018 x 2",
        f"ref {NOT_A_CARD} here",  # fails the check, no cue word: kept (docs)
        f"ref {NOT_A_CARD} x 2",
        "4111 1111 1111 1112",
    ):
        assert scrub(text).text == text, text


def test_a_run_of_dates_is_still_each_a_date() -> None:
    dated = Scrubber(index=parse_date("2015-10-10"))
    assert dated("seen 2015-11-10 2015-12-10 x 2").text == "seen [+1 mo] [+2 mo] x 2"
    assert Scrubber()("10.11.2015 01.12.2016 02.01.2017").text == "[2015] [2016] [2017]"


def test_both_leaks_are_gone_from_the_de_identified_json(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    spec = sqlite_store.spec
    record = sample_case(spec, 1)
    note = next(f for f in spec.case_fields if f.type == "longtext" and not f.phi)
    record.values[note.id] = (
        f"Family reached on tel 020 7946 0958 12 2015. Paid by {VISA} x 2. Mass 12 x 8 mm."
    )
    sqlite_store.save(record)
    out = tmp_path / "out.json"
    export_records(sqlite_store, out, "json", deidentify=True)
    text = out.read_text(encoding="utf-8")
    for digits in ("7946", "0958", "4111", "1111"):
        assert digits not in text
    assert (
        "Family reached on tel [phone] 12 2015. Paid by [identifier] x 2. Mass 12 x 8 mm." in text
    )


def test_a_phone_number_ending_in_a_group_of_three_is_preferred() -> None:
    """'0800 123 456' (ten digits) rather than '0800 123 456 12' (twelve): the longest run
    that ends in a group of three digits or more, not merely the longest."""
    assert Scrubber()("Tel 0800 123 456 12 2015").text == "Tel [phone] 12 2015"


def test_fifteen_digits_after_a_cue_word_are_one_phone_number_whole() -> None:
    """Fifteen digits can be one (E.164): nothing is cut off it, even a last group of one."""
    assert Scrubber()("Tel 020 7946 0958 123 1").text == "Tel [phone]"


def test_a_short_phone_number_after_a_cue_word_ending_in_four_digits_is_preferred() -> None:
    """'555 1234' (seven digits in two groups) is a phone number only after a cue word; it is
    preferred to the longer '555 1234 12 12', which ends in a group of two."""
    assert Scrubber()("Tel 555 1234 12 12 12345").text == "Tel [phone] 12 12 12345"


def test_with_no_group_of_three_the_longest_phone_number_is_taken() -> None:
    """Every prefix that can be one ends in a group of one or two digits: the longest
    ('01234 56 78 9 10', fourteen digits) is taken, not nothing."""
    out = Scrubber()("Tel 01234 56 78 91 0 12345")
    assert out.text == "Tel [phone] 12345"
    assert [r.original for r in out.replacements] == ["01234 56 78 91 0"]
