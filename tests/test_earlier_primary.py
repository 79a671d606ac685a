"""The earlier primary is entered in its group ("earlier_primary": site, side, date,
treatments); the three case fields an earlier form had still show and print where a case
stored them, and nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from desktop_app.record import CaseRecord
from desktop_app.report.case_summary import render_case_summary
from desktop_app.rules.completeness import item_missing
from desktop_app.rules.conditions import is_shown
from desktop_app.spec import Spec

OLD = {"prior_primary_site": "C50.9", "prior_primary_morphology": "8500/3",
       "prior_primary_date": "2009"}  # fmt: skip


def _pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def test_the_old_case_fields_show_only_where_a_case_stored_them(spec: Spec) -> None:
    fields = [spec.field("", f) for f in OLD]
    assert not any(is_shown(f, {}, {}) for f in fields)  # a new case: the group only
    assert all(is_shown(f, OLD, OLD) for f in fields)  # a stored case keeps showing them


def test_a_stored_old_earlier_primary_still_prints(spec: Spec, tmp_path: Path) -> None:
    path = tmp_path / "old.pdf"
    render_case_summary(spec, [CaseRecord(values={"case_number": "EP-1", **OLD})], path)
    text = _pdf_text(path)
    assert "Earlier primary: site" in text and "C50.9" in text
    assert "8500/3" in text


def test_care_item_5_is_covered_by_an_earlier_primary_entry(spec: Spec) -> None:
    [care] = spec.checklists
    [item] = [i for i in care.items if i.number == 5]
    record = CaseRecord(values={"age_at_presentation": "48", "sex": "female",
                                "presenting_complaint": "skin ecchymosis"})  # fmt: skip
    assert item_missing(spec, record, item)  # no history of any kind yet
    record.add_entry("earlier_primary", {"ep_site": "C50.9", "ep_laterality": "right"})
    assert item_missing(spec, record, item) == []
    old = CaseRecord(values={**record.values, **OLD})
    assert item_missing(spec, old, item) == []  # a case stored with the old fields
