# ruff: noqa: E501  (a table of quotations reads best one fact to a line)
"""Data for test_published_facts, continued: published cases P3–P7 (issue 11's Proof and
issue 17's), abstracted into tests/published/case_p<n>.json. Same form as
tests/test_published_case_facts.py: (where, value, what the report says).

A value the report does not give is "?not_stated" where the field is one a reader would
expect filled (the report was read and is silent), and is left out otherwise. Facts the
forms have no field for are kept in a text field where one fits and listed in the report
of the session that abstracted them; MORE_NARRATIVE holds only narrative.
"""

from __future__ import annotations

from tests.test_clinical_case_facts import Fact

# fmt: off
# P3: Sides C. IS Case 175: Ductal carcinoma in situ (DCIS). Imaging Sciences, URMC 2008,
# published 2009-05-21 (urmc-mirc2.urmc.rochester.edu, MIRCdocument 20090521153201267): the
# whole teaching case. A carcinoma in situ with calcifications and a stereotactic biopsy.
CASE_P3: list[Fact] = [
    ("age_at_presentation", "73", "Patient is a 73-year-old woman"),
    ("sex", "female", "woman"),
    ("family_cancers", "breast", "with a family history of breast cancer"),
    ("detection_mode", "?not_stated", "presenting for mammography (screening or symptoms not said)"),
    ("primary_site", "C50.4", "in the upper outer quadrant"),
    ("laterality", "right", "Diagnostic mammogram of the right breast"),
    ("diagnosis", "8500/2", "Diagnosis: Ductal carcinoma in situ (DCIS)"),
    ("lesion[lesion_label=L1 right UOQ calcifications].breast_quadrant", "UOQ", "in the upper outer quadrant"),
    ("imaging_study[modality=MG].lesion", "@L1 right UOQ calcifications", "suspicious microcalcifications in the upper outer quadrant"),
    ("imaging_study[modality=MG].study_result", "abnormal", "demonstrates suspicious microcalcifications"),
    ("imaging_study[modality=MG].mg_calc_morphology", "?not_stated", "suspicious microcalcifications (no BI-RADS descriptor given)"),
    ("imaging_study[modality=MG].birads", "?not_stated", "(no BI-RADS category given)"),
    ("imaging_study[modality=MG].exam_purpose", "diagnostic", "Diagnostic mammogram of the right breast"),
    ("specimen[specimen_label=Stereotactic biopsy].biopsy_guidance", "stereotactic", "Stereotactic biopsy reveals DCIS"),
    ("specimen[specimen_label=Stereotactic biopsy].procedure", "?not_stated", "Stereotactic biopsy (core or vacuum not said)"),
    ("specimen[specimen_label=Stereotactic biopsy].specimen_diagnosis", "8500/2", "reveals DCIS"),
    ("specimen[specimen_label=Stereotactic biopsy].nuclear_grade", "?not_stated", "DCIS with central necrosis (no nuclear grade given)"),
    ("specimen[specimen_label=Stereotactic biopsy].description", "DCIS with central necrosis.", "DCIS with central necrosis"),
    ("specimen[specimen_label=Stereotactic biopsy].dcis_necrosis", "central", "DCIS with central necrosis (CAP: central, comedo)"),
    ("treatment[modality=surgery].surgery_type", "bcs", "subsequently underwent partial mastectomy"),
    ("treatment[modality=radiotherapy].procedure", "External beam radiation", "and external beam radiation"),
    ("discussion", "DCIS is about 10% of breast cancers in a screened population and 70% of non-invasive carcinomas; it may show as one or more clusters of microcalcifications without a palpable mass, may be multifocal or multicentric, and rarely comes with axillary metastases; treatment is lumpectomy or mastectomy and radiotherapy.", "Discussion (CARE item 11)"),
]

# P4: Ramezani M, Sadeghi M. Low Grade Malignant (Borderline) Phyllodes Tumor of the Breast:
# Case Report and Review of Literature. J Cancer Res Treat 2017;5(3):89-91,
# doi:10.12691/jcrt-5-3-3. Read from its abstract. A phyllodes tumour with its criteria.
CASE_P4: list[Fact] = [
    ("age_at_presentation", "55", "A 55-year-old lady"),
    ("sex", "female", "lady"),
    ("laterality", "left", "with left breast mass"),
    ("primary_site", "C50.9", "left breast mass (quadrant not given)"),
    ("diagnosis", "9020/1", "the pathologist reported low-grade malignant (borderline) PT"),
    ("doi", "10.12691/jcrt-5-3-3", "DOI: 10.12691/jcrt-5-3-3"),
    ("symptom[symptom=Left breast mass].duration", "2-3", "since 2-3 months ago"),
    ("symptom[symptom=Left breast mass].duration_unit", "mo", "2-3 months"),
    ("benign_breast_history[bb_laterality=left].bb_procedure", "surgery", "the patient had left breast surgery"),
    ("benign_breast_history[bb_laterality=left].bb_finding", "Fibrocystic change", "due to fibrocystic change"),
    ("benign_breast_history[bb_laterality=left].bb_date", "-7y", "seven years ago (before presentation, the index date)"),
    ("specimen[specimen_label=Breast specimen].gross_size_1_mm", "100", "measuring 10*8*4.5 cm"),
    ("specimen[specimen_label=Breast specimen].gross_size_2_mm", "80", "10*8*4.5 cm"),
    ("specimen[specimen_label=Breast specimen].gross_size_3_mm", "45", "10*8*4.5 cm"),
    ("specimen[specimen_label=Breast specimen].specimen_diagnosis", "9020/1", "borderline PT"),
    ("specimen[specimen_label=Breast specimen].phyllodes_grade", "borderline", "low-grade malignant (borderline) PT"),
    ("specimen[specimen_label=Breast specimen].stromal_mitoses", "3", "Mitotic index was 3/10 high power field (HPF)"),
    ("specimen[specimen_label=Breast specimen].tumour_border", "well_defined", "The border was well-circumscribed"),
    ("specimen[specimen_label=Breast specimen].stromal_cellularity", "?not_stated", "hypercellular spindle-shaped stroma (degree not given)"),
    ("specimen[specimen_label=Breast specimen].stromal_atypia", "?not_stated", "(atypia not described in the abstract)"),
    ("specimen[specimen_label=Breast specimen].stromal_overgrowth", "?not_stated", "(overgrowth not described in the abstract)"),
    ("specimen[specimen_label=Breast specimen].procedure", "?not_stated", "her specimen (the operation is not named)"),
    ("discussion", "A borderline phyllodes tumour cannot be diagnosed from age, tumour size, imaging or clinical features alone: stromal cellularity, atypia, mitotic count and the tumour border must be assessed microscopically.", "In conclusion (CARE item 11)"),
]

# P5: an EWSR1-ERG Ewing sarcoma of the right femur, Authorea preprint
# (authorea.com/users/775016/articles/871309; authors and title not in the text at hand):
# its case report up to the adjuvant treatment. A bone sarcoma of a limb with necrosis after
# induction chemotherapy, and the negatives of its staging.
CASE_P5: list[Fact] = [
    ("age_at_presentation", "22", "a 22 year old male"),
    ("sex", "male", "male"),
    ("comorbidities", "None (no past medical history).", "with no past medical history"),
    ("index_date", "2019-04", "In April 2019 ... presented"),
    ("index_date_kind", "presentation", "presented with increasing pain"),
    ("pain", "true", "increasing pain in the right pelvis and inferior limb"),
    ("primary_site", "C40.2", "a 9cm lesion extended from the femoral head to the bone neck"),
    ("laterality", "right", "right hip bone"),
    ("diagnosis", "9364/3", "suggestive of Ewing sarcoma ... confirmed the presence of EWSR1-ERG rearrangement"),
    ("earlier_visit[visit_examiner=gp].visit_said", "Treated with NSAIDs and steroids, with no clear clinical benefit", "managed by his general practitioner with nonsteroidal anti-inflammatory drugs (NSAIDs) and steroids with no clear clinical benefit"),
    ("imaging_study[modality=MRI].study_date", "2020-02", "In February 2020, a magnetic resonance (MRI) of right hip bone"),
    ("imaging_study[modality=MRI].size_mm", "90", "detected a 9cm lesion"),
    ("imaging_study[modality=MRI].t2_signal", "hyper", "hyperintense on T2-weighted images"),
    ("imaging_study[modality=MRI].lesion", "@L1 right proximal femur", "from the femoral head to the bone neck"),
    ("imaging_study[modality=CT & study_result=abnormal].bone_destruction", "true", "a vast, irregular osteolytic area"),
    ("imaging_study[modality=CT & study_result=negative].findings", "No distant metastases.", "Staging chest and abdomen CT and PET-CT scan did not detect any distant metastases"),
    ("imaging_study[modality=PET-CT].suv_max", "7.16", "pathological hypermetabolism (SUV max 7.16)"),
    ("specimen[specimen_label=Biopsy].specimen_date", "2020-03", "In March 2020, a biopsy of the osteolytic area"),
    ("specimen[specimen_label=Biopsy].procedure", "?not_stated", "a biopsy (needle or open not said)"),
    ("specimen[specimen_label=Biopsy].specimen_diagnosis", "9364/3", "suggestive of Ewing sarcoma"),
    ("ihc_result[marker=CD99].result", "positive", "small round cell positive for CD99"),
    ("ihc_result[marker=FLI1].result", "positive", "FLI1"),
    ("ihc_result[marker=VIM].result", "positive", "vimentin"),
    ("ihc_result[marker_other=CD56].result", "focal", "and focal CD56"),
    ("ihc_result[marker=CD99].specimen", "@Biopsy", "the histological specimen"),
    ("molecular_test[target=EWSR1].alteration", "rearrangement", "EWSR1-ERG rearrangement"),
    ("molecular_test[target=EWSR1].molecular_result", "detected", "confirmed the presence of"),
    ("molecular_test[target=EWSR1].variant", "EWSR1-ERG (21q22.2)", "EWSR1-ERG rearrangement (21q22.2)"),
    ("molecular_test[target=EWSR1].method", "?not_stated", "The molecular analysis (method not named)"),
    ("specimen[specimen_label=Bone marrow aspirate].procedure", "fna", "bone marrow fine needle aspiration"),
    ("specimen[specimen_label=Bone marrow aspirate].specimen_site", "C42.1", "bone marrow"),
    ("specimen[specimen_label=Bone marrow aspirate].description", "Negative for neoplastic cells.", "was negative for neoplastic cells"),
    ("treatment[modality=chemotherapy].intent", "neoadjuvant", "four courses of induction chemotherapy (April to June), then surgical resection in July 2020"),
    ("treatment[modality=chemotherapy].start_date", "2020-04", "From April to June 2020"),
    ("treatment[modality=chemotherapy].end_date", "2020-06", "From April to June 2020"),
    ("treatment[modality=chemotherapy].cycles", "4", "four courses of induction chemotherapy"),
    ("treatment[modality=chemotherapy].response", "SD", "showed disease stability"),
    ("treatment[modality=surgery].start_date", "2020-07", "In July 2020, patient underwent surgical resection"),
    ("treatment[modality=surgery].surgery_type", "limb_salvage", "surgical resection of right femur and global modular replacement system prosthesis implant"),
    ("specimen[specimen_label=Resection].necrosis_response_percent", "95", "with a 95% necrosis rate"),
    ("specimen[specimen_label=Resection].viable_tumour_percent", "5", "5% of residual sarcomatous cells"),
    ("treatment[modality=surgery].reconstruction", "endoprosthesis", "global modular replacement system prosthesis implant"),
    ("specimen[specimen_label=Resection].pathological_response", "partial", "Pathological response was good, although not complete"),
    ("specimen[specimen_label=Resection].specimen_date", "2020-07", "In July 2020 ... surgical resection"),
]

# P6: Clinics in diagnostic imaging (180), Singapore Med J (smj.org.sg/article/
# clinics-diagnostic-imaging-180): abstract and case presentation. A case read on breast MRI
# (non-mass clustered ring enhancement), with the negatives of the history and examination.
CASE_P6: list[Fact] = [
    ("age_at_presentation", "26", "A 26-year-old woman"),
    ("sex", "female", "woman"),
    ("detection_mode", "symptoms", "presented with a six-month history of a right breast lump"),
    ("symptom[duration=6].duration_unit", "mo", "a six-month history"),
    ("symptom[symptom=Occasional tenderness of the lump].duration", "", "occasional tenderness of the lump (no duration)"),
    ("nipple_discharge", "false", "no overlying skin changes, nipple discharge or fever"),
    ("systemic_symptoms", "!fever", "or fever"),
    ("exam_skin", "No overlying skin changes.", "There was no nipple discharge or overlying skin changes"),
    ("exam_lymph_nodes", "not_palpable", "No enlarged axillary or supraclavicular lymph nodes could be felt"),
    ("exam_signs", "!axillary_nodes", "No enlarged axillary ... lymph nodes could be felt bilaterally"),
    ("oncological_history", "No previous personal history of breast cancer.", "no previous personal ... history of breast cancer"),
    ("family_cancers", "!breast", "no previous personal or family history of breast cancer"),
    ("prior_exposures", "oral_contraceptives", "She had started taking an oral contraceptive six months prior"),
    ("exposure_start_date", "-6m", "started ... six months prior (to presentation, the index date)"),
    ("parity", "0", "She was nulliparous"),
    ("primary_site", "C50.4", "in the upper outer quadrant of the right breast near the axillary tail"),
    ("laterality", "right", "right breast lump"),
    ("diagnosis", "8500/3", "Excision biopsy of the lump showed invasive ductal carcinoma"),
    ("imaging_study[modality=US].study_result", "indeterminate", "an indeterminate group of masses"),
    ("imaging_study[modality=CEMRI].mri_lesion_type", "nme", "an area of clustered ring enhancement"),
    ("imaging_study[modality=CEMRI].mri_nme_pattern", "clustered_ring", "clustered ring enhancement deep to the biopsy site"),
    ("imaging_study[modality=CEMRI].impression", "Residual DCIS.", "which was representative of residual DCIS"),
    ("imaging_study[modality=CEMRI].lesion", "@L1 right UOQ", "deep to the biopsy site"),
    ("specimen[procedure=excisional].specimen_diagnosis", "8500/3", "invasive ductal carcinoma with adjacent ductal carcinoma in situ"),
    ("treatment[modality=surgery].surgery_type", "excisional_biopsy", "she opted for a surgical excision biopsy instead"),
    ("treatment[modality=surgery].intent", "diagnostic", "for histological diagnosis"),
    ("background", "DCIS is a common non-invasive malignancy, alone or beside other lesions; the report discusses its imaging features, above all clustered ring enhancement on MRI.", "Abstract (CARE item 4)"),
]

# P7: Suzuki T, Einama T, Takushima M, et al. Multiple metastases of HER2-positive, hormone
# receptor-positive, pT1a pN0 breast cancer within 1 year after surgery: a case report. Oncol
# Lett 2024, article 365, doi:10.3892/ol.2024.14498. Read from its abstract. An invasive
# breast carcinoma with receptors and a stated stage.
CASE_P7: list[Fact] = [
    ("age_at_presentation", "58", "A 58-year-old woman"),
    ("sex", "female", "woman"),
    ("laterality", "left", "left breast cancer"),
    ("primary_site", "C50.9", "left breast cancer (quadrant not given)"),
    ("diagnosis", "?not_stated", "breast cancer (histological type not given in the abstract)"),
    ("doi", "10.3892/ol.2024.14498", "https://doi.org/10.3892/ol.2024.14498"),
    ("ptnm_prefix", "p", "pathological stage IA (pT1a pN0)"),
    ("pt_category", "T1a", "pT1a"),
    ("pn_category", "N0", "pN0"),
    ("pathological_stage_group", "IA", "pathological stage IA"),
    ("tnm_edition", "?not_stated", "(edition not named)"),
    ("ki67_percent", "37", "a Ki-67 labeling index of 37%"),
    ("specimen[specimen_label=Mastectomy].nuclear_grade", "3", "with a nuclear grade of 3"),
    ("ihc_result[marker=HER2].her2_status", "positive", "HER2-positive breast cancer"),
    ("ihc_result[marker=ER].result", "?not_stated", "hormone receptor-positive (ER and PR not given apart)"),
    ("ihc_result[marker=PR].result", "?not_stated", "hormone receptor-positive (ER and PR not given apart)"),
    ("treatment[modality=surgery].surgery_type", "simple_mastectomy", "underwent left total mastectomy"),
    ("treatment[modality=surgery].axillary_procedure", "sentinel_node", "and sentinel lymph node biopsy"),
    ("treatment[modality=hormone].agents", "Letrozole", "An aromatase inhibitor (letrozole) was planned"),
    ("treatment[modality=hormone].intent", "adjuvant", "to be administered for 5 years after surgery"),
    ("treatment[modality=hormone].planned_duration", "5", "planned to be administered for 5 years"),
    ("treatment[modality=hormone].planned_duration_unit", "a", "5 years"),
    ("treatment[modality=chemotherapy].agents", "Paclitaxel", "chemotherapy (paclitaxel)"),
    ("treatment[modality=targeted].agents", "Pertuzumab, trastuzumab", "anti-HER2 therapy (pertuzumab and trastuzumab)"),
    ("treatment[modality=targeted].response", "CR", "liver metastases resolved"),
    ("followup_visit[status=distant_metastasis].sites", "liver|lymph_nodes", "multiple liver and axillary lymph node metastases 11 months after surgery"),
    ("followup_visit[status=distant_metastasis].time_after_event", "11", "11 months after surgery"),
    ("followup_visit[status=distant_metastasis].time_after_unit", "mo", "11 months"),
    ("followup_visit[status=distant_metastasis].after_treatment", "@surgery", "after surgery (the mastectomy)"),
    ("followup_visit[status=distant_metastasis].visit_date", "", "(the surgery is not dated, so neither is the visit)"),
    ("followup_visit[lesion_response=CR].response_lesion", "@Liver metastases", "liver metastases resolved"),
    ("lesion[lesion_label=Liver metastases].lesion_role", "metastasis", "liver metastases"),
    ("metastatic_sites", "liver|lymph_nodes", "multiple liver and axillary lymph node metastases"),
    ("current_status", "distant_metastasis", "the last dated status: metastases (the later complete response concerns the liver lesion only)"),
    ("background", "Adjuvant chemotherapy is usually not considered for pT1a pN0 HER2-positive breast cancer because it seldom recurs.", "Abstract (CARE item 4)"),
]
# P8: Shear-Wave Elastography Features of Primary Non-Hodgkin's Lymphoma of the Breast: A Case
# Report and Literature Review. J Clin Diagn Res 2016;10(12):TD01 (corresponding author K. H.
# Ko). Read from its abstract. Elastography reported in kPa only: the m/s beside it is derived
# (E = 3ρv², ρ = 1000 kg/m³: √(100 500 / 3000) = 5.788 m/s, to 2 places 5.79).
CASE_P8: list[Fact] = [
    ("age_at_presentation", "57", "A 57-year-old woman"),
    ("sex", "female", "woman"),
    ("pain", "false", "presented with a painless palpable mass"),
    ("detection_mode", "symptoms", "presented with a painless palpable mass of the left breast"),
    ("laterality", "left", "of the left breast"),
    ("primary_site", "C50.4", "in upper outer breast"),
    ("diagnosis", "9680/3", "confirmed as diffuse large B-cell lymphoma"),
    ("imaging_study[modality=US].techniques", "bmode|doppler|swe", "Ultrasonography ... increased vascularity ... On shear wave elastography"),
    ("imaging_study[modality=US].us_shape", "irregular", "an irregular-shaped"),
    ("imaging_study[modality=US].us_echo_pattern", "complex", "complex cystic and solid mass"),
    ("imaging_study[modality=US].swe_emax_kpa", "100.5", "maximum elasticity value (Emax) of 100.5 kilopascal (kPa)"),
    ("imaging_study[modality=US].swe_vmax_ms", "5.79", "(derived from the reported 100.5 kPa, shown beside it)"),
    ("imaging_study[modality=US].swe_stiffness", "hard", "the mass was relatively stiff"),
    ("imaging_study[modality=US].lesion", "@L1 left upper outer breast", "in upper outer breast"),
    ("specimen[specimen_label=US-guided core biopsy].biopsy_guidance", "us", "by US-guided core needle biopsy"),
    ("specimen[specimen_label=US-guided core biopsy].procedure", "core", "core needle biopsy"),
    ("specimen[specimen_label=US-guided core biopsy].specimen_diagnosis", "9680/3", "diffuse large B-cell lymphoma"),
]

# P9: Gumowska ME, Szlenk AM, Roszkowska-Purska K, et al. Granular Cell Tumor of the Breast
# Imitating a Malignant Tumor: A Case Report and Review of Literature (fortuneonline.org,
# abstract 3486). Read from its abstract. A benign tumour read as BI-RADS 5: the ultrasound
# and mammographic lexicon, a stiff rim on SWE, and its negatives.
CASE_P9: list[Fact] = [
    ("age_at_presentation", "22", "A 22 year-old woman"),
    ("sex", "female", "woman"),
    ("family_cancers", "!breast", "with no family history of breast cancer"),
    ("pain", "true", "developed a painful breast tumor"),
    ("primary_site", "C50.3", "in the inner lower quadrant"),
    ("laterality", "left", "of the left breast"),
    ("diagnosis", "9580/0", "Core biopsy revealed granular cell tumor (GCT)"),
    ("earlier_visit[visit_examiner=surgeon].visit_said", "Ultrasound examination advised", "After surgical consultation, ultrasound examination was advised"),
    ("imaging_study[modality=US].us_orientation", "not_parallel", "non-parallel orientation"),
    ("imaging_study[modality=US].us_echo_pattern", "hypoechoic", "hypoechogenicity"),
    ("imaging_study[modality=US].us_margin", "spiculated", "spiculated margins"),
    ("imaging_study[modality=US].us_posterior", "shadowing", "posterior shadowing"),
    ("imaging_study[modality=US].doppler_pattern", "peripheral", "peripheral vessels on color Doppler"),
    ("imaging_study[modality=US].swe_stiff_rim", "true", "increased stiffness in the tissue surrounding the tumor"),
    ("imaging_study[modality=MG].mg_density", "high", "The mass had higher density than fibroglandular tissue"),
    ("imaging_study[modality=MG].mg_margin", "spiculated", "margins were ill-defined (spiculated)"),
    ("imaging_study[modality=MG].mg_associated", "!calcifications", "and had no microcalcification"),
    ("lesion_assessment[fa_birads=5].fa_modalities", "US|MG", "BIRADS 5 category was preassigned (after ultrasound and mammography)"),
    ("lesion_assessment[fa_birads=5].fa_lesion", "@L1 left LIQ", "The mass"),
    ("specimen[procedure=core].specimen_diagnosis", "9580/0", "Core biopsy revealed granular cell tumor"),
    ("discussion", "Granular cell tumour is rare and usually benign but shows malignant features clinically and on imaging; benign breast tumours can look malignant.", "the abstract's last sentences (CARE item 11)"),
]
# fmt: on

MORE_FACTS: dict[int, list[Fact]] = {
    3: CASE_P3,
    4: CASE_P4,
    5: CASE_P5,
    6: CASE_P6,
    7: CASE_P7,
    8: CASE_P8,
    9: CASE_P9,
}

# fmt: off
MORE_NARRATIVE: dict[int, list[tuple[str, str]]] = {
    3: [
        ("figure", "2 images (the mammograms), not described beyond the findings."),
        ("source", "A teaching file: its one reference (Dahnert, Radiology Review Manual) is general."),
    ],
    4: [
        ("source", "Only the abstract was at hand: the operation, imaging, margins and follow-up were not read."),
    ],
    5: [
        ("source", "The text at hand ends with the adjuvant treatment from August 2020: what followed was not read."),
    ],
    6: [
        ("figure", "Fig. 1: mammograms of both breasts (the caption is cut off in the text at hand)."),
        ("source", "The text at hand ends at the post-operative imaging: the mammographic findings, the MRI kinetics and the outcome were not read."),
    ],
    7: [
        ("source", "Only the abstract was at hand: tumour size, histological type, ER and PR apart, dates and the discussion were not read."),
    ],
    8: [
        ("source", "Only the abstract was at hand: the mammography, the treatment and the outcome were not read."),
    ],
    9: [
        ("source", "Only the abstract was at hand: the measurements, the SWE values and the follow-up were not read."),
    ],
}
# fmt: on
