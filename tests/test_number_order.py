"""The `number_order` rule: lymph nodes positive never more than examined, within one
specimen or one axillary procedure; qualified numbers are compared by what they surely are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.paths import forms_dir, resource_path
from desktop_app.record import CaseRecord
from desktop_app.rules.validation import check_record
from desktop_app.spec import Spec, SpecError, load_spec


def node_problems(spec: Spec, record: CaseRecord) -> list[tuple[str, int, str, str]]:
    return [(p.group, p.entry_id, p.field, p.message) for p in check_record(spec, record)
            if "positive than examined" in p.message]  # fmt: skip


@pytest.mark.parametrize(
    ("positive", "examined", "wrong"),
    [("5", "3", True), ("3", "3", False), ("2", "15", False), (">=4", "3", True),
     (">3", "10", False), ("~16", "14", False), ("2-6", "4", False), ("5-8", "4", True),
     ("4", "<3", True), ("4", "<=10", False)],
)  # fmt: skip
def test_more_nodes_positive_than_examined_is_reported_beside_the_count(
    spec: Spec, positive: str, examined: str, wrong: bool
) -> None:
    record = CaseRecord()
    entry = record.add_entry(
        "specimen",
        {
            "specimen_label": "Axillary dissection",
            "nodes_positive": positive,
            "nodes_examined": examined,
        },
    )
    found = node_problems(spec, record)
    expected = [
        (
            "specimen",
            entry.entry_id,
            "nodes_examined",
            "more lymph nodes positive than examined (Lymph nodes examined (Specimens))",
        )
    ]
    assert found == (expected if wrong else [])


def test_counts_of_two_procedures_are_not_compared(spec: Spec) -> None:
    record = CaseRecord()
    record.add_entry(
        "treatment",
        {
            "modality": "surgery",
            "axillary_procedure": "sentinel_node",
            "axillary_nodes_positive": "2",
            "axillary_nodes_examined": "3",
        },
    )
    record.add_entry(
        "treatment",
        {
            "modality": "surgery",
            "axillary_procedure": "dissection",
            "axillary_nodes_positive": "0",
            "axillary_nodes_examined": "1",
        },
    )
    assert node_problems(spec, record) == []
    record.entries("treatment")[1].values["axillary_nodes_positive"] = "4"
    assert [p[2] for p in node_problems(spec, record)] == ["axillary_nodes_examined"]


def test_a_number_order_on_a_text_field_stops_start_up(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    with (forms / "04_pathology.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[rule]]\nkind = "number_order"\n'
                     'fields = ["specimen.specimen_label", "specimen.nodes_examined"]\n'
                     'message = "m"\n')  # fmt: skip
    with pytest.raises(SpecError) as caught:
        load_spec(forms, resource_path("vocabularies"))
    [problem] = caught.value.problems
    assert "orders 'specimen.specimen_label', which is not a number" in problem.message
