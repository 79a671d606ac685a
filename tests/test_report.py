"""The tumour-board PDF, read back with pypdf.

No test names a field: fields are found through their role (Spec.role_field) or through
generic specification data (type, phi, max_length, vocabularies), exactly as the report
finds them. A role a test needs and the specification lacks fails the test by name.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.demo import demo_records
from desktop_app.record import CaseRecord
from desktop_app.report import CONFIDENTIAL, render_case_summary
from desktop_app.rules.conditions import is_shown
from desktop_app.rules.values import display_date
from desktop_app.spec import FieldSpec, GroupSpec, Spec

AWKWARD = "Margin <b>& 2 µm ± 0.5 µm, ≥ 3 mitoses/10 HPF; re-excision?"
KEY_FACT_ROLES = (
    "age", "sex", "primary_site", "laterality", "diagnosis", "grade", "metastatic_sites",
    "current_status",
)  # fmt: skip


# ----- helpers: fields by role, sample values by type, rendering ---------------------------


def role_field(spec: Spec, role: str, group: str = "") -> FieldSpec:
    f = spec.role_field(role, group)
    if f is None:
        pytest.fail(f"the specification declares no field with role {role!r} {group}".strip())
    return f


def group_with(spec: Spec, *roles: str) -> GroupSpec:
    for group in spec.groups:
        if all(spec.role_field(r, group.id) for r in roles):
            return group
    pytest.fail(f"no group has fields with the roles {roles}")


def sample(spec: Spec, f: FieldSpec, n: int = 1) -> str:
    """A valid value of `f`'s type, different for each `n`."""
    if f.type == "text":
        return f"{f.label} {n}"[: f.max_length or 200]
    if f.type == "longtext":
        return f"{f.label}, described for entry {n}."
    if f.type in ("integer", "decimal"):
        low = f.min if f.min is not None else 0.0
        high = f.max if f.max is not None else low + 100
        value = low + (high - low) * (n % 7 + 1) / 9
        return str(int(value)) if f.type == "integer" else f"{value:.1f}"
    if f.type == "date":
        return f"+{n}m"
    if f.type == "boolean":
        return "true"
    if f.type in ("choice", "multichoice"):
        terms = spec.vocabulary(f.vocabulary).terms
        if f.type == "choice":
            return terms[n % len(terms)].code
        return "|".join(t.code for t in terms[:2])
    return ""  # refs are set by the test that needs one


def render(spec: Spec, records: list[CaseRecord], path: Path, **options: object) -> list[str]:
    """Render to `path` and return the text of each page."""
    render_case_summary(spec, records, path, **options)  # type: ignore[arg-type]
    return [page.extract_text() for page in PdfReader(path).pages]


def squash(text: str) -> str:
    """Text without white space: a value wrapped over lines of a cell still matches."""
    return re.sub(r"\s+", "", text)


def number_of(spec: Spec, record: CaseRecord) -> str:
    f = spec.summary_field("case_number")
    assert f is not None
    return record.values.get(f.id, "")


def minimal_record(spec: Spec, number: str) -> CaseRecord:
    record = CaseRecord()
    f = spec.summary_field("case_number")
    assert f is not None
    record.values[f.id] = number
    return record


# ----- the reference cases -----------------------------------------------------------------


# What each reference case's board summary must say, written from its published report
# (../shared/seeds/), not from the code that prints it: age and sex, the site and its side,
# the diagnosis with its ICD-O-3 code, the metastatic sites, and the studies, markers,
# treatments and outcome the report names.
KEY_FACTS = {
    0: ["DEMO-001", "Malignant glomus tumour of the breast", "57 years", "Female", "C50.4",
        "Left", "8711/3", "Glomus tumour, malignant", "Lung", "Liver", "Brain", "Ultrasound",
        "Mammography", "Lymphoscintigraphy", "SMA", "Desmin", "CD34", "Ki-67", "Surgery",
        "Radiotherapy", "Chemotherapy", "Died of disease"],
    1: ["DEMO-002", "Scalp leiomyosarcoma", "39 years", "Female", "C49.0", "Right", "8890/3",
        "Leiomyosarcoma", "Computed tomography", "Magnetic resonance imaging", "h-caldesmon",
        "SMA", "Desmin", "Ki-67", "Embolisation", "Surgery", "Radiotherapy",
        "No evidence of disease"],
    2: ["DEMO-003", "leiomyosarcomatosis involving both breasts", "38 years", "Female",
        "C55.9", "Uterus", "8890/3", "Breast", "Kidney", "Desmin", "CD117",
        "Alive with disease"],
    3: ["DEMO-004", "Osteosarcoma of the tibia", "58 years", "Female", "C40.2", "Right",
        "9180/3", "Osteosarcoma", "Breast", "Mammography", "Ultrasound", "CD99",
        "Chemotherapy", "Surgery", "No evidence of disease"],
    4: ["DEMO-005", "intracranial-extracranial communicating leiomyosarcoma", "37 years", "Male",
        "C70.0", "Cerebral meninges", "Left", "8890/3", "PET-CT", "Reticulin", "CD34",
        "Local recurrence", "Radiotherapy", "No evidence of disease"],
}  # fmt: skip


@pytest.mark.parametrize("which", range(5))
def test_every_reference_case_renders_with_its_key_facts(
    spec: Spec, tmp_path: Path, which: int
) -> None:
    record = demo_records()[which]
    pages = render(spec, [record], tmp_path / "case.pdf", generated_by="Dr Ana Müller")
    text = squash("\n".join(pages))
    missing = [fact for fact in KEY_FACTS[which] if squash(fact) not in text]
    assert missing == []
    assert "Page 1 of" in pages[0]


def test_history_reads_as_a_sentence_built_from_the_fields(spec: Spec, tmp_path: Path) -> None:
    record = minimal_record(spec, "H-1")
    record.values[role_field(spec, "age").id] = "57"
    sex = role_field(spec, "sex")
    female = next(t for t in spec.vocabulary(sex.vocabulary).terms if t.label == "Female")
    record.values[sex.id] = female.code
    group = group_with(spec, "symptom", "symptom_duration", "symptom_duration_unit")
    unit = role_field(spec, "symptom_duration_unit", group.id)
    months = next(t for t in spec.vocabulary(unit.vocabulary).terms if "month" in t.label.lower())
    record.add_entry(group.id, {
        role_field(spec, "symptom", group.id).id: "Progressively growing left breast mass",
        role_field(spec, "symptom_duration", group.id).id: "6",
        unit.id: months.code,
    })  # fmt: skip
    text = " ".join(" ".join(render(spec, [record], tmp_path / "h.pdf")).split())
    opening = "57-year-old woman with a 6-month history of progressively growing left breast mass"
    assert opening in text


# ----- de-identification ---------------------------------------------------------------------


def distinctive(spec: Spec, f: FieldSpec, absent_from: str) -> tuple[str, list[str]]:
    """A value for phi field `f` and the ways it could print, none already in the text."""
    if f.type in ("text", "longtext"):
        value = "Zyxwvuts Qorpheline 7731"
        return value, [value, "Qorpheline"]
    if f.type == "date":
        return "1931-07-19", ["1931-07-19", display_date("1931-07-19"), "1931"]
    if f.type in ("integer", "decimal"):
        return "97531", ["97531"]
    if f.type in ("choice", "multichoice"):
        terms = spec.vocabulary(f.vocabulary).terms
        term = next(t for t in terms if squash(t.label) not in absent_from)
        return term.code, [term.label]
    pytest.fail(f"no distinctive value for a phi field of type {f.type}")


def phi_fields(spec: Spec) -> list[FieldSpec]:
    found = [f for f in spec.all_fields() if f.phi and f.type not in ("boolean", "ref")]
    assert found, "the specification marks no field as phi"
    return found


def test_every_phi_field_is_left_out_unless_identified(spec: Spec, tmp_path: Path) -> None:
    base = demo_records()[0]
    baseline = squash("\n".join(render(spec, [base], tmp_path / "base.pdf")))
    for f in phi_fields(spec):
        record = CaseRecord.from_json(base.to_json())
        value, printed = distinctive(spec, f, baseline)
        if f.group:
            entries = record.entries(f.group) or [record.add_entry(f.group)]
            entries[0].values[f.id] = value
            scope, case = entries[0].values, record.values
        else:
            record.values[f.id] = value
            scope = case = record.values
        assert is_shown(f, scope, case), f"{f.id} is hidden by its show_if in this record"
        text = squash("\n".join(render(spec, [record], tmp_path / f"{f.id}.pdf")))
        for form in printed:
            assert squash(form) not in text, (f.id, form)
        pages = render(spec, [record], tmp_path / f"{f.id}-id.pdf", identified=True)
        assert all(CONFIDENTIAL in page for page in pages), f.id
        assert any(squash(form) in squash("\n".join(pages)) for form in printed), f.id


def test_age_stands_in_for_the_date_of_birth(spec: Spec, tmp_path: Path) -> None:
    record = minimal_record(spec, "AGE-1")
    record.values[role_field(spec, "index_date").id] = "2015-05-10"
    record.values[role_field(spec, "date_of_birth").id] = "1958-03-02"
    text = "\n".join(render(spec, [record], tmp_path / "age.pdf"))
    assert "57 years" in text
    assert "1958" not in text and "2 March" not in text
    assert "2015" not in text  # de-identified, dates print as distances from the index date
    identified = "\n".join(render(spec, [record], tmp_path / "id.pdf", identified=True))
    assert "2 March 1958" in identified and "10 May 2015" in identified


def test_de_identified_is_the_default_and_says_so(spec: Spec, tmp_path: Path) -> None:
    pages = render(spec, [demo_records()[1]], tmp_path / "d.pdf")
    assert all("de-identified" in page and CONFIDENTIAL not in page for page in pages)
    # What the timeline's "+3 mo" count from, in words; never the date itself.
    assert "Times from the diagnosis ·" in " ".join(pages[0].split())


# ----- layout: footer, paper, empty sections, long input --------------------------------------


def test_footer_on_every_page(spec: Spec, tmp_path: Path) -> None:
    from desktop_app import __version__

    pages = render(spec, demo_records()[:2], tmp_path / "two.pdf", generated_by="Dr Ana Müller")
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert "Generated" in page and "Dr Ana Müller" in page and __version__ in page
        assert re.search(r"\d{2} \w{3} \d{4} \d{2}:\d{2}", page)


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_paper_size_is_a_setting(
    spec: Spec, tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    path = tmp_path / "p.pdf"
    render_case_summary(spec, [demo_records()[0]], path, paper=paper)
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    with pytest.raises(ValueError):
        render_case_summary(spec, [demo_records()[0]], path, paper="A5")


def test_empty_fields_and_sections_print_nothing_but_missing_data_is_noted(
    spec: Spec, tmp_path: Path
) -> None:
    record = minimal_record(spec, "EMPTY-1")
    pages = render(spec, [record], tmp_path / "empty.pdf")
    assert len(pages) == 1
    text = pages[0]
    lines = {line.strip() for line in text.splitlines()}
    for form in spec.forms:
        assert form.label not in lines and f"{form.label} details" not in lines, form.label
    assert "Timeline" not in lines
    required = [f.label for f in spec.case_fields
                if f.required and not f.phi and not record.values.get(f.id)
                and is_shown(f, record.values, record.values)]  # fmt: skip
    assert required, "no required case field to miss"
    assert "Missing data" in text
    for label in required:
        assert squash(label) in squash(text), label


def longest(f: FieldSpec, n: int) -> str:
    """Text as long as `f` takes (long text without a limit: 8,000 characters of the case,
    1,500 of each entry), with markup characters, accents and a 180-letter word."""
    room = f.max_length or (1_500 if f.group else 8_000)
    words = [AWKWARD, "x" * 180] + [f"w{n}-{i}" for i in range(room // 6)]
    return " ".join(words)[:room]


@pytest.mark.slow
def test_maximum_length_text_and_sixty_imaging_studies_render(spec: Spec, tmp_path: Path) -> None:
    record = CaseRecord()
    for f in spec.case_fields:
        record.values[f.id] = longest(f, 0) if f.type in ("text", "longtext") else sample(spec, f)
    number = spec.summary_field("case_number")
    assert number is not None
    record.values[number.id] = "MAX-1"
    imaging = group_with(spec, "modality", "event_date")
    for group in spec.groups:
        count = 60 if group is imaging else 3
        for n in range(count):
            values = {f.id: longest(f, n) if f.type in ("text", "longtext") else sample(spec, f, n)
                      for f in group.fields if f.type != "ref"}  # fmt: skip
            record.add_entry(group.id, values)
    for group in spec.groups:
        for f in group.fields:
            if f.type == "ref" and record.entries(f.ref):
                target = str(record.entries(f.ref)[0].entry_id)
                for entry in record.entries(group.id):
                    entry.values[f.id] = target
    pages = render(spec, [record], tmp_path / "max.pdf", identified=True)
    assert len(pages) > 5
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "MAX-1" in pages[-1]


def test_a_very_long_question_splits_over_pages(spec: Spec, tmp_path: Path) -> None:
    record = minimal_record(spec, "LONG-1")
    words = " ".join(f"word{i}" for i in range(4000))
    record.values[role_field(spec, "board_question").id] = f"START {words} FINISH"
    pages = render(spec, [record], tmp_path / "long.pdf")
    text = "\n".join(pages)
    assert len(pages) >= 3
    for marker in ("START", "word0", "word2000", "word3999", "FINISH"):
        assert marker in text, marker


def test_renders_to_a_binary_file_and_refuses_no_case(spec: Spec, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    render_case_summary(spec, [demo_records()[0]], buffer)
    assert buffer.getvalue().startswith(b"%PDF")
    with pytest.raises(ValueError):
        render_case_summary(spec, [], tmp_path / "none.pdf")


# ----- the board packet ---------------------------------------------------------------------


def test_packet_has_an_agenda_then_each_case_from_a_new_page(spec: Spec, tmp_path: Path) -> None:
    records = demo_records()
    question = role_field(spec, "board_question")
    for n, record in enumerate(records):
        record.values[question.id] = f"Question {n}: adjuvant radiotherapy or observation?"
    path = tmp_path / "packet.pdf"
    pages = render(spec, records, path, board_date="4 December 2026")
    numbers = [number_of(spec, r) for r in records]
    agenda = pages[0]
    assert "Agenda" in agenda and "4 December 2026" in agenda
    for n, number in enumerate(numbers):
        assert number in agenda and f"Question {n}:" in agenda
    # Each case starts a page: its first page names no other case, and the page before it
    # does not name it.
    reader = PdfReader(path)
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    assert starts[0] == 0 and len(starts) == len(records) + 1
    for n, start in enumerate(starts[1:]):
        assert numbers[n] in pages[start] and f"Question {n}:" in pages[start]
        end = starts[n + 2] if n + 2 < len(starts) else len(pages)
        others = [m for m in numbers if m != numbers[n]]
        for page in pages[start:end]:
            assert numbers[n] in page and not any(m in page for m in others)
    assert starts[1:] == sorted(starts[1:]) and len(set(starts)) == len(starts)


def test_ihc_grid_shows_positive_markers_before_negative(spec: Spec, tmp_path: Path) -> None:
    group = group_with(spec, "marker", "marker_result")
    record = minimal_record(spec, "IHC-1")
    result = role_field(spec, "marker_result", group.id)
    marker = role_field(spec, "marker", group.id)
    terms = spec.vocabulary(result.vocabulary).terms
    positive = next(t for t in terms if t.label.lower().startswith("pos"))
    negative = next(t for t in terms if t.label.lower().startswith("neg"))
    markers = spec.vocabulary(marker.vocabulary).terms
    for n, term in enumerate(markers[:4]):
        record.add_entry(
            group.id, {marker.id: term.code, result.id: (positive if n % 2 else negative).code}
        )
    text = squash("\n".join(render(spec, [record], tmp_path / "ihc.pdf")))
    for term in markers[:4]:
        assert squash(term.label) in text
    assert text.index(squash(markers[1].label)) < text.index(squash(markers[0].label))


@pytest.mark.slow
def test_every_role_on_a_huge_text_field_still_builds(tmp_path: Path) -> None:
    """The report is generic: a specification that puts every role on long free text (and
    a 2,000-letter word in each) still gives a PDF, whatever the shipped forms say."""
    from desktop_app.spec.model import ROLES, FieldSpec, FormSpec, GroupSpec

    def text_field(role: str, group: str = "") -> FieldSpec:
        kind = "date" if role in ("event_date", "event_end_date") else "longtext"
        return FieldSpec(id=f"f_{role}", label=f"Label of {role}", type=kind, group=group,
                         role=role, summary="case_number" if role == "title" else "")  # fmt: skip

    case_fields = tuple(text_field(r) for r in ROLES if r not in ("event_date", "event_end_date"))
    groups = tuple(
        GroupSpec(id=f"g{n}", label=f"Group {n}", form="main", entry_label=f"f_{lead}",
                  fields=tuple(text_field(r, f"g{n}") for r in ("event_date", lead, *ROLES[:8])))
        for n, lead in enumerate(("modality", "marker", "treatment_modality", "symptom"))
    )  # fmt: skip
    ihc = GroupSpec(id="ihc", label="IHC", form="main", fields=(
        text_field("marker", "ihc"), text_field("marker_result", "ihc")))  # fmt: skip
    spec = Spec(forms=(FormSpec("main", "Main", 1, case_fields, (*groups, ihc)),))
    huge = " ".join(["x" * 2000, AWKWARD] + [f"word{i}" for i in range(400)])
    record = CaseRecord(values={f.id: huge for f in case_fields})
    record.values["f_title"] = "HUGE-1"
    for group in (*groups, ihc):
        for n in range(3):
            values = {f.id: huge for f in group.fields if f.type != "date"}
            record.add_entry(group.id, {**values, "f_event_date": f"+{n}m"})
    pages = render(spec, [record], tmp_path / "huge.pdf", identified=True)
    assert len(pages) > 10 and f"Page {len(pages)} of {len(pages)}" in pages[-1]
