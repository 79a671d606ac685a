# ruff: noqa: E501  (a table of quotations reads best one fact to a line)
"""Data for test_published_facts: published cases from outside the five reference cases
(issue 11, Proof), abstracted into tests/published/case_p<n>.json.

PUBLISHED_FACTS[n]: (where, value, what the report says), `where` as in
test_clinical_case_facts. PUBLISHED_NARRATIVE[n]: (kind, text) for what has no field: only
narrative ("figure", "source") may stand there, never a fact of the case.
"""

from __future__ import annotations

from tests.test_clinical_case_facts import Fact
from tests.test_published_case_facts_2 import MORE_FACTS, MORE_NARRATIVE
from tests.test_published_case_facts_3 import LATER_FACTS, LATER_NARRATIVE

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
    ("diagnosis", "8502/3", "displaying pathological features of SBC (secretory breast carcinoma; ICD-O-3.2 8502/3)"),
    ("specimen_reading[reading_kind=revised].reading_diagnosis", "8502/3", "pathological features of SBC"),
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
    ("followup_visit[status=ned].time_after_event", "3", "3 years after treatment"),
    ("followup_visit[status=ned].time_after_unit", "a", "3 years"),
    ("followup_visit[status=ned].after_event_text", "the end of treatment", "after treatment"),
    ("current_status", "ned", "She remains in complete remission 3 years after treatment"),
    ("background", "Secretory breast carcinoma is extremely rare, carries an ETV6-NTRK3 fusion, is usually triple-negative with a few ER-positive cases, and is hard to diagnose without genomic testing.", "BACKGROUND (CARE item 4)"),
    ("discussion", "An accurate diagnosis matters: the course is indolent and the prognosis favourable when found early; imaging is nonspecific, so immunohistochemistry followed by genomic testing is recommended.", "CONCLUSIONS (CARE item 11)"),
]

# fmt: on

# fmt: off
# P2: Axillary metastasis as the first manifestation of male breast cancer: a case report.
# Cases Journal, volume 1, article 285 (the abstract at hand names no authors). An invasive
# carcinoma with receptors, lymph-node counts and markers outside the list, named as typed.
CASE_P2: list[Fact] = [
    ("age_at_presentation", "72", "a 72-year-old male"),
    ("sex", "male", "male Han-Chinese patient"),
    ("ethnicity", "Han Chinese", "Han-Chinese"),
    ("presenting_complaint", "Axillary metastasis as the first manifestation of breast cancer.", "presented axillary metastasis as the first manifestation of breast cancer"),
    ("primary_site", "C50.9", "occult breast cancer: no tumor focus was found in his breast tissue"),
    ("diagnosis", "8500/3", "invaded by infiltrating ductal carcinoma"),
    ("metastatic_sites", "lymph_nodes", "axillary metastasis"),
    ("treatment[modality=surgery].start_date", "2006-04-11", "on 11 Apr 2006"),
    ("treatment[modality=surgery].surgery_type", "modified_radical", "He underwent modified radical mastectomy"),
    ("treatment[modality=surgery].axillary_procedure", "dissection", "and axillary dissection"),
    ("specimen[procedure=resection].nodes_examined", "15", "two out of fifteen of axillary lymph nodes"),
    ("specimen[procedure=resection].nodes_positive", "2", "two out of fifteen ... were invaded"),
    ("specimen[procedure=resection].specimen_diagnosis", "8500/3", "infiltrating ductal carcinoma"),
    ("ihc_result[marker=ER].result", "negative", "estrogen receptor (ER) and progestin receptor (PR) were negative"),
    ("ihc_result[marker=PR].result", "negative", "progestin receptor (PR) were negative"),
    ("ihc_result[marker=HER2].her2_ihc_score", "3+", "Human epidermal receptor (HER-2) oncoprotein (+++)"),
    ("ihc_result[marker_other=p53].result", "positive", "P53 protein expressed (+++)"),
    ("ihc_result[marker=BCL2].ihc_note", "(+++)", "Bcl-2 oncoprotein (+++)"),
    ("ihc_result[marker_other=nm23].ihc_note", "(++)", "nm23 protein (++)"),
    ("ihc_result[marker_other=PCNA].ihc_note", "(+++)", "proliferating cell nuclear antigen (PCNA) (+++)"),
    ("ihc_result[marker_other=MRP].result", "positive", "multidrug-resistance protein (MRP) (++)"),
    ("treatment[modality=hormone].not_given", "true", "he did not receive endocrine therapy ... because of his senility"),
    ("treatment[modality=chemotherapy].not_given", "true", "chemotherapy"),
    ("treatment[modality=radiotherapy].not_given", "true", "and radiotherapy"),
    ("followup_visit[status=ned].visit_date", "+29m", "29 months after being diagnosed"),
    ("current_status", "ned", "He is alive without any residual or metastasis disease"),
    ("months_to_last_contact", "29", "alive ... 29 months after being diagnosed (the index date is the diagnosis)"),
    ("background", "Breast cancer is very rare in men (under 1% of breast cancers and of cancers in men); occult breast cancer presenting with axillary metastasis is rarer still in men.", "Background (CARE item 4)"),
    ("discussion", "The first case at the authors' hospital of male breast cancer whose first manifestation was an axillary metastasis.", "Conclusion (CARE item 11)"),
]
# fmt: on

PUBLISHED_FACTS: dict[int, list[Fact]] = {1: CASE_P1, 2: CASE_P2, **MORE_FACTS, **LATER_FACTS}

# fmt: off
PUBLISHED_NARRATIVE: dict[int, list[tuple[str, str]]] = {
    1: [
        ("source", "Only the abstract was at hand: the full text's figures, stage and dates, if any, were not read."),
    ],
    2: [
        ("source", "Only the abstract was at hand: the side of the axilla, the stage and the work-up before surgery were not read."),
    ],
    **MORE_NARRATIVE,
    **LATER_NARRATIVE,
}
# fmt: on
