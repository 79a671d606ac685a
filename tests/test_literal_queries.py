"""What a registrar types into a query is taken literally (issue 12, finding 10): `%` and `_`
are characters, not LIKE wildcards, in a cohort's "contains", in the site filter and in a
multichoice condition; a number field compared with words is refused with a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.conditions import ConditionRefused, condition_problem
from desktop_app.store.queries import CaseFilter, Condition

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


@pytest.fixture
def cases(store: CaseStore) -> CaseStore:
    a = CaseRecord(values={"case_number": "A-1", "title": "Necrosis 50% of tumour",
                           "primary_site": "C50.9", "age_at_presentation": "57"})  # fmt: skip
    a.add_entry("imaging_study", {"modality": "US", "techniques": "bmode|ceus"})
    b = CaseRecord(values={"case_number": "B-2", "title": "Scalp leiomyosarcoma",
                           "age_at_presentation": "45"})  # fmt: skip
    b.add_entry("imaging_study", {"modality": "US", "techniques": "ceus|doppler"})
    for record in (a, b):
        store.save(record)
    return store


def numbers(store: CaseStore, chosen: CaseFilter) -> list[str]:
    return [c.case_number for c in store.find_cases(chosen)]


def cohort(*conditions: Condition) -> CaseFilter:
    return CaseFilter(conditions=conditions)


def test_percent_and_underscore_are_characters_in_contains(cases: CaseStore) -> None:
    def contains(text: str) -> list[str]:
        return numbers(cases, cohort(Condition("", "title", "contains", text)))

    assert contains("50%") == ["A-1"]
    assert contains("%") == ["A-1"]  # as a wildcard it matched every title
    assert contains("_") == []
    assert contains("sc_lp") == []  # as a wildcard it matched "Scalp"
    assert contains("scalp") == ["B-2"]


def test_percent_and_underscore_are_characters_in_the_site_filter(cases: CaseStore) -> None:
    [with_site] = [c for c in cases.list_cases() if c.site]
    site = with_site.site.lower()
    assert numbers(cases, CaseFilter(site=site[1:4])) == ["A-1"]
    assert numbers(cases, CaseFilter(site=site[0] + "_" + site[2:4])) == []
    assert numbers(cases, CaseFilter(site="%")) == []


def test_a_multichoice_condition_matches_whole_codes_only(cases: CaseStore) -> None:
    def having(code: str) -> list[str]:
        return numbers(cases, cohort(Condition("imaging_study", "techniques", "=", code)))

    assert having("ceus") == ["A-1", "B-2"]
    assert having("bmode") == ["A-1"]
    assert having("doppler") == ["B-2"]
    assert having("_eus") == []
    assert having("%") == []
    assert having("ceus|doppler") == ["B-2"]  # the stored text as a whole


def test_a_number_field_compared_with_words_is_a_message(cases: CaseStore, spec: Spec) -> None:
    words = Condition("", "age_at_presentation", "=", "fifty")
    label = spec.field("", "age_at_presentation").label
    assert condition_problem(spec, words) == (
        f"{label}: 'fifty' is not a number; this field is compared with numbers such as 57 or 0.74"
    )
    with pytest.raises(ConditionRefused, match="'fifty' is not a number"):
        cases.find_cases(cohort(words))
    for op in ("!=", "<", ">="):
        assert condition_problem(spec, Condition("", "age_at_presentation", op, "nan"))
    assert condition_problem(spec, Condition("", "age_at_presentation", "=", "57")) is None
    assert condition_problem(spec, Condition("", "title", "=", "fifty")) is None
    assert numbers(cases, cohort(Condition("", "age_at_presentation", "=", "57"))) == ["A-1"]


def test_the_cohort_dialog_says_so_beside_the_condition(qtbot: QtBot, spec: Spec) -> None:
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    from desktop_app.ui.cohort_dialog import CohortDialog

    dialog = CohortDialog(spec, (Condition("", "age_at_presentation", "=", ""),), {})
    qtbot.addWidget(dialog)
    dialog.show()
    [row] = dialog.rows
    qtbot.keyClicks(row.value_text, "fifty")
    buttons = dialog.findChild(QDialogButtonBox)
    [show] = [b for b in buttons.buttons() if b.text() == "Show cases"]
    show.click()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert "'fifty' is not a number" in dialog.problem.text()
    row.value_text.clear()
    qtbot.keyClicks(row.value_text, "57")
    show.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.conditions() == (Condition("", "age_at_presentation", "=", "57"),)
