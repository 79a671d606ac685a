"""Convert the published ICD-O tables into the compact vocabulary files the app reads.

Run once when a new edition is published, not at start-up:

    python tools/icdo3_convert.py ICD-O-3.2.csv Topoenglish.csv Morphenglish.txt

The inputs are the tables as IARC/WHO and SEER publish them (see the header of each output
file for where the copies used came from). Only facts carry over: codes, preferred terms,
synonyms and related terms. Writes, in resources/vocabularies/:
- icdo3_2_morphology.tsv: code, preferred term, other terms ("|"-separated);
- icdo3_topography.tsv: code, title, inclusion terms;
- icdo3_older_editions.tsv: ICD-O-3 (2000) morphology codes that ICD-O-3.2 no longer has,
  with the 3.2 code that carries the same term, when one does.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "vocabularies"
MORPHOLOGY = re.compile(r"\d{4}/\d")
TOPOGRAPHY = re.compile(r"C\d\d\.\d")

MORPHOLOGY_SOURCE = (
    "# ICD-O-3.2 morphology (WHO/IARC, International Classification of Diseases for Oncology,\n"
    "# 3rd edition, 2nd revision, 2019): every code with its behaviour, the preferred term,\n"
    "# then the synonyms and related terms ('|'-separated) that search finds. Terms marked\n"
    "# [obs] in the table are kept for search (reports still use them).\n"
    "# Converted by tools/icdo3_convert.py from the IARC table ICD-O-3.2_MFin_17042019_web\n"
    "# as carried in github.com/NU-QDSC/omop-abstractor, lib/setup/vocabulary/ICD-O-3.2.csv\n"
    "# (commit 512c1960, 2023-05-21). US spelling as published.\n"
)
TOPOGRAPHY_SOURCE = (
    "# ICD-O-3 topography C00.0-C80.9 (WHO 2000; unchanged in ICD-O-3.1 and ICD-O-3.2): code,\n"
    "# title, then the inclusion terms ('|'-separated) that search finds. Converted by\n"
    "# tools/icdo3_convert.py from the SEER/IARC CSV metadata file Topoenglish.csv as carried\n"
    "# in github.com/NU-QDSC/omop-abstractor, lib/setup/vocabulary/ICD-O-3_CSV-metadata/\n"
    "# (commit 512c1960, 2023-05-21).\n"
)
OLDER_SOURCE = (
    "# ICD-O-3 (WHO 2000) morphology codes that ICD-O-3.2 (2019) no longer lists: code,\n"
    "# edition, ICD-O-3 preferred term, and the ICD-O-3.2 code that carries the same term\n"
    "# (empty when none does). A stored or imported value with one of these codes is kept\n"
    "# and reported. Computed by tools/icdo3_convert.py from Morphenglish.txt (ICD-O-3 CSV\n"
    "# metadata, github.com/NU-QDSC/omop-abstractor, commit 512c1960) against the ICD-O-3.2\n"
    "# table above.\n"
)


def clean(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


def read_morphology(path: Path) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["ICDO3.2"].strip()
            if not MORPHOLOGY.fullmatch(code):
                continue  # a heading (e.g. "800", level 2)
            term = clean(row["Term"])
            names = terms.setdefault(code, [])
            if row["Level"] == "Preferred":
                names.insert(0, term)
            elif term not in names:
                names.append(term)
    return terms


def read_topography(path: Path) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["Kode"].strip()
            if not TOPOGRAPHY.fullmatch(code):
                continue
            title = clean(row["Title"])
            names = terms.setdefault(code, [])
            if row["Lvl"] == "4":
                names.insert(0, title)
            elif title not in names:
                names.append(title)
    return terms


def read_icdo3(path: Path) -> dict[str, str]:
    """ICD-O-3 (2000) morphology: code -> preferred ('title') term."""
    titles: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            code = (row.get("Code") or "").strip()
            if MORPHOLOGY.fullmatch(code) and row.get("Struct") == "title":
                titles[code] = clean(row["Label"])
    return titles


def write(path: Path, header: str, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(header)
        for row in rows:
            handle.write("\t".join(row) + "\n")


def main(morphology: str, topography: str, icdo3: str) -> None:
    morph = read_morphology(Path(morphology))
    topo = read_topography(Path(topography))
    old = read_icdo3(Path(icdo3))
    write(
        OUT / "icdo3_2_morphology.tsv",
        MORPHOLOGY_SOURCE,
        [[code, names[0], " | ".join(names[1:])] for code, names in sorted(morph.items())],
    )
    write(
        OUT / "icdo3_topography.tsv",
        TOPOGRAPHY_SOURCE,
        [[code, names[0], " | ".join(names[1:])] for code, names in sorted(topo.items())],
    )
    by_term = {name.casefold(): code for code, names in morph.items() for name in names}
    older = []
    for code, title in sorted(old.items()):
        if code not in morph:
            older.append([code, "ICD-O-3 (2000)", title, by_term.get(title.casefold(), "")])
    write(OUT / "icdo3_older_editions.tsv", OLDER_SOURCE, older)
    print(f"{len(morph)} morphology, {len(topo)} topography, {len(older)} older-edition codes")


if __name__ == "__main__":
    main(*sys.argv[1:4])
