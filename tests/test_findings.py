"""Pertinent negatives, study results, the history of presentation and approximate dates
(issue 17), proved on three published cases (tests/findings_cases.py): entered as typed,
stored and loaded, printed in the board PDF, found by cohort queries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.exchange.export import export_records
from desktop_app.exchange.importer import import_file
from desktop_app.report.case_summary import render_case_summary
from desktop_app.report.timeline import timeline_events
from desktop_app.report.view import CaseView
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.values import ValueRefused, canonical, display
from desktop_app.spec import Spec
from desktop_app.spec.loader import SpecError, load_spec
from desktop_app.store import CaseStore
from desktop_app.store.queries import CaseFilter, Condition
from tests.findings_cases import CASES, GLOMUS, entered, expected_at, stored_at

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(db_path: Path, spec: Spec) -> CaseStore:
    opened = CaseStore.open(db_path, spec)
    for facts in CASES.values():
        opened.save(entered(spec, facts), user="registrar")
    return opened


def _numbers(store: CaseStore, *conditions: Condition) -> set[str]:
    return {c.case_number for c in store.find_cases(CaseFilter(conditions=conditions))}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_fact_is_stored_as_the_report_gives_it(
    name: str, spec: Spec, store: CaseStore
) -> None:
    case_id = store.find(CASES[name][0][2])
    assert case_id is not None
    record = store.load(case_id)
    wrong = [
        f"{where}: {stored_at(record, where)!r}, expected {stored!r} ({said})"
        for where, _typed, stored, said in CASES[name]
        if stored_at(record, where) != expected_at(spec, record, where, stored)
    ]
    assert not wrong, "\n".join(wrong)


def test_a_cohort_finds_cases_by_an_absent_finding(store: CaseStore) -> None:
    absent = Condition("imaging_study", "mg_associated", "=", "!calcifications")
    present = Condition("imaging_study", "mg_associated", "=", "calcifications")
    assert _numbers(store, absent) == {"F17-GLOMUS"}
    assert _numbers(store, present) == set()  # absent is not present
    no_family = Condition("", "family_cancers", "=", "!breast")
    assert _numbers(store, no_family) == {"F17-GLOMUS"}
    no_nodes = Condition("", "exam_signs", "=", "!axillary_nodes")
    assert _numbers(store, no_nodes) == {"F17-GLOMUS", "F17-DASHEVSKY", "F17-FAMILIAL"}
    radiation = Condition("", "prior_exposures", "=", "radiation")
    assert _numbers(store, radiation) == {"F17-WU-LEE"}
    no_fever = Condition("", "systemic_symptoms", "=", "!fever")
    assert _numbers(store, no_fever) == {"F17-FAMILIAL"}
    family_breast = Condition("", "family_cancers", "=", "breast")
    assert _numbers(store, family_breast) == {"F17-FAMILIAL", "F17-MTSAMPLES"}
    no_distortion = Condition("imaging_study", "mg_associated", "=", "!distortion")
    assert _numbers(store, no_distortion) == {"F17-MTSAMPLES"}


def test_a_cohort_finds_cases_by_a_negative_study(store: CaseStore) -> None:
    """'Ultrasound negative' holds in one entry: the modality and the result together."""
    us = Condition("imaging_study", "modality", "=", "US")
    negative = Condition("imaging_study", "study_result", "=", "negative")
    assert _numbers(store, us, negative) == {"F17-DASHEVSKY"}
    scintigraphy = Condition("imaging_study", "modality", "=", "LSG")
    assert _numbers(store, scintigraphy, negative) == {"F17-GLOMUS"}
    indeterminate = Condition("imaging_study", "study_result", "=", "indeterminate")
    assert _numbers(store, us, indeterminate) == {"F17-WU-LEE"}


def _pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def test_the_board_pdf_prints_the_negatives(tmp_path: Path, spec: Spec) -> None:
    path = tmp_path / "glomus.pdf"
    render_case_summary(spec, [entered(spec, GLOMUS)], path)
    text = _pdf_text(path)
    assert "No family history of breast cancer" in text
    assert "Nipple retraction: Absent" in text
    assert "Nipple discharge: Absent" in text
    assert "No palpable axillary lymph nodes" in text
    assert "No axillary adenopathy or calcifications" in text
    assert "Negative" in text  # the scintigraphy's overall result


def test_an_approximate_date_prints_its_words_and_spans_the_timeline(
    tmp_path: Path, spec: Spec
) -> None:
    facts = CASES["DASHEVSKY"]
    record = entered(spec, facts)
    record.values["index_date"] = canonical(spec, spec.field("", "index_date"), "2012-06-01")
    onset = spec.field("", "onset_date")
    assert display(spec, onset, record.values["onset_date"]) == (
        "about 3 months before the index date"
    )
    events, _unplaced = timeline_events(CaseView(spec, record, identified=True))
    marked = [e for e in events if e.label == onset.label]
    assert len(marked) == 1
    assert marked[0].months == -3
    assert marked[0].span is not None and marked[0].span[0] < -3 < marked[0].span[1]
    path = tmp_path / "dashevsky.pdf"
    render_case_summary(spec, [record], path)
    text = _pdf_text(path)
    assert "Onset: About −3 mo" in text  # de-identified: relative, with its word
    assert "Bars above the axis: approximate dates" in text
    earlier = entered(spec, CASES["WU_LEE"])  # "seven years after … BCS and radiotherapy"
    [primary] = [e for e in timeline_events(CaseView(spec, earlier))[0] if e.months < 0]
    assert primary.label == "Earlier primary" and primary.months == -84
    assert primary.span is not None and primary.span[0] < -84 < primary.span[1]
    dated = spec.field("", "index_date")
    before = canonical(spec, dated, "before May 2015")
    assert (before, display(spec, dated, before)) == ("<2015-05", "before May 2015")
    after = canonical(spec, dated, "after 2015")
    assert (after, display(spec, dated, after)) == (">2015", "after 2015")


def test_ages_in_words_are_ranges_printed_with_their_words(spec: Spec) -> None:
    age = spec.field("", "age_at_presentation")
    assert canonical(spec, age, "in her fifties") == "50-59"
    assert display(spec, age, "50-59") == "fifties (50–59 years)"
    assert canonical(spec, age, "adult") == ">=18"
    assert display(spec, age, ">=18") == "adult (≥ 18 years)"


def test_a_finding_marked_both_present_and_absent_is_refused(spec: Spec) -> None:
    signs = spec.field("", "exam_signs")
    with pytest.raises(ValueRefused, match="both present and absent"):
        canonical(spec, signs, "ulceration; no ulceration")


def test_findings_only_on_a_multichoice_or_a_boolean(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "01.toml").write_text(
        '[form]\nid = "f"\nlabel = "F"\n\n[[field]]\nid = "note"\nlabel = "Note"\n'
        'type = "text"\nfindings = true\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError, match="findings, which only a multichoice or boolean"):
        load_spec(forms, ROOT / "resources" / "vocabularies")


def test_the_data_dictionary_lists_the_new_fields(tmp_path: Path, store: CaseStore) -> None:
    path = tmp_path / "all.xlsx"
    export_records(store, path, "xlsx")
    rows = list(load_workbook(path, read_only=True)["data_dictionary"].iter_rows(values_only=True))
    by_id = {(r[2] or "", r[3]): r for r in rows[1:]}
    mg = by_id[("imaging_study", "mg_associated")]
    assert mg[9] == "mg_associated" and "skin_thickening, Skin thickening" in mg[10]
    assert "'!code' absent" in mg[13]
    for key in [
        ("", "onset_date"),
        ("earlier_visit", "visit_said"),
        ("imaging_study", "study_result"),
        ("imaging_study", "mri_kinetics_delayed"),
        ("germline_test", "gl_gene"),
        ("lesion_assessment", "fa_recommendation"),
        ("imaging_study", "ceus_mtt_s"),
    ]:
        assert key in by_id, key


@pytest.mark.parametrize("fmt", ["json", "csv-long"])
def test_absent_findings_and_approximate_dates_survive_export_and_import(
    tmp_path: Path, spec: Spec, store: CaseStore, fmt: str
) -> None:
    path = tmp_path / f"all.{fmt.removesuffix('-long')}"
    export_records(store, path, fmt)
    other = CaseStore.open(tmp_path / "other.sqlite", spec)
    import_file(other, path, fmt)
    for name in ("GLOMUS", "DASHEVSKY", "WU_LEE"):
        case_id = other.find(CASES[name][0][2])
        assert case_id is not None
        record = other.load(case_id)
        for where, _typed, stored, said in CASES[name]:
            assert stored_at(record, where) == expected_at(spec, record, where, stored), said


def _form_with(tmp_path: Path, fields: str) -> Path:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "01.toml").write_text('[form]\nid = "f"\nlabel = "F"\n' + fields, encoding="utf-8")
    return forms


def test_words_must_name_a_vocabulary_and_sit_on_a_qualified_number(tmp_path: Path) -> None:
    forms = _form_with(
        tmp_path,
        '\n[[field]]\nid = "age"\nlabel = "Age"\ntype = "integer"\nwords = "age_words"\n',
    )
    with pytest.raises(SpecError, match="a vocabulary declared, on a qualified number"):
        load_spec(forms, ROOT / "resources" / "vocabularies")


def test_show_if_may_ask_for_an_absent_finding(tmp_path: Path, spec: Spec) -> None:
    forms = _form_with(
        tmp_path,
        '\n[[field]]\nid = "signs"\nlabel = "Signs"\ntype = "multichoice"\n'
        'vocabulary = "exam_sign"\nfindings = true\n'
        '\n[[field]]\nid = "why"\nlabel = "Why no ulceration"\ntype = "text"\n'
        'show_if = { field = "signs", equals = "!ulceration" }\n',
    )
    loaded = load_spec(forms, ROOT / "resources" / "vocabularies")
    why = loaded.field("", "why")
    assert is_shown(why, {"signs": "erythema|!ulceration"}, {})
    assert not is_shown(why, {"signs": "ulceration"}, {})
