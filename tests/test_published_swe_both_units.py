"""Issue 11, Proof: a published case whose shear-wave elastography is given in both kPa and
m/s (P10, tests/published/case_p10.json: median 39.45 kPa and 3.62 m/s). Both are kept as
reported after a trip through the store; each shows the value the other gives beside it; and
whether they agree is judged on the case's own numbers.

By hand, with E = 3ρv², ρ = 1000 kg/m³: 3.62 m/s gives 3 × 1000 × 3.62² = 39 313 Pa, 39.3 kPa
(3.615–3.625 m/s: 39.2–39.4 kPa); 39.45 kPa gives √(39 450 / 3000) = 3.626 m/s, 3.63 m/s.
The report's 39.45 is 0.03 kPa above what 3.625 m/s gives, within the rounding of the
derived value (0.1 kPa): no warning. 3.60 m/s (3.595–3.605 m/s: 38.8–39.0 kPa) cannot give
39.45 kPa: a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.rules import derived
from desktop_app.rules.validation import check_record
from desktop_app.spec import Spec
from desktop_app.store import CaseStore

FIXTURE = Path(__file__).parent / "published" / "case_p10.json"


def p10(velocity: str | None = None) -> CaseRecord:
    record = CaseRecord.from_json(FIXTURE.read_text(encoding="utf-8"))
    if velocity is not None:
        record.entries("imaging_study")[0].values["swe_vmedian_ms"] = velocity
    return record


def swe_warnings(spec: Spec, record: CaseRecord) -> set[str]:
    return {
        p.field
        for p in check_record(spec, record)
        if p.severity == "warning" and p.field.startswith("swe_")
    }


def test_both_reported_units_are_kept_through_the_store(
    spec: Spec, sqlite_store: CaseStore
) -> None:
    saved = sqlite_store.save(p10(), user="test")
    assert saved.case_id is not None
    loaded = derived.with_derived(spec, sqlite_store.load(saved.case_id))
    study = loaded.entries("imaging_study")[0].values
    assert (study["swe_emedian_kpa"], study["swe_vmedian_ms"]) == ("39.45", "3.62")


def test_each_reported_unit_shows_the_value_the_other_gives_beside_it(
    spec: Spec, tmp_path: Path
) -> None:
    record = p10()
    fields = spec.group("imaging_study").fields
    values = record.entries("imaging_study")[0].values
    beside = derived.derived_beside(spec, record, fields, values)
    assert (beside["swe_emedian_kpa"], beside["swe_vmedian_ms"]) == ("39.3", "3.63")
    path = tmp_path / "p10.pdf"
    render_case_summary(spec, [record], path)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))
    assert "39.45 kPa (derived: 39.3 kPa)" in text
    assert "3.62 m/s (derived: 3.63 m/s)" in text
    assert "Valid measurements: 10" in text


def test_the_reports_own_pair_agrees_within_rounding(spec: Spec) -> None:
    record = p10()
    values = record.entries("imaging_study")[0].values
    assert derived.disagreements(spec, record, spec.group("imaging_study").fields, values) == {}
    assert swe_warnings(spec, record) == set()


@pytest.mark.parametrize("velocity", ["3.60", "3.58", "3.70"])
def test_a_velocity_that_cannot_give_the_reported_kpa_is_a_warning(
    spec: Spec, velocity: str
) -> None:
    """3.60 m/s gives 38.8–39.0 kPa (38.9, written "38.9"; its upper end, 39.0, is written
    "39" by the rule and must not be read as 38.5–39.5); 3.58 gives 38.4; 3.70 gives 41.1."""
    assert swe_warnings(spec, p10(velocity)) == {"swe_emedian_kpa", "swe_vmedian_ms"}


@pytest.mark.parametrize(
    ("kpa", "velocity"), [("38.88", "3.62"), ("38.88", "3.56"), ("26.7", "2.94")]
)
def test_a_derived_velocity_written_without_its_trailing_zero_is_still_read_to_the_hundredth(
    spec: Spec, kpa: str, velocity: str
) -> None:
    """38.88 kPa gives √(38 880 / 3000) = 3.600 m/s, and at both ends of its rounding
    (38.875–38.885 kPa) 3.600 too: the rule writes "3.6", which is 3.60 m/s, not 3.55–3.65.
    So 3.62 m/s (39.3 kPa) and 3.56 m/s (38.0 kPa) warn on the velocity as well as on the
    kPa. Likewise 26.7 kPa gives 2.983 (26.65–26.75: 2.98–2.99) and 2.94 m/s (25.9 kPa)."""
    record = p10()
    record.entries("imaging_study")[0].values.update(swe_emedian_kpa=kpa, swe_vmedian_ms=velocity)
    assert swe_warnings(spec, record) == {"swe_emedian_kpa", "swe_vmedian_ms"}
