"""The whole ICD-O-3.2 (issue 11): every code a breast and sarcoma registry meets, with its
term; codes changed in 3.2 follow 3.2; a code of an older edition is kept and reported;
8500/2 is typed, stored, imported, exported and printed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.exchange import import_file
from desktop_app.exchange.older_codes import older_code_notes
from desktop_app.exchange.readers import read_json
from desktop_app.paths import forms_dir, resource_path
from desktop_app.record import CaseRecord
from desktop_app.report.case_summary import render_case_summary
from desktop_app.rules.validation import check_record
from desktop_app.rules.values import ValueRefused, canonical, display
from desktop_app.spec import Spec
from desktop_app.spec.loader import SpecError, load_spec
from desktop_app.spec.vocabulary_index import offered
from desktop_app.store import CaseStore
from desktop_app.ui.choice_typing import Choice, search

# CLINICAL.md, "morphology codes a breast and sarcoma registry meets daily", with the
# ICD-O-3.2 preferred term (or, for the house's own labels, the WHO 5th edition name).
MORPHOLOGY = {
    "8500/2": "Ductal carcinoma in situ, NOS",
    "8520/2": "Lobular carcinoma in situ, NOS",
    "8520/3": "Lobular carcinoma, NOS",
    "8522/3": "Infiltrating duct and lobular carcinoma",
    "8480/3": "Mucinous adenocarcinoma",
    "8211/3": "Tubular adenocarcinoma",
    "8201/3": "Cribriform carcinoma, NOS",
    "8401/3": "Apocrine adenocarcinoma",
    "8502/3": "Secretory carcinoma",
    "8503/2": "Noninfiltrating intraductal papillary adenocarcinoma",
    "8530/3": "Inflammatory carcinoma",
    "8540/3": "Paget disease, mammary",
    "9020/0": "Phyllodes tumor, benign",
    "9020/3": "Phyllodes tumor, malignant",
    "8982/3": "Myoepithelial carcinoma",
    "9715/3": "Anaplastic large cell lymphoma, ALK negative",
    "9040/3": "Synovial sarcoma, NOS",
    "9044/3": "Clear cell sarcoma, NOS",
    "9364/3": "Ewing sarcoma",
    "8852/3": "Myxoid liposarcoma",
    "8850/1": "Atypical lipomatous tumor",
    "8851/3": "Liposarcoma, well differentiated, NOS",
    "8858/3": "Dedifferentiated liposarcoma",
    "8854/3": "Pleomorphic liposarcoma",
    "8811/3": "Myxofibrosarcoma",
    "8804/3": "Epithelioid sarcoma",
    "8805/3": "Undifferentiated sarcoma",
    "8801/3": "Spindle cell sarcoma",
    "8802/3": "Undifferentiated pleomorphic sarcoma",
    "8910/3": "Embryonal rhabdomyosarcoma, NOS",
    "8920/3": "Alveolar rhabdomyosarcoma",
    "8901/3": "Pleomorphic rhabdomyosarcoma, adult type",
    "8936/3": "Gastrointestinal stromal tumor",
    "9581/3": "Alveolar soft part sarcoma",
    "9133/3": "Epithelioid hemangioendothelioma, NOS",
    "9140/3": "Kaposi sarcoma",
    "9170/3": "Lymphangiosarcoma",
    "9220/3": "Chondrosarcoma, NOS",
    "9231/3": "Myxoid chondrosarcoma",
    "9240/3": "Mesenchymal chondrosarcoma",
    "9243/3": "Dedifferentiated chondrosarcoma",
    "9370/3": "Chordoma, NOS",
    "8714/3": "Perivascular epithelioid tumor, malignant",
    "9137/3": "Intimal sarcoma",
    "8680/3": "Paraganglioma, NOS",
    "8711/3": "Glomus tumour, malignant",
    "8815/0": "Solitary fibrous tumour, benign",
    "8815/1": "Solitary fibrous tumour, NOS",
    "8815/3": "Solitary fibrous tumour, malignant",
}
# CLINICAL.md, "topographies missing".
TOPOGRAPHY = {
    "C44.5": "Skin of trunk",
    "C48.0": "Retroperitoneum",
    "C48.2": "Peritoneum, NOS",
    "C49.1": "Connective, subcutaneous and other soft tissues of upper limb and shoulder",
    "C49.5": "Connective, subcutaneous and other soft tissues of pelvis",
    "C41.2": "Vertebral column",
    "C41.3": "Rib, sternum, clavicle and associated joints",
    "C41.4": "Pelvic bones, sacrum, coccyx and associated joints",
    "C40.1": "Short bones of upper limb and associated joints",
    "C40.3": "Short bones of lower limb and associated joints",
    "C77.1": "Intrathoracic lymph nodes",
    "C77.2": "Intra-abdominal lymph nodes",
    "C77.4": "Lymph nodes of inguinal region or leg",
    "C56.9": "Ovary",
    "C50.8": "Overlapping lesion of breast",
}


def same_term(a: str, b: str) -> bool:
    def plain(text: str) -> str:
        return text.lower().replace("tumour", "tumor").replace("haem", "hem")

    return plain(a) == plain(b)


def test_every_code_of_the_review_lists_is_there_with_its_term(spec: Spec) -> None:
    morphology = spec.vocabulary("icdo3_morphology")
    topography = spec.vocabulary("icdo3_topography")
    for code, term in MORPHOLOGY.items():
        found = morphology.term(code)
        assert found is not None, code
        assert same_term(found.label, term), (code, found.label)
    for code, term in TOPOGRAPHY.items():
        found = topography.term(code)
        assert found is not None and same_term(found.label, term), code


def test_the_whole_classification_is_there(spec: Spec) -> None:
    morphology = spec.vocabulary("icdo3_morphology")
    topography = spec.vocabulary("icdo3_topography")
    assert len(morphology.terms) == 1143  # ICD-O-3.2, IARC table of 2019
    assert {t.code[:3] for t in topography.terms} >= {f"C{n:02d}" for n in (0, 19, 50, 76, 80)}
    assert (topography.terms[0].code, topography.terms[-1].code) == ("C00.0", "C80.9")
    assert len(topography.terms) == 330
    assert "ICD-O-3.2" in morphology.source and "ICD-O-3.2" in topography.source


def test_codes_changed_in_3_2_follow_3_2(spec: Spec) -> None:
    morphology = spec.vocabulary("icdo3_morphology")
    assert morphology.term("8680/1") is None  # paraganglioma is malignant in 3.2
    assert morphology.term("9150/1") is None  # haemangiopericytoma is now 8815/x
    assert morphology.term("9260/3") is None  # Ewing sarcoma is now 9364/3
    phyllodes = morphology.term("9020/1")
    assert phyllodes is not None
    assert any(same_term(s, "Phyllodes tumor, NOS") for s in phyllodes.synonyms)
    assert any(same_term(s, "Hemangiopericytoma, NOS") for s in morphology.term("8815/1").synonyms)
    glomus = morphology.term("8711/3")
    assert glomus is not None and "3.1" not in glomus.definition
    upper = spec.vocabulary("icdo3_topography").term("C50.8")
    assert upper is not None and "Upper breast" in upper.synonyms


OLDER = [("8680/1", "ICD-O-3 (2000)", "8680/3"), ("9150/1", "ICD-O-3 (2000)", "8815/1"),
         ("9260/3", "ICD-O-3 (2000)", "9364/3")]  # fmt: skip


@pytest.mark.parametrize(("old", "edition", "now"), OLDER)
def test_a_stored_older_edition_code_is_kept_and_reported(
    spec: Spec, old: str, edition: str, now: str
) -> None:
    diagnosis = spec.field("", "diagnosis")
    assert canonical(spec, diagnosis, old) == old  # kept, not refused
    record = CaseRecord()
    record.values[diagnosis.id] = old
    said = [p for p in check_record(spec, record) if p.field == diagnosis.id]
    assert len(said) == 1 and said[0].severity == "warning"
    assert old in said[0].message and edition in said[0].message and now in said[0].message
    assert display(spec, diagnosis, old) == old  # shown as it was stored


def test_8500_2_is_stored_from_its_code_a_synonym_or_a_label(spec: Spec) -> None:
    diagnosis = spec.field("", "diagnosis")
    for text in ("8500/2", "DCIS, NOS", "ductal carcinoma in situ, nos",
                 "Intraductal carcinoma, noninfiltrating, NOS"):  # fmt: skip
        assert canonical(spec, diagnosis, text) == "8500/2", text
    assert display(spec, diagnosis, "8500/2") == "8500/2 — Ductal carcinoma in situ, NOS"
    with pytest.raises(ValueRefused):
        canonical(spec, diagnosis, "8500/9")  # never a code made up


def test_a_synonym_word_finds_its_code_in_either_spelling(spec: Spec) -> None:
    vocab = spec.vocabulary("icdo3_morphology")
    choices = [Choice(t.code, (vocab.display(t), t.label, *t.synonyms)) for t in vocab.terms]
    found = search(choices, "haemangiopericytoma")  # a synonym of 8815/0, /1, /3 only
    assert found.picked is None
    assert {choices[i].code for i in found.candidates} == {"8815/0", "8815/1", "8815/3"}
    assert choices[search(choices, "cystosarcoma phyllodes, nos").picked or 0].code == "9020/1"
    assert choices[search(choices, "din 3").picked or 0].code == "8500/2"  # a synonym, exact
    words = search(choices, "situ ductal")  # words of a name, in any order
    assert "8500/2" in {choices[i].code for i in words.candidates}


def test_4a_4b_4c_are_not_offered_on_mri(spec: Spec) -> None:
    birads = spec.vocabulary("birads_assessment")
    on = {m: [t.code for t in birads.terms if offered(t, {"modality": m}, {})]
          for m in ("MRI", "US", "MG")}  # fmt: skip
    assert on["MRI"] == ["0", "1", "2", "3", "4", "5", "6"]
    assert {"4A", "4B", "4C"} <= set(on["US"]) and {"4A", "4B", "4C"} <= set(on["MG"])
    record = CaseRecord()
    entry = record.add_entry("imaging_study")
    entry.values.update({"modality": "MRI", "birads": "4A"})
    said = [p for p in check_record(spec, record) if p.field == "birads"]
    assert len(said) == 1 and said[0].severity == "warning" and "4A" in said[0].message


def test_adler_grade_3_is_two_large_vessels_or_five(spec: Spec) -> None:
    marked = spec.vocabulary("adler_grade").term("3")
    assert marked is not None
    assert "two" in marked.definition.lower() and "≥ 5" in marked.definition


def export_file(path: Path, record: CaseRecord, number: str) -> Path:
    data = {"format": "case-abstractor-export", "format_version": 1,
            "cases": [{"case_number": number, "status": "draft",
                       "record": json.loads(record.to_json())}]}  # fmt: skip
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_json_import_with_8500_2_or_an_older_code_succeeds_and_prints_labels(
    sqlite_store: CaseStore, tmp_path: Path
) -> None:
    spec = sqlite_store.spec
    number_field = spec.summary_field("case_number")
    assert number_field is not None
    record = CaseRecord()
    record.values.update({number_field.id: "DCIS-1", "diagnosis": "8500/2",
                          "primary_site": "C50.8"})  # fmt: skip
    differential = record.add_entry("differential")
    differential.values["dd_diagnosis"] = "8680/1"
    path = export_file(tmp_path / "in.json", record, "DCIS-1")
    assert import_file(sqlite_store, path) == ["DCIS-1"]
    [summary] = sqlite_store.list_cases()
    stored = sqlite_store.load(summary.case_id)
    assert stored.values["diagnosis"] == "8500/2"
    assert [e.values["dd_diagnosis"] for e in stored.entries("differential")] == ["8680/1"]
    notes = older_code_notes(spec, read_json(spec, path).cases)
    assert len(notes) == 1 and "8680/1" in notes[0] and "ICD-O-3 (2000)" in notes[0]
    pdf = tmp_path / "case.pdf"
    render_case_summary(spec, [stored], pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Ductal carcinoma in situ" in text


def test_a_missing_data_file_is_a_problem_of_the_specification(tmp_path: Path) -> None:
    folder = tmp_path / "vocabularies"
    shutil.copytree(resource_path("vocabularies"), folder)
    (folder / "icdo3_2_morphology.tsv").unlink()
    with pytest.raises(SpecError) as caught:
        load_spec(forms_dir(), folder)
    assert "icdo3_2_morphology.tsv" in str(caught.value)


def test_the_import_command_names_each_older_edition_code(
    spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.cli import parse, run_command

    monkeypatch.setenv("CASE_ABSTRACTOR_DATA_DIR", str(tmp_path))
    record = CaseRecord()
    record.values.update({"case_number": "OLD-2", "diagnosis": "9150/1"})
    path = export_file(tmp_path / "old.json", record, "OLD-2")
    db = tmp_path / "cases.sqlite"
    assert run_command(parse(["import", str(path), "--db", str(db)])) == 0
    said = capsys.readouterr()
    assert "1 case(s) imported" in said.out
    assert "warning" in said.err and "9150/1" in said.err and "ICD-O-3 (2000)" in said.err
    assert "8815/1" in said.err
