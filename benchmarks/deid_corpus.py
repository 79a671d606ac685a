"""Recall of the de-identification on the planted-identifier corpus, per identifier kind,
and the clinical numbers it damaged (issue 12).

    python -m benchmarks.deid_corpus [--corpus FILE] [--libraries] [--misses]

An identifier counts as removed when every character of it, where it was planted, lies
inside a replacement. A clinical number counts as damaged when it no longer stands in the
output exactly as written ('Ki-67 12%' must not become '[removed]%').

--libraries measures, on the same corpus, the maintained libraries that run offline with
no model download, where they are installed (they are not dependencies of the app):
scrubadub (its default detectors), presidio-analyzer (its pattern recognizers only, no
spaCy model) and philter-lite (its default configuration). They are run as they come:
none is told the case's own values (presidio could take them as a deny-list of exact
spellings). A benchmark reports; it never fails a build.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.deid import OwnValue, Scrubber
from desktop_app.rules.values import parse_date

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "deid_corpus.jsonl"
Spans = list[tuple[int, int]]


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def scrubber_for(row: dict[str, Any]) -> Scrubber:
    """The app's scrubber for one snippet's case, as the app builds it from phi fields."""
    own = [OwnValue(kind, text) for kind, text in row["own"].items() if kind != "date of birth"]
    dates = [("date of birth", parse_date(row["own"]["date of birth"]))]
    index = parse_date(row["index_date"]) if row["index_date"] else None
    return Scrubber(own, dates, index)


def ours(row: dict[str, Any]) -> tuple[Spans, str]:
    done = scrubber_for(row)(row["text"])
    return [(r.start, r.end) for r in done.replacements], done.text


def covered(spans: Spans, text: str, start: int, end: int) -> bool:
    """Every letter and digit of text[start:end] lies in a replacement ('Berg, Anna' as
    '[name], [name]' is removed; the comma between carries nothing)."""
    return all(any(a <= i < b for a, b in spans) for i in range(start, end)
               if text[i].isalnum())  # fmt: skip


def measure(rows: list[dict[str, Any]], method: Callable[[dict[str, Any]], tuple[Spans, str]],
            misses: list[str] | None = None) -> dict[str, Any]:  # fmt: skip
    planted: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    damaged = 0
    clinical = 0
    started = time.perf_counter()
    for row in rows:
        spans, text = method(row)
        for found in row["identifiers"]:
            kind = ("own: " if found["own"] else "") + found["kind"]
            planted[kind] += 1
            if covered(spans, row["text"], found["start"], found["start"] + len(found["text"])):
                removed[kind] += 1
            elif misses is not None:
                misses.append(f"{row['id']} {kind}: {found['text']!r} in {text!r}")
        for number in row["keep"]:
            clinical += 1
            if number not in text:
                damaged += 1
                if misses is not None:
                    misses.append(f"{row['id']} damaged {number!r}: {text!r}")
    return {"planted": planted, "removed": removed, "damaged": damaged, "clinical": clinical,
            "seconds": time.perf_counter() - started}  # fmt: skip


def _library_methods() -> dict[str, Callable[[dict[str, Any]], tuple[Spans, str]]]:
    found: dict[str, Callable[[dict[str, Any]], tuple[Spans, str]]] = {}
    try:
        import scrubadub  # type: ignore[import-not-found]

        def with_scrubadub(row: dict[str, Any]) -> tuple[Spans, str]:
            scrubber = scrubadub.Scrubber()
            spans = [(f.beg, f.end) for f in scrubber.iter_filth(row["text"])]
            return spans, scrubber.clean(row["text"])

        found["scrubadub (default detectors)"] = with_scrubadub
    except Exception:
        pass
    try:
        from presidio_analyzer import AnalyzerEngine  # type: ignore[import-not-found]
        from presidio_analyzer.nlp_engine import NlpArtifacts  # type: ignore[import-not-found]
        from presidio_analyzer.predefined_recognizers import (  # type: ignore[import-not-found]
            CreditCardRecognizer,
            DateRecognizer,
            EmailRecognizer,
            IpRecognizer,
            PhoneRecognizer,
            UrlRecognizer,
            UsSsnRecognizer,
        )

        recognizers = [DateRecognizer(), EmailRecognizer(), IpRecognizer(), PhoneRecognizer(),
                       UrlRecognizer(), UsSsnRecognizer(), CreditCardRecognizer()]  # fmt: skip
        del AnalyzerEngine

        def with_presidio(row: dict[str, Any]) -> tuple[Spans, str]:
            text = row["text"]
            artifacts = NlpArtifacts([], [], [], [], None, "en")
            spans: Spans = []
            for recognizer in recognizers:
                for result in recognizer.analyze(text, recognizer.supported_entities,
                                                 artifacts):  # fmt: skip
                    spans.append((result.start, result.end))
            return spans, _blank(text, spans)

        found["presidio-analyzer (pattern recognizers)"] = with_presidio
    except Exception:
        pass
    try:
        import philter_lite  # type: ignore[import-not-found]

        config = Path(philter_lite.__file__).parent / "configs" / "philter_delta.toml"
        filters = philter_lite.load_filters(str(config))

        def with_philter(row: dict[str, Any]) -> tuple[Spans, str]:
            _include, exclude, _tracker = philter_lite.detect_phi(row["text"], filters)
            spans = list(exclude.filecoords())
            return spans, _blank(row["text"], spans)

        with_philter({"text": "probe 12 mm", "identifiers": [], "keep": []})
        found["philter-lite (default configuration)"] = with_philter
    except Exception as error:
        print(f"philter-lite not measured: {type(error).__name__}: {str(error)[:200]}")
    return found


def _blank(text: str, spans: Spans) -> str:
    out = list(text)
    for start, end in spans:
        for i in range(start, end):
            out[i] = "\0"
    return "".join(out).replace("\0", "")


def table(results: dict[str, dict[str, Any]]) -> str:
    kinds = sorted({k for r in results.values() for k in r["planted"]},
                   key=lambda k: (not k.startswith("own"), k))  # fmt: skip
    names = list(results)
    lines = ["| identifier kind | planted | " + " | ".join(names) + " |",
             "| --- | ---: | " + " | ".join("---:" for _ in names) + " |"]  # fmt: skip
    first = results[names[0]]
    for kind in kinds:
        cells = []
        for name in names:
            r = results[name]
            cells.append(f"{100 * r['removed'][kind] / r['planted'][kind]:.1f} %")
        lines.append(f"| {kind} | {first['planted'][kind]} | " + " | ".join(cells) + " |")
    for label, key in (("own identifiers, all", "own"), ("pattern kinds, all", "pattern")):
        cells = []
        for name in names:
            r = results[name]
            ks = [k for k in kinds if k.startswith("own") == (key == "own")]
            planted = sum(r["planted"][k] for k in ks)
            cells.append(f"{100 * sum(r['removed'][k] for k in ks) / planted:.1f} %")
        count = sum(first["planted"][k] for k in kinds if k.startswith("own") == (key == "own"))
        lines.append(f"| **{label}** | {count} | " + " | ".join(cells) + " |")
    lines.append(f"| clinical numbers damaged | {first['clinical']} | "
                 + " | ".join(str(results[n]["damaged"]) for n in names) + " |")  # fmt: skip
    lines.append("| time for the corpus | | "
                 + " | ".join(f"{results[n]['seconds']:.2f} s" for n in names) + " |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--libraries", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list what was missed")
    args = parser.parse_args()
    rows = load(args.corpus)
    misses: list[str] = []
    results = {"Case Abstractor (desktop_app.deid)": measure(rows, ours, misses)}
    if args.libraries:
        for name, method in _library_methods().items():
            results[name] = measure(rows, method)
    print(f"{len(rows)} snippets, {sum(len(r['identifiers']) for r in rows)} identifiers planted")
    print(table(results))
    if args.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
