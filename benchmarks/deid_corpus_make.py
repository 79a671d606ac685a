# ruff: noqa: E501  (the snippets read best as one f-string each)
"""Writes tests/data/deid_corpus.jsonl: the planted-identifier corpus of issue 12.

    python -m benchmarks.deid_corpus_make

Each line is one snippet of free text as a registrar might type or paste it (a board
question, a history, a report, a letter), with identifiers planted in it and clinical
numbers beside them:

    {"id": "...", "text": "...",
     "own": {"patient name": "...", "medical record number": "...", "date of birth": "...",
             "address": "..."},             # the case's own phi fields, as stored
     "index_date": "2015-05-10",           # or "" for a case without one
     "identifiers": [{"kind": "...", "text": "...", "own": true}, ...],
     "keep": ["12 mm", "Ki-67 12%", ...]}  # clinical numbers that must print unchanged

The patients, numbers and places are invented. The generator is deterministic (a fixed
seed), so the file only changes when this script does; the file is committed so that the
benchmark and the tests read the same snippets.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "deid_corpus.jsonl"

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]  # fmt: skip
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
MONTHS_IT = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
             "agosto", "settembre", "ottobre", "novembre", "dicembre"]  # fmt: skip

PATIENTS = [
    # first, last, MRN, DOB (ISO), street, city, postcode line, phone, email
    ("Anna", "Berg", "7788-123", "1961-07-14", "12 Elm Street", "Springfield", "MA 01103",
     "5550 1234", "anna.berg@example.com"),
    ("Wei", "Li", "AB-55102", "1948-03-02", "4 Harbour Road", "Leith", "EH6 6LX",
     "0131 496 0321", "wei.li@mail.example.org"),
    ("Jürgen", "Müller", "00451-77", "1970-11-23", "Lindenstraße 8", "Freiburg", "79098",
     "0761 555 8120", "j.mueller@example.de"),
    ("María", "García-López", "HC 20931", "1983-01-30", "Calle Mayor 21", "Zaragoza", "50001",
     "976 555 410", "mgarcia@example.es"),
    ("Thi", "Ng", "993-4410", "1955-12-05", "77 Quay Lane", "Dunedin", "9016",
     "03 477 5550", "thi.ng@example.net"),
    ("Claire", "Dubois", "FR-118822", "1966-05-09", "3 rue des Lilas", "Lyon", "69003",
     "04 72 55 50 19", "claire.dubois@example.fr"),
    ("Sean", "O'Brien", "55120987", "1939-09-17", "9 Cherry Walk", "Cork", "T12 X2Y3",
     "021 555 7781", "sobrien@example.ie"),
    ("Giulia", "Rossi", "PZ-7731", "1992-02-11", "Via Roma 45", "Bologna", "40121",
     "051 555 3321", "giulia.rossi@example.it"),
]  # fmt: skip

CLINICIANS = ["Okafor", "Haddad", "Lindqvist", "Tanaka", "Kowalski", "Ferreira", "Novak",
              "Yilmaz", "Abe", "Ruiz", "Moreau", "Schmidt", "Petrov", "Ito", "Khan", "Wu"]  # fmt: skip
FIRST = ["Maria", "John", "Priya", "Ahmed", "Lena", "Tomás", "Ines", "Olga", "Ravi", "Sara"]
HOSPITALS = ["St Mary's Hospital", "Royal Infirmary", "Massachusetts General Hospital",
             "Mayo Clinic", "Hôpital Cochin", "Klinikum Rechts der Isar",
             "Hospital Clínic de Barcelona", "Ospedale Maggiore", "Princess Margaret Cancer Centre",
             "Karolinska University Hospital"]  # fmt: skip

CLINICAL = [
    "12 mm", "Ki-67 12%", "120 mm", "3.5 x 2.1 cm", "T2N0M0", "BI-RADS 4", "grade 2",
    "14 mitoses/10 HPF", "SUVmax 7.4", "CA 15-3 32 U/mL", "Hb 12.1 g/dL", "BP 120/80",
    "ER 90%", "45 Gy in 25 fractions", "6 cycles", "pT1b", "MIB-1 30%", "2 of 14 nodes",
    "4.2 kPa", "3.1 m/s", "75 mg/m2", "day 21", "FNCLCC grade 3", "1.8 cm", "PR 5%",
    "HER2 2+", "25 mm", "0.5 cm margin", "pN0 (0/12)", "ECOG 1", "40 mg", "9.5 cm",
    "LVEF 60%", "CD34", "SMA", "11 x 8 mm", "60 Gy", "WBC 6.4", "2.3 mSv", "5 cm",
]  # fmt: skip


def dob_spellings(iso: str, rng: random.Random) -> list[str]:
    y, m, d = (int(p) for p in iso.split("-"))
    en, fr, de = MONTHS_EN[m - 1], MONTHS_FR[m - 1], MONTHS_DE[m - 1]
    es, it = MONTHS_ES[m - 1], MONTHS_IT[m - 1]
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(d if d < 20 else d % 10, "th")
    return [
        f"{d:02d}-{m:02d}-{y}", f"{d}.{m}.{y % 100:02d}", f"{d} {en} {y}", f"{en} {d}, {y}",
        f"{d:02d}/{m:02d}/{y}", f"{m}/{d}/{y}", f"{y}-{m:02d}-{d:02d}", f"{d}{suffix} of {en} {y}",
        f"{d} {en[:3]} {y}", f"{en[:3]}. {d}, {y}", f"{d:02d}.{m:02d}.{y}", f"{d}-{en[:3]}-{y % 100:02d}",
        f"{d} {fr} {y}", f"{d}. {de} {y}", f"{d} de {es} de {y}", f"{d} {it} {y}",
        f"{y}{m:02d}{d:02d}", f"{d}/{m}/{y % 100:02d}",
    ]  # fmt: skip


def event_dates(rng: random.Random) -> list[str]:
    """Other dates of the case (after the index date of 2015-05-10), in many spellings."""
    y = rng.choice([2015, 2016, 2017])
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    en, fr, de = MONTHS_EN[m - 1], MONTHS_FR[m - 1], MONTHS_DE[m - 1]
    es, it = MONTHS_ES[m - 1], MONTHS_IT[m - 1]
    return [
        f"{d} {en} {y}", f"{en} {d}, {y}", f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}",
        f"{d}.{m}.{y}", f"{d}-{en[:3]}-{y}", f"{en} {y}", f"{en[:3]} {y}", f"{m:02d}/{y}",
        f"{d} {fr} {y}", f"{d}. {de} {y}", f"{d} de {es} de {y}", f"{d} {it} {y}",
        f"{d}/{m}/{y % 100:02d}", f"{d}th of {en}" if d > 3 and d < 21 else f"{d} {en}",
        f"{fr} {y}", f"{es} de {y}",
    ]  # fmt: skip


def phones(rng: random.Random) -> list[str]:
    a, b, c = rng.randint(200, 989), rng.randint(200, 989), rng.randint(1000, 9999)
    return [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"+1 {a} {b} {c}", f"+44 20 7946 {c}",
            f"0{a} {b} {c}", f"{a}.{b}.{c}", f"+33 1 {a % 90 + 10} {b % 90 + 10} {c % 90 + 10} 00",
            f"{c} {c}", f"+49 (0)761 {b}-{c}"]  # fmt: skip


def ident_numbers(rng: random.Random) -> list[tuple[str, str]]:
    """(cue sentence with {n}, the number) for identifying numbers of other kinds."""
    n = rng.randint(100000, 999999)
    return [
        ("MRN {n}", f"{n}"), ("medical record number: {n}", f"{n // 10}-{n % 10}"),
        ("account no. {n}", f"AC{n}"), ("NHS number {n}", f"{n % 1000:03d} {n // 1000:03d} 4821"),
        ("patient ID {n}", f"P-{n}"), ("accession number {n}", f"S15-{n % 10000}"),
        ("insurance number {n}", f"K{n}22"), ("SSN {n}", f"{n % 900 + 100}-{n % 89 + 10}-{n % 9000 + 1000}"),
        ("Fallnummer {n}", f"{n}01"), ("IPP {n}", f"{n}"), ("licence no. {n}", f"D{n}"),
        ("member ID {n}", f"XJ{n}"), ("case no. {n}", f"{n % 1000}/{n // 1000}"),
    ]  # fmt: skip


def snippet(rng: random.Random, number: int) -> dict[str, Any]:
    first, last, mrn, dob, street, city, postcode, phone, email = rng.choice(PATIENTS)
    own = {"patient name": f"{first} {last}", "medical record number": mrn,
           "date of birth": dob,
           "address": f"{street}\n{city} {postcode}\nTel {phone}\n{email}"}  # fmt: skip
    found: list[dict[str, Any]] = []
    keep = rng.sample(CLINICAL, 2)

    def plant(kind: str, text: str, mine: bool) -> str:
        found.append({"kind": kind, "text": text, "own": mine})
        return text

    title = rng.choice(["Mr", "Mrs", "Ms", "Mr.", "Mrs.", "Dr", "Prof.", "Miss"])
    doc = rng.choice(CLINICIANS)
    shape = number % 24
    k1, k2 = keep
    if shape == 0:
        text = (
            f"Should {title} {plant('patient name', last, True)} (MRN "
            f"{plant('medical record number', rng.choice([mrn, mrn.replace('-', ''), mrn.replace('-', ' ')]), True)}) "
            f"have surgery? Lesion {k1}, {k2}."
        )
    elif shape == 1:
        text = (
            f"{plant('patient name', first.upper() + ' ' + last.upper(), True)}, born "
            f"{plant('date of birth', rng.choice(dob_spellings(dob, rng)), True)}, presented with a mass of {k1}; {k2}."
        )
    elif shape == 2:
        text = (
            f"Pt: {plant('patient name', last + ', ' + first, True)}. DOB "
            f"{plant('date of birth', rng.choice(dob_spellings(dob, rng)), True)}. Biopsy showed {k1} and {k2}."
        )
    elif shape == 3:
        text = (
            f"Lives at {plant('address', street, True)}, {plant('address', city, True)}; "
            f"phone {plant('phone', rng.choice([phone, phone.replace(' ', ''), phone.replace(' ', '-')]), True)}. "
            f"Imaging: {k1}, {k2}."
        )
    elif shape == 4:
        text = (
            f"Contact {plant('email', email, True)} about the result ({k1}); "
            f"{plant('patient name', first, True)} agreed to {k2} follow-up."
        )
    elif shape == 5:
        when = rng.choice(event_dates(rng))
        text = (
            f"Seen by Dr {plant('name', doc, False)} on {plant('date', when, False)} at "
            f"{plant('hospital', rng.choice(HOSPITALS), False)}: {k1}, {k2}."
        )
    elif shape == 6:
        text = (
            f"Referred by {plant('name', rng.choice(FIRST) + ' ' + doc, False)} "
            f"(tel. {plant('phone', rng.choice(phones(rng)), False)}, fax "
            f"{plant('phone', rng.choice(phones(rng)), False)}). Findings {k1}; {k2}."
        )
    elif shape == 7:
        cue, value = rng.choice(ident_numbers(rng))
        text = f"Specimen {k1}; {cue.format(n=plant('identifier', value, False))}. Margins {k2}."
    elif shape == 8:
        text = (
            f"Report available at {plant('URL', 'https://portal.example-hospital.org/results?id=' + str(rng.randint(1000, 99999)), False)} "
            f"and www.{plant('URL', 'pacs.example.net/study/' + str(rng.randint(10, 999)), False).split('www.')[-1]}; {k1}, {k2}."
        )
    elif shape == 9:
        ip = f"{rng.randint(10, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        text = f"Uploaded from {plant('IP address', ip, False)} ({k1}); workstation log {k2}."
    elif shape == 10:
        code = rng.choice(
            ["SW1A 1AA", "EH6 6LX", "M5V 3L9", "75013", "10115", "02115-3301", "1012 AB", "8001"]
        )
        city = {"SW1A 1AA": "London", "EH6 6LX": "Edinburgh", "M5V 3L9": "Toronto",
                "75013": "Paris", "10115": "Berlin", "02115-3301": "Boston",
                "1012 AB": "Amsterdam", "8001": "Zürich"}[code]  # fmt: skip
        lead = rng.choice(["Moved to", "Postal address:", "Lives in", "Zip code"])
        if code[0].isdigit() and lead != "Zip code":
            text = f"{lead} {plant('postal code', code, False)} {city}; tumour {k1}, {k2}."
        else:
            text = f"{lead} {city} {plant('postal code', code, False)}; tumour {k1}, {k2}."
    elif shape == 11:
        when, later = rng.sample(event_dates(rng), 2)
        text = f"CT on {plant('date', when, False)} showed {k1}; MRI {plant('date', later, False)}: {k2}."
    elif shape == 12:
        lang = rng.choice(["fr", "de", "es", "it"])
        dates = event_dates(rng)
        d = {"fr": dates[9], "de": dates[10], "es": dates[11], "it": dates[12]}[lang]
        lead = {"fr": "Vue le", "de": "Untersucht am", "es": "Visto el", "it": "Visitata il"}[lang]
        text = f"{lead} {plant('date', d, False)} par Dr {plant('name', doc, False)}: {k1}, {k2}."
    elif shape == 13:
        text = (
            f"{plant('patient name', last, True)}'s daughter ({plant('name', rng.choice(FIRST) + ' ' + last, True)}) "
            f"called on {plant('phone', rng.choice(phones(rng)), False)}; {k1}, {k2}."
        )
    elif shape == 14:
        spelled = rng.choice(dob_spellings(dob, rng))
        text = f"Born {plant('date of birth', spelled, True)}; aged 57 at diagnosis; {k1}; {k2}."
        keep.append("aged 57")
    elif shape == 15:
        alt = rng.choice([mrn, mrn.replace("-", ""), mrn.replace("-", "/"), mrn.lower()])
        text = f"Old chart {plant('medical record number', alt, True)} reviewed: {k1} and {k2}."
    elif shape == 16:
        text = (
            f"Mrs {plant('name', rng.choice(['Xu', 'Ng', 'Li', 'Wu', 'Ko']), False)} (neighbour) and "
            f"Prof. {plant('name', rng.choice(FIRST) + ' ' + doc, False)} discussed {k1}; {k2}."
        )
    elif shape == 17:
        text = (
            f"Letter: Dear Dr {plant('name', doc, False)}, I saw {plant('patient name', first + ' ' + last, True)} "
            f"today. {k1}. {k2}. Yours, {plant('name', rng.choice(FIRST) + ' ' + rng.choice(CLINICIANS), False)}"
        )
        text = text.replace("Yours, ", "Yours, Dr ")
    elif shape == 18:
        when = rng.choice(event_dates(rng))
        text = (
            f"Admitted {plant('date', when, False)} to {plant('hospital', rng.choice(HOSPITALS), False)} "
            f"({k1}); e-mail {plant('email', rng.choice(FIRST).lower() + '.' + doc.lower() + '@example.org', False)}; {k2}."
        )
    elif shape == 19:
        text = (
            f"Address: {plant('address', street, True)}, {plant('address', city, True)} "
            f"{plant('address', postcode, True)}. Mass {k1}; {k2}."
        )
    elif shape == 20:
        text = (
            f"Signed: {plant('name', rng.choice(FIRST) + ' ' + doc, False)}, MD. "
            f"Pager {plant('phone', str(rng.randint(10000, 99999)) + ' ' + str(rng.randint(100, 999)), False)}. {k1}; {k2}."
        )
    elif shape == 21:
        text = (
            f"{plant('patient name', first, True)} {plant('patient name', last, True)} "
            f"(MRN {plant('medical record number', mrn, True)}, DOB "
            f"{plant('date of birth', rng.choice(dob_spellings(dob, rng)), True)}) — {k1}, {k2}."
        )
    elif shape == 22:
        text = (
            f"No identifiers here: {k1}, {k2}, {rng.choice(CLINICAL)} and {rng.choice(CLINICAL)}."
        )
        keep += [c for c in CLINICAL if c in text and c not in keep]
    else:
        when = rng.choice(event_dates(rng))
        text = (
            f"Follow-up {plant('date', when, False)}: {k1}, {k2}. Mobile "
            f"{plant('phone', rng.choice(phones(rng)), True)}."
        )
    return {"id": f"s{number:04d}", "text": text, "own": own,
            "index_date": "2015-05-10" if number % 7 else "",
            "identifiers": found, "keep": keep}  # fmt: skip


def collisions() -> list[dict[str, Any]]:
    """An MRN of '12' beside '120 mm' and 'Ki-67 12%' (issue 12, finding 2)."""
    base = {"own": {"patient name": "Ann Ek", "medical record number": "12",
                    "date of birth": "1950-12-12", "address": "12 Ash Way\nUmeå 90187"},
            "index_date": "2015-05-10"}  # fmt: skip
    return [
        {**base, "id": "c0001", "text": "MRN 12: tumour 120 mm, Ki-67 12%, a 12 mm nodule.",
         "identifiers": [{"kind": "medical record number", "text": "12", "own": True}],
         "keep": ["120 mm", "Ki-67 12%", "12 mm"]},
        {**base, "id": "c0002", "text": "Ms Ek: 12 of 12 nodes negative, grade 12/20, ER 12%.",
         "identifiers": [{"kind": "patient name", "text": "Ek", "own": True}],
         "keep": ["12 of 12 nodes", "ER 12%"]},
        {**base, "id": "c0003", "text": "Born 12.12.1950; 12 cycles; 1.2 cm; pT1 N0 (0/12).",
         "identifiers": [{"kind": "date of birth", "text": "12.12.1950", "own": True}],
         "keep": ["12 cycles", "1.2 cm", "(0/12)"]},
    ]  # fmt: skip


def locate(row: dict[str, Any]) -> dict[str, Any]:
    """Each identifier's place in the text, in the order they were planted."""
    at = 0
    for found in row["identifiers"]:
        start = row["text"].find(found["text"], at)
        if start < 0:
            start = row["text"].find(found["text"])
        assert start >= 0, (row["id"], found)
        found["start"] = start
        at = start + len(found["text"])
    return row


def main() -> None:
    rng = random.Random(12)
    rows = [locate(snippet(rng, n)) for n in range(360)] + [locate(r) for r in collisions()]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} snippets -> {OUT}")


if __name__ == "__main__":
    main()
