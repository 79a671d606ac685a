"""The proof that the forms hold the five reference cases: for each report, its facts as
(where, value, what the report says), asserted against the demo database; and the facts
that have no field, which must be narrative only (discussion, literature), printed.

`where` is a case field ("diagnosis"), or a field of the one group entry that matches
("imaging_study[modality=CT & size_mm=11].lesion"). A value "@text" is a reference: the
entry it points to is named `text`. Derived values (intervals, scores) are asserted as the
rules give them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.demo import write_demo
from desktop_app.record import CaseRecord, GroupEntry
from desktop_app.rules.derived import with_derived
from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from tests.findings_cases import groups_touched
from tests.test_clinical_case_facts import FACTS, NARRATIVE
from tests.test_published_case_facts import PUBLISHED_FACTS

SELECTOR = re.compile(r"^(?:(\w+)\[([^\]]*)\]\.)?(\w+)$")


@pytest.fixture(scope="module")
def demo_cases(tmp_path_factory: pytest.TempPathFactory, spec: Spec) -> dict[int, CaseRecord]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    store = CaseStore.open(path, spec)
    try:
        assert write_demo(store) == 5
        found = {}
        for n in FACTS:
            case_id = store.find(f"DEMO-{n:03d}")
            assert case_id is not None
            found[n] = with_derived(spec, store.load(case_id))
        return found
    finally:
        store.close()


def _entry(record: CaseRecord, group: str, match: str) -> GroupEntry:
    wanted = dict(part.split("=", 1) for part in match.split(" & ")) if match else {}
    entries = [e for e in record.entries(group)
               if all(e.values.get(k, "") == v for k, v in wanted.items())]  # fmt: skip
    assert len(entries) == 1, f"{group}[{match}] matches {len(entries)} entries"
    return entries[0]


def value_at(spec: Spec, record: CaseRecord, where: str) -> tuple[str, str]:
    """(group, value) of the field `where` names."""
    found = SELECTOR.match(where)
    assert found, where
    group, match, field_id = found.group(1) or "", found.group(2) or "", found.group(3)
    spec.field(group, field_id)  # the field is declared
    if not group:
        return "", record.values.get(field_id, "")
    return group, _entry(record, group, match).values.get(field_id, "")


def resolve(spec: Spec, record: CaseRecord, group: str, where: str, value: str) -> str:
    """The value as stored: "@name" becomes the entry id of the entry so named."""
    if not value.startswith("@"):
        return value
    field = spec.field(group, SELECTOR.match(where).group(3))  # type: ignore[union-attr]
    target = spec.group(field.ref)
    named = [e for e in record.entries(target.id)
             if e.values.get(target.entry_label, "") == value[1:]]  # fmt: skip
    assert len(named) == 1, f"{where}: no single {target.id} named {value[1:]!r}"
    return str(named[0].entry_id)


CASES = sorted(FACTS)


@pytest.mark.parametrize("n", CASES)
def test_the_demo_database_holds_every_fact_of_the_report(
    n: int, spec: Spec, demo_cases: dict[int, CaseRecord]
) -> None:
    record = demo_cases[n]
    wrong = []
    for where, expected, said in FACTS[n]:
        group, stored = value_at(spec, record, where)
        if stored != resolve(spec, record, group, where, expected):
            wrong.append(f"{where}: {stored!r}, expected {expected!r} ({said})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("n", CASES)
def test_facts_without_a_field_are_narrative_only(n: int) -> None:
    """Printed with -s: what the forms leave out, so that a reader can judge it."""
    print(f"\nCase {n}: facts with no field of their own")
    for kind, text in NARRATIVE[n]:
        print(f"  [{kind}] {text}")
        assert kind == "figure", text


@pytest.mark.parametrize("n", CASES)
def test_every_fact_names_a_declared_field_and_quotes_the_report(n: int, spec: Spec) -> None:
    seen = set()
    for where, _value, said in FACTS[n]:
        found = SELECTOR.match(where)
        assert found and said, where
        spec.field(found.group(1) or "", found.group(3))
        assert where not in seen, f"{where} listed twice"
        seen.add(where)


def test_the_facts_cover_every_tab_and_group(spec: Spec) -> None:
    """Across the five cases, the published ones (tests/test_published_case_facts.py) and
    issue 17's (tests/findings_cases.py), every group and every form holds at least one
    asserted fact."""
    every = [*FACTS.values(), *PUBLISHED_FACTS.values()]
    matches = [SELECTOR.match(w) for facts in every for w, _v, _s in facts]
    touched_groups = {m.group(1) for m in matches if m} | groups_touched()
    assert {g.id for g in spec.groups} <= touched_groups
    touched_case = {m.group(3) for m in matches if m and not m.group(1)}
    for form in spec.forms:
        if form.fields:
            assert touched_case & {f.id for f in form.fields}, form.id
