# ruff: noqa: E501  (a table of quotations reads best one fact to a line)
"""Data for test_published_facts, continued: published case P10 (issue 11's Proof: "one with
elastography in both m/s and kPa"), abstracted into tests/published/case_p10.json. Same form
as tests/test_published_case_facts.py: (where, value, what the report says). The report is
in Spanish: each quotation is its words, translated where the words are not the value.
"""

from __future__ import annotations

from tests.test_clinical_case_facts import Fact

# fmt: off
# P10: Caso Clínico: Elastofibroma Dorsi valorado con Elastografía Shear Wave. Diario de un
# médico II (a physician's blog), October 2025, diariodeunmedicoii.blogspot.com/2025/10/
# caso-clinico-elastofibroma-dorsi.html. Read from the stored beginning of the post. Its SWE
# is given in both units: median 39.45 kPa and 3.62 m/s (3 × 1000 × 3.62² = 39 313 Pa, 39.3
# kPa; √(39 450 / 3000) = 3.626 m/s, 3.63): both kept, each derived value beside the other.
CASE_P10: list[Fact] = [
    ("age_at_presentation", "52", "Paciente femenina de 52 años"),
    ("sex", "female", "Paciente femenina"),
    ("comorbidities", "No personal history of note.", "sin antecedentes personales ... de interés"),
    ("family_history", "No family history of note.", "sin antecedentes ... familiares de interés"),
    ("presenting_complaint", "A soft, mobile, painless mass in the right interscapular region, which began about two years earlier as a small mass and has grown progressively; it now causes discomfort when lying supine and from the bra.", "Consulta por tumoración blanda, móvil y no dolorosa en la región interescapular derecha ... inició hace aproximadamente dos años como una pequeña masa ... produce molestias al estar en decúbito supino y con el uso del sujetador"),
    ("detection_mode", "symptoms", "Consulta por tumoración"),
    ("pain", "false", "no dolorosa"),
    ("exam_consistency", "soft", "tumoración blanda"),
    ("exam_mobility", "mobile", "móvil"),
    ("symptom[symptom=Right interscapular mass, growing slowly].duration", "~2", "inició hace aproximadamente dos años"),
    ("symptom[symptom=Right interscapular mass, growing slowly].duration_unit", "a", "dos años"),
    ("referral_reason", "To rule out lipoma", "El médico referidor solicita descartar lipoma"),
    ("differential[dd_text=Lipoma].dd_diagnosis", "8850/0", "descartar lipoma"),
    ("differential[dd_text=Lipoma].dd_stage", "clinical", "El médico referidor solicita descartar lipoma (before imaging)"),
    ("primary_site", "C49.6", "localizada en la región interescapular derecha (soft tissues of the back: trunk)"),
    ("laterality", "right", "región interescapular derecha"),
    ("diagnosis", "8820/0", "Estos hallazgos son altamente sugestivos de Elastofibroma Dorsi (an imaging diagnosis: no biopsy in the text at hand)"),
    ("lesion[lesion_label=L1 right interscapular].lesion_site", "C49.6", "región interescapular derecha"),
    ("lesion[lesion_label=L1 right interscapular].lesion_note", "Superficial", "superficial"),
    ("imaging_study[modality=US].lesion", "@L1 right interscapular", "Lesión nodular fusiforme ... localizada en la región interescapular derecha"),
    ("imaging_study[modality=US].techniques", "bmode|doppler|swe", "HALLAZGOS SONOGRÁFICOS ... Doppler color ... ELASTOGRAFÍA SHEAR WAVE"),
    ("imaging_study[modality=US].us_probe_mhz", "10", "transductor lineal de 10 MHz"),
    ("imaging_study[modality=US].us_echo_pattern", "hypoechoic", "Ecogenicidad predominantemente hipoecogénica"),
    ("imaging_study[modality=US].doppler_vascularity", "absent", "Ausencia de vascularización al estudio Doppler color"),
    ("imaging_study[modality=US].study_result", "abnormal", "Lesión nodular fusiforme, encapsulada"),
    ("imaging_study[modality=US].findings", "A superficial, fusiform, encapsulated nodular lesion in the right interscapular region, predominantly hypoechoic with hyperechoic striations that imitate the fibrillar pattern of muscle; no vascularity on colour Doppler. Shear-wave elastography: 10 valid measurements inside the lesion, median 39.45 kPa, propagation velocity 3.62 m/s.", "fusiforme, encapsulada ... estriaciones hiperecogénicas que imitan el patrón fibrilar muscular (no lexicon term for these)"),
    ("imaging_study[modality=US].impression", "Findings highly suggestive of elastofibroma dorsi.", "Estos hallazgos son altamente sugestivos de Elastofibroma Dorsi"),
    ("imaging_study[modality=US].swe_method", "?not_stated", "elastografía por ondas de cizallamiento (point or 2D not said)"),
    ("imaging_study[modality=US].swe_valid_measurements", "10", "Se obtuvieron 10 mediciones válidas en el interior de la lesión"),
    ("imaging_study[modality=US].swe_emedian_kpa", "39.45", "Mediana: 39.45 kPa"),
    ("imaging_study[modality=US].swe_vmedian_ms", "3.62", "Velocidad de propagación: 3.62 m/s (listed with the median; not itself called a median)"),
    ("background", "To the author's knowledge, the first documented case in the Dominican Republic in which an elastofibroma dorsi was evaluated with shear-wave elastography.", "Hasta donde alcanza nuestro conocimiento, se trata del primer caso documentado en República Dominicana (CARE item 4)"),
    ("discussion", "Elastofibroma dorsi lies typically between the scapula and the chest wall; it predominates in women over 50, may be unilateral or bilateral, is benign and slow-growing without metastatic capacity, and may be asymptomatic or cause pain or a click with scapular movement.", "DISCUSIÓN: Características principales (CARE item 11)"),
]
# fmt: on

LATER_FACTS: dict[int, list[Fact]] = {10: CASE_P10}

# fmt: off
LATER_NARRATIVE: dict[int, list[tuple[str, str]]] = {
    10: [
        ("source", "The stored beginning of the blog post was at hand, from the history to the discussion's list of features (its incidence and the author's own earlier cases are cut off there): the author's name, the rest of the discussion, any histology, treatment and follow-up were not read. A physician's blog, not a journal: no peer-reviewed case report with SWE in both units was found."),
    ],
}
# fmt: on
