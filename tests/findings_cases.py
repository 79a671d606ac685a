"""Three published cases with their pertinent negatives, study results and the history of
how the patient came to care, as a registrar types them (issue 17's proof).

Each fact is (where, typed, stored, what the report says): `typed` goes through
rules.values.canonical as a registrar would type it; `stored` is what the store must hold,
written by hand from the report, not taken from the code. `where` is a case field or
"group[n].field" (the n-th entry of the group, from 1).

- GLOMUS: Malignant glomus tumour of the breast (the first reference case,
  shared/seeds/000): "no family history of breast cancer", "no nipple discharge and nipple
  retraction", "no enlarged axillary lymph node was palpable", "no abnormal calcifications"
  on mammography, "no abnormal axillary lymph nodes … in lymph node scintigraphy".
- DASHEVSKY: Dashevsky BZ, Charnoff-Katz K, Shin SJ, Babagbemi K, Rosenblatt R. A case of
  primary breast angiosarcoma. Radiology Case Reports 2013;8(3). A 45-year-old woman with
  lupus found a left-breast abnormality on self-examination three months earlier; a recent
  screening mammogram had benign findings; ultrasound found no correlate; she was followed
  clinically (lupus mastopathy considered); MRI showed a lobulated irregular mass, 2.7 ×
  2.2 cm, T1 hypointense, T2 hyperintense, with rapid rise and washout.
- WU_LEE: Wu WP, Lee CW. Magnetic resonance imaging findings of radiation-induced breast
  angiosarcoma: a case report. World J Clin Cases 2024;12(13):2237-42. A 48-year-old
  post-menopausal woman with skin ecchymosis of the right breast seven years after
  breast-conserving surgery and adjuvant radiotherapy for breast cancer; the first
  mammography and ultrasound were inconclusive (post-treatment changes).
- FAMILIAL: the case history of a 32-year-old woman with a BRCA1-associated breast cancer
  (hemonc.mhmedical.com, case history, book 2363 section 184626844): a 6-week history of a
  right-breast lump, "no systemic symptoms", a sister (breast, 39), a paternal aunt
  (breast, 43) and a paternal grandmother (ovarian, 55) with cancer, "no palpable
  lymphadenopathy", a suspicious 26 mm mass in the upper outer quadrant on mammography and
  ultrasound, "no radiological evidence of involvement of the axillary lymph nodes" on MRI,
  a pathogenic BRCA1 mutation.
- MTSAMPLES: the sample report "Breast Ultrasound & Biopsy" (mtsamples.com, Radiology,
  sample 1035): a 30-year-old woman, mother with breast cancer at 58, no personal history of
  breast cancer; full-field digital mammography, heterogeneously dense tissue, "no …
  architectural distortion", "skin overlying both breasts is unremarkable"; a complex
  solid and cystic lesion at 2 o'clock on ultrasound, 0.7 × 0.7 × 0.8 cm, amenable to
  ultrasound-guided core biopsy.

A value "@name" is a reference to the entry of the referred group whose label is `name`.
"""

from __future__ import annotations

import re

from desktop_app.record import CaseRecord
from desktop_app.rules.values import canonical
from desktop_app.spec import Spec

Fact = tuple[str, str, str, str]
WHERE = re.compile(r"^(?:(\w+)\[(\d+)\]\.)?(\w+)$")

GLOMUS: list[Fact] = [
    ("case_number", "F17-GLOMUS", "F17-GLOMUS", "(registry number)"),
    ("age_at_presentation", "57", "57", "A 57-year-old female patient"),
    ("sex", "Female", "female", "female patient"),
    ("primary_site", "C50.4", "C50.4", "in the external upper quadrant of the left breast"),
    (
        "detection_mode",
        "Symptoms or signs",
        "symptoms",
        "presented … with a progressively growing left breast mass",
    ),
    ("exam_tender", "present", "true", "mild tenderness upon the mass"),
    ("family_cancers", "no breast cancer", "!breast", "no family history of breast cancer"),
    ("nipple_discharge", "absent", "false", "with no nipple discharge"),
    ("nipple_retraction", "absent", "false", "and nipple retraction"),
    (
        "exam_signs",
        "no palpable axillary lymph nodes",
        "!axillary_nodes",
        "No enlarged axillary lymph node was palpable",
    ),
    ("imaging_study[1].modality", "MG", "MG", "The mammography results"),
    (
        "imaging_study[1].mg_associated",
        "no calcifications; axillary adenopathy absent",
        "!axillary_adenopathy|!calcifications",
        "No abnormal calcifications … no abnormal axillary lymph nodes … in … X-ray examination",
    ),
    ("imaging_study[1].study_result", "abnormal", "abnormal", "A high-density mass … BI-RADS 4b"),
    ("imaging_study[2].modality", "LSG", "LSG", "lymph node scintigraphy"),
    (
        "imaging_study[2].study_result",
        "Negative",
        "negative",
        "no abnormal axillary lymph nodes were found … in lymph node scintigraphy",
    ),
    ("imaging_study[2].abnormal_nodes", "absent", "false", "no abnormal axillary lymph nodes"),
]

DASHEVSKY: list[Fact] = [
    ("case_number", "F17-DASHEVSKY", "F17-DASHEVSKY", "(registry number)"),
    ("age_at_presentation", "45", "45", "A 45-year-old woman"),
    ("sex", "female", "female", "woman"),
    (
        "comorbidities",
        "Systemic lupus erythematosus",
        "Systemic lupus erythematosus",
        "with a history of systemic lupus erythematosus",
    ),
    (
        "detection_mode",
        "Self-examination",
        "self_exam",
        "The patient identified this abnormality on self-examination",
    ),
    ("onset_date", "about -3m", "~-3m", "three months earlier"),
    ("exam_mobility", "mobile", "mobile", "a lobulated smooth mobile mass"),
    (
        "exam_signs",
        "no axillary_nodes",
        "!axillary_nodes",
        "No lymphadenopathy was evident on clinical examination",
    ),
    (
        "earlier_visit[1].visit_found",
        "Palpable abnormality; no sonographic correlate",
        "Palpable abnormality; no sonographic correlate",
        "No sonographic correlate was found",
    ),
    (
        "earlier_visit[1].visit_said",
        "Followed clinically; lupus mastopathy considered",
        "Followed clinically; lupus mastopathy considered",
        "the patient was followed clinically, and the diagnosis of lupus mastopathy was considered",
    ),
    ("earlier_visit[1].visit_result", "negative", "negative", "No sonographic correlate"),
    ("imaging_study[1].modality", "MG", "MG", "a screening mammogram"),
    ("imaging_study[1].birads", "2", "2", "with benign findings"),
    ("imaging_study[2].modality", "US", "US", "she underwent a breast sonogram"),
    (
        "imaging_study[2].study_result",
        "negative",
        "negative",
        "No sonographic correlate was found in the area of the palpable abnormality",
    ),
    ("imaging_study[3].modality", "CEMRI", "CEMRI", "a contrast-enhanced breast MRI"),
    ("imaging_study[3].mri_lesion_type", "Mass", "mass", "a lobulated irregular mass"),
    ("imaging_study[3].mri_mass_shape", "irregular", "irregular", "irregular mass"),
    ("imaging_study[3].size_mm", "27", "27", "measuring 2.7 x 2.2 cm"),
    ("imaging_study[3].size_2_mm", "22", "22", "measuring 2.7 x 2.2 cm"),
    ("imaging_study[3].t1_signal", "Hypointense", "hypo", "hypointense on T1-weighted images"),
    ("imaging_study[3].t2_signal", "Hyperintense", "hyper", "hyperintense on T2-weighted images"),
    ("imaging_study[3].mri_kinetics_initial", "fast", "fast", "a rapid rise to peak"),
    ("imaging_study[3].mri_kinetics_delayed", "washout", "washout", "with washout"),
    ("imaging_study[3].study_result", "abnormal", "abnormal", "a lobulated irregular mass"),
]

WU_LEE: list[Fact] = [
    ("case_number", "F17-WU-LEE", "F17-WU-LEE", "(registry number)"),
    ("age_at_presentation", "48", "48", "a 48-year-old"),
    ("sex", "female", "female", "woman"),
    ("menopausal_status", "Postmenopausal", "postmenopausal", "post-menopausal woman"),
    (
        "exam_signs",
        "Bluish or purple discoloration",
        "discoloration",
        "developed skin ecchymosis on the right breast",
    ),
    (
        "prior_exposures",
        "Prior radiation therapy",
        "radiation",
        "after receiving BCS and adjuvant radiotherapy",
    ),
    ("earlier_primary[1].ep_site", "C50.9", "C50.9", "for breast cancer"),
    ("earlier_primary[1].ep_laterality", "right", "right", "on the right breast"),
    (
        "earlier_primary[1].ep_date",
        "about -7y",
        "~-7y",
        "seven years after receiving BCS and adjuvant radiotherapy",
    ),
    (
        "earlier_primary[1].ep_treatments",
        "surgery; radiotherapy",
        "surgery|radiotherapy",
        "BCS and adjuvant radiotherapy",
    ),
    ("imaging_study[1].modality", "MG", "MG", "Initial mammography"),
    (
        "imaging_study[1].study_result",
        "indeterminate",
        "indeterminate",
        "inconclusive, showing post-treatment changes",
    ),
    ("imaging_study[2].modality", "US", "US", "and ultrasound"),
    ("imaging_study[2].study_result", "indeterminate", "indeterminate", "inconclusive"),
]

FAMILIAL: list[Fact] = [
    ("case_number", "F17-FAMILIAL", "F17-FAMILIAL", "(registry number)"),
    ("age_at_presentation", "32", "32", "A 32-year-old woman"),
    ("sex", "female", "female", "woman"),
    (
        "detection_mode",
        "symptoms",
        "symptoms",
        "presented with a 6 week history of a lump in her right breast",
    ),
    ("onset_date", "-6w", "-6w", "a 6 week history"),
    (
        "systemic_symptoms",
        "no fever; no night sweats; no weight loss",
        "!fever|!night_sweats|!weight_loss",
        "She was otherwise well and had no systemic symptoms",
    ),
    ("exam_signs", "no axillary_nodes", "!axillary_nodes", "There was no palpable lymphadenopathy"),
    ("exam_result", "abnormal", "abnormal", "a palpable mass in the right breast"),
    (
        "family_cancers",
        "breast; ovarian",
        "breast|ovarian",
        "She had a significant family history of malignant disease",
    ),
    ("family_member[1].fm_relative", "sister", "sister", "her sister"),
    ("family_member[1].fm_cancer", "breast", "breast", "was diagnosed with breast cancer"),
    ("family_member[1].fm_age", "39", "39", "aged 39"),
    ("family_member[2].fm_relative", "paternal aunt", "paternal_aunt", "a paternal aunt"),
    ("family_member[2].fm_cancer", "Breast cancer", "breast", "was diagnosed with breast cancer"),
    ("family_member[2].fm_age", "43", "43", "aged 43"),
    (
        "family_member[3].fm_relative",
        "Paternal grandmother",
        "paternal_grandmother",
        "her paternal grandmother",
    ),
    ("family_member[3].fm_cancer", "ovarian", "ovarian", "was diagnosed with ovarian cancer"),
    ("family_member[3].fm_age", "55", "55", "aged 55"),
    ("germline_test[1].gl_gene", "BRCA1", "BRCA1", "identified a mutation in the BRCA1 gene"),
    (
        "germline_test[1].gl_result",
        "Pathogenic variant",
        "pathogenic",
        "that was considered to be pathogenic",
    ),
    ("imaging_study[1].modality", "MG", "MG", "Mammography"),
    ("imaging_study[1].size_mm", "26", "26", "a suspicious 26 mm mass"),
    ("imaging_study[1].study_result", "abnormal", "abnormal", "revealed a suspicious 26 mm mass"),
    ("imaging_study[2].modality", "US", "US", "and ultrasound imaging"),
    ("imaging_study[2].study_result", "abnormal", "abnormal", "revealed a suspicious 26 mm mass"),
    ("imaging_study[3].modality", "MRI", "MRI", "Breast MRI"),
    (
        "imaging_study[3].abnormal_nodes",
        "absent",
        "false",
        "no radiological evidence of involvement of the axillary lymph nodes",
    ),
    (
        "imaging_study[3].mri_associated",
        "no axillary adenopathy",
        "!axillary_adenopathy",
        "no radiological evidence of involvement of the axillary lymph nodes",
    ),
]

MTSAMPLES: list[Fact] = [
    ("case_number", "F17-MTSAMPLES", "F17-MTSAMPLES", "(registry number)"),
    ("age_at_presentation", "30", "30", "30-year-old female"),
    ("sex", "female", "female", "female"),
    ("family_cancers", "breast", "breast", "a family history of breast cancer"),
    ("family_member[1].fm_relative", "mother", "mother", "within her mother"),
    ("family_member[1].fm_cancer", "breast", "breast", "breast cancer"),
    ("family_member[1].fm_age", "58", "58", "at age 58"),
    ("lesion[1].lesion_label", "L1", "L1", "a complex circumscribed solid and cystic lesion"),
    ("imaging_study[1].modality", "MG", "MG", "bilateral mammography"),
    ("imaging_study[1].mg_acquisition", "dr", "dr", "Diagnostic mammogram, full-field digital"),
    ("imaging_study[1].mg_composition", "c", "c", "heterogeneously-dense fibroglandular tissue"),
    (
        "imaging_study[1].mg_associated",
        "no architectural distortion; no skin thickening; no skin retraction",
        "!skin_retraction|!skin_thickening|!distortion",
        "No … architectural distortion … Skin overlying both breasts is unremarkable",
    ),
    ("imaging_study[2].modality", "US", "US", "Bilateral breast ultrasound"),
    ("imaging_study[2].lesion", "@L1", "@L1", "the solid and cystic lesion"),
    ("imaging_study[2].clock_face", "2", "2", "at the 2 o'clock position"),
    ("imaging_study[2].size_mm", "8", "8", "0.7 x 0.7 x 0.8 cm"),
    ("imaging_study[2].size_2_mm", "7", "7", "0.7 x 0.7 x 0.8 cm"),
    ("imaging_study[2].size_3_mm", "7", "7", "0.7 x 0.7 x 0.8 cm"),
    ("lesion_assessment[1].fa_lesion", "@L1", "@L1", "the lesion"),
    ("lesion_assessment[1].fa_modalities", "MG; US", "US|MG", "mammogram, … ultrasound"),
    (
        "lesion_assessment[1].fa_recommendation",
        "tissue_diagnosis",
        "tissue_diagnosis",
        "the lesion was determined to be amenable by ultrasound-guided core biopsy",
    ),
]

CASES = {
    "GLOMUS": GLOMUS, "DASHEVSKY": DASHEVSKY, "WU_LEE": WU_LEE, "FAMILIAL": FAMILIAL,
    "MTSAMPLES": MTSAMPLES,
}  # fmt: skip


def place(where: str) -> tuple[str, int, str]:
    found = WHERE.match(where)
    assert found, where
    return found.group(1) or "", int(found.group(2) or 0), found.group(3)


def named_entry(spec: Spec, record: CaseRecord, group: str, field_id: str, name: str) -> str:
    """The entry id of the entry of the group `field_id` refers to whose label is `name`."""
    target = spec.group(spec.field(group, field_id).ref)
    found = [e for e in record.entries(target.id) if e.values.get(target.entry_label) == name]
    assert len(found) == 1, f"no single {target.id} named {name!r}"
    return str(found[0].entry_id)


def entered(spec: Spec, facts: list[Fact]) -> CaseRecord:
    """The case as a registrar enters it: each typed text made canonical by its field."""
    record = CaseRecord()
    for where, typed, _stored, _said in facts:
        group, number, field_id = place(where)
        if typed.startswith("@"):
            typed = named_entry(spec, record, group, field_id, typed[1:])
        value = canonical(spec, spec.field(group, field_id), typed)
        if not group:
            record.values[field_id] = value
            continue
        while len(record.entries(group)) < number:
            record.add_entry(group)
        record.entries(group)[number - 1].values[field_id] = value
    return record


def expected_at(spec: Spec, record: CaseRecord, where: str, stored: str) -> str:
    """The stored value a fact expects: a "@name" reference as the entry id it names."""
    if not stored.startswith("@"):
        return stored
    group, _number, field_id = place(where)
    return named_entry(spec, record, group, field_id, stored[1:])


def stored_at(record: CaseRecord, where: str) -> str:
    group, number, field_id = place(where)
    if not group:
        return record.values.get(field_id, "")
    return record.entries(group)[number - 1].values.get(field_id, "")


def groups_touched() -> set[str]:
    """The groups these cases hold facts in (with the five reference cases' groups, every
    group of the forms: tests/test_clinical_facts.py)."""
    return {place(where)[0] for facts in CASES.values() for where, *_ in facts} - {""}
