"""The error report's redaction finds an identifier whatever its case (issue 12, finding
10): a surname typed "Smith" is also removed where a message spells it "SMITH" or "smith"."""

from __future__ import annotations

from desktop_app.logs import REMOVED, redact


def test_identifiers_are_removed_in_any_case() -> None:
    text = "KeyError: 'SMITH' while printing smith, Anna-maria (MRN ab-1234, mrn AB-1234)"
    assert redact(text, ["Anna-Maria Smith", "AB-1234"]) == (
        f"KeyError: '{REMOVED}' while printing {REMOVED}, {REMOVED} (MRN {REMOVED}, mrn {REMOVED})"
    )


def test_what_redaction_removes_is_taken_literally() -> None:
    # an identifier holding regular-expression characters matches only itself
    assert redact("A+B.C* and AAB-C", ["a+b.c*"]) == f"{REMOVED} and AAB-C"
    assert redact("nothing here", ["Smith"]) == "nothing here"
