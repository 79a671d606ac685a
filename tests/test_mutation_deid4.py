"""De-identification of a long number in groups without a cue word (issue 16; the open
survivors of deid/patterns.py's `_plausible`, docs/mutation.md, "deid: scrub, dates,
patterns"). A payment-card number passes the Luhn check (ISO/IEC 7812), which 9 in 10
other numbers fail; no numeric date spelling is groups of three digits or more alone.
Each test plants the number and writes out the text that must come out."""

from __future__ import annotations

from pathlib import Path

from desktop_app.deid import Scrubber
from desktop_app.exchange import export_records
from desktop_app.exchange.samples import sample_case
from desktop_app.rules.values import parse_date
from desktop_app.store import CaseStore

# Test numbers published by the card schemes; each passes the Luhn check.
VISA = "4111 1111 1111 1111"
AMEX = "3782 822463 10005"
# The example: sixteen digits in groups of four, and fails the Luhn check
# (sum 64: not a multiple of 10).
NOT_A_CARD = "1234 5678 9012 3456"


def test_a_card_number_without_a_cue_word_is_removed_as_an_identifier() -> None:
    scrub = Scrubber()
    cases = [
        (f"paid with {VISA} today", "paid with [identifier] today"),
        ("card 4111-1111-1111-1111.", "card [identifier]."),
        ("paid with 4111111111111111", "paid with [identifier]"),  # no spaces
        (f"Amex {AMEX}", "Amex [identifier]"),  # 15 digits, 4-6-5
        ("card 4111 1111 1111 1111 110", "card [identifier]"),  # 19 digits
        ("card 4222 222 222 222", "card [identifier]"),  # 13 digits, not a phone number
        ("card 4222222222222", "card [identifier]"),
        ("card 5555 5555 5555 4444", "card [identifier]"),  # fives doubled: 10 counts 1
        (f"ref {NOT_A_CARD}, card {VISA}", f"ref {NOT_A_CARD}, card [identifier]"),
    ]
    for text, expected in cases:
        assert scrub(text).text == expected, text


def test_a_card_number_after_a_phone_cue_word_is_an_identifier_not_a_phone() -> None:
    """Sixteen digits are more than a phone number has (E.164: fifteen), cue or not."""
    assert Scrubber()(f"Tel {VISA}").text == "Tel [identifier]"


def test_a_long_number_in_groups_that_fails_the_luhn_check_is_kept_as_typed() -> None:
    """No card number (it fails the check), more digits than a phone number, and no word
    such as 'account' before it: kept, as a list of values or a run of dates is. (After
    'Tel' its start is a phone number since the seventh session: test_mutation_deid5.py.)"""
    scrub = Scrubber()
    for text in (f"ref {NOT_A_CARD} here", "4111 1111 1111 1112"):
        assert scrub(text).text == text


def test_a_luhn_valid_number_of_twenty_digits_is_no_card_number() -> None:
    text = "4111 1111 1111 1111 1115"  # passes the check, but twenty digits: no card
    assert Scrubber()(text).text == text


def test_a_run_of_years_that_passes_the_luhn_check_is_kept() -> None:
    """2015201620172018 passes the check (sum 50); years stay (Safe Harbor keeps them)."""
    scrub = Scrubber()
    for text in ("2015 2016 2017 2018", "2015-2016-2017-2018"):
        assert scrub(text).text == text


def test_two_dates_in_numbers_side_by_side_are_each_a_date() -> None:
    scrub = Scrubber(index=parse_date("2015-10-10"))
    out = scrub("seen 2015-11-10 2015-12-10 again")
    assert out.text == "seen [+1 mo] [+2 mo] again"
    assert [r.original for r in out.replacements] == ["2015-11-10", "2015-12-10"]
    no_index = Scrubber()("10.11.2015 01.12.2016")
    assert no_index.text == "[2015] [2016]"
    assert len(no_index.replacements) == 2


def test_a_card_number_in_a_note_is_gone_from_the_de_identified_json(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    spec = sqlite_store.spec
    record = sample_case(spec, 1)
    note = next(f for f in spec.case_fields if f.type == "longtext" and not f.phi)
    record.values[note.id] = f"Paid by card {VISA}, ref {NOT_A_CARD}."
    sqlite_store.save(record)
    out = tmp_path / "out.json"
    export_records(sqlite_store, out, "json", deidentify=True)
    text = out.read_text(encoding="utf-8")
    assert "4111" not in text
    assert f"Paid by card [identifier], ref {NOT_A_CARD}." in text
