"""The benchmark's synthetic cases are real cases: valid for the specification, every tab
and every field type filled, several imaging studies and IHC markers, no two alike; and
the bulk writer stores them exactly as CaseStore.save would (same values, same audit)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.database import write_cases
from benchmarks.synth import CaseMaker
from desktop_app.rules.validation import check_record
from desktop_app.spec import Spec
from desktop_app.store import CaseStore


def test_synthetic_cases_are_valid_varied_and_fill_every_tab(spec: Spec) -> None:
    maker = CaseMaker(spec)
    cases = [maker.case(n) for n in range(40)]
    assert maker.case(7).to_json() == cases[7].to_json()  # the same n, the same case
    assert len({c.to_json() for c in cases}) == len(cases)
    for case in cases:
        assert not [p for p in check_record(spec, case) if p.severity == "error"]
    imaging = next(g for g in spec.groups if spec.role_field("birads", g.id))
    markers = next(g for g in spec.groups if spec.role_field("marker", g.id))
    assert min(len(c.entries(imaging.id)) for c in cases) >= 2
    assert min(len(c.entries(markers.id)) for c in cases) >= 3
    filled_types = set()
    for form in spec.forms:
        fields = [*form.fields, *(f for g in form.groups for f in g.fields)]
        for case in cases:
            keys = {(g, f) for g, _e, f in case.items()}
            assert any(f.key in keys for f in fields), f"{form.id} is empty"
            filled_types |= {f.type for f in fields if f.key in keys}
    assert filled_types == {f.type for f in spec.all_fields()}
    titles = spec.summary_field("title")
    assert titles is not None
    assert len({c.values[titles.id] for c in cases}) == len(cases)


def test_bulk_written_cases_read_back_as_saved_ones(spec: Spec, tmp_path: Path) -> None:
    maker = CaseMaker(spec)
    saved = CaseStore.open(tmp_path / "saved.sqlite", spec)
    bulk = CaseStore.open(tmp_path / "bulk.sqlite", spec)
    try:
        for n in range(3):
            saved.save(maker.case(n), user="bench")
        assert write_cases(bulk, maker.cases(3)) == 3
        for a, b in zip(saved.list_cases(), bulk.list_cases(), strict=True):
            assert (a.case_number, a.title, a.age, a.sex, a.site, a.diagnosis, a.icdo3,
                    a.status, a.problem_count) == (b.case_number, b.title, b.age, b.sex, b.site,
                    b.diagnosis, b.icdo3, b.status, b.problem_count)  # fmt: skip
            one, other = saved.load(a.case_id), bulk.load(b.case_id)
            assert one.items() == other.items() and one.entry_order() == other.entry_order()
            assert saved.versions(a.case_id)[1].items() == bulk.versions(b.case_id)[1].items()
    finally:
        saved.close()
        bulk.close()
