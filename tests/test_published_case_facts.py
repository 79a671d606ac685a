# ruff: noqa: E501  (a table of quotations reads best one fact to a line)
"""Data for test_published_facts: published cases from outside the five reference cases
(issue 11, Proof), abstracted into tests/published/case_p<n>.json.

PUBLISHED_FACTS[n]: (where, value, what the report says), `where` as in
test_clinical_case_facts. PUBLISHED_NARRATIVE[n]: (kind, text) for what has no field: only
narrative ("figure", "source") may stand there, never a fact of the case.
"""

from __future__ import annotations

from tests.test_clinical_case_facts import Fact

# P1: Kovalenko I, Roy P, Soni B, Sangha L, Toom S. Secretory carcinoma of the breast mimicking
# invasive ductal carcinoma: a case report. Am J Case Rep 2022;23:e936665. Read from its
# abstract (the text at hand): an invasive breast carcinoma with receptors, a molecular test
# and a revised reading of one specimen.
# fmt: off
CASE_P1: list[Fact] = [
    ("age_at_presentation", "40", "A 40-year-old woman"),
    ("sex", "female", "woman"),
    ("primary_site", "C50.9", "a breast mass (side and quadrant not given)"),
    ("laterality", "", "a breast mass (side not given)"),
    ("doi", "10.12659/AJCR.936665", "DOI: 10.12659/AJCR.936665"),
    ("presenting_complaint", "A breast mass found on mammography.", "presented with a breast mass found on mammography"),
    ("imaging_study[modality=MG].findings", "Breast mass.", "a breast mass found on mammography"),
    ("specimen[specimen_label=US-guided biopsy].biopsy_guidance", "us", "She underwent an ultrasound-guided biopsy of the tumor"),
    ("specimen[specimen_label=US-guided biopsy].procedure", "", "biopsy (core or fine needle not stated)"),
    ("specimen_reading[reading_kind=initial].reading_diagnosis", "8500/3", "Initial pathology evaluation revealed features consistent with invasive ductal carcinoma"),
    ("specimen_reading[reading_kind=initial].specimen", "@US-guided biopsy", "Initial pathology evaluation"),
    ("specimen_reading[reading_kind=revised].reading_text", "Does not meet the criteria for invasive ductal carcinoma; pathological features of secretory breast carcinoma, consistent with the ETV6 translocation on FISH.",
     "not meeting the criteria for invasive ductal carcinoma and displaying pathological features of SBC"),
    ("ihc_result[marker=ER].result", "positive", "an ER-positive"),
    ("ihc_result[marker=PR].result", "negative", "PR-negative"),
    ("ihc_result[marker=HER2].her2_status", "negative", "and HER2-negative tumor"),
    ("molecular_test[target=expression_assay].molecular_result", "not_performed", "sent for oncotype scoring, which was not performed"),
    ("molecular_test[target=expression_assay].variant", "Oncotype DX", "oncotype scoring"),
    ("molecular_test[target=ETV6].method", "FISH", "A fluorescent in situ hybridization (FISH) study"),
    ("molecular_test[target=ETV6].molecular_result", "detected", "revealed ETV6 translocation"),
    ("molecular_test[target=ETV6].alteration", "rearrangement", "ETV6 translocation"),
    ("treatment[modality=surgery].surgery_type", "bcs", "The patient underwent lumpectomy"),
    ("treatment[modality=radiotherapy].intent", "adjuvant", "followed by adjuvant radiotherapy"),
    ("treatment[modality=hormone].intent", "adjuvant", "and endocrine therapy"),
    ("followup_visit[status=ned].visit_date", "", "3 years after treatment (the end of treatment is not dated)"),
    ("current_status", "ned", "She remains in complete remission 3 years after treatment"),
    ("background", "Secretory breast carcinoma is extremely rare, carries an ETV6-NTRK3 fusion, is usually triple-negative with a few ER-positive cases, and is hard to diagnose without genomic testing.", "BACKGROUND (CARE item 4)"),
    ("discussion", "An accurate diagnosis matters: the course is indolent and the prognosis favourable when found early; imaging is nonspecific, so immunohistochemistry followed by genomic testing is recommended.", "CONCLUSIONS (CARE item 11)"),
]

# fmt: on

PUBLISHED_FACTS: dict[int, list[Fact]] = {1: CASE_P1}

# fmt: off
PUBLISHED_NARRATIVE: dict[int, list[tuple[str, str]]] = {
    1: [
        ("source", "Only the abstract was at hand: the full text's figures, stage and dates, if any, were not read."),
    ],
}
# fmt: on
