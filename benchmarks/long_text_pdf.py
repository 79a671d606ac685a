"""Time to print a case whose one free text is long (issue 12, finding 9): the PDF's time
must grow in step with the text's length (goal: 1 MB in under 10 s).

    python -m benchmarks.long_text_pdf [--sizes 10000,160000,1000000]

One row per size and place: a field of the case (printed as prose) and a field of a group
entry (printed in a table). A benchmark reports; it never fails a build.
"""

from __future__ import annotations

import argparse
import io
import time

from desktop_app.exchange.samples import sample_case
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.spec import Spec, default_spec

SENTENCE = "The tumour measured 12 mm, Ki-67 12%, and was reviewed at the board again. "


def case_with_text(spec: Spec, size: int, where: str) -> CaseRecord:
    record = sample_case(spec, 1, entries=1)
    text = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
    if where == "case":
        field = next(f for f in spec.case_fields
                     if f.type == "longtext" and not f.phi and f.show_if is None and not f.role
                     and f.section != "Case report")  # fmt: skip
        record.values[field.id] = text
    else:
        long_groups = [g for g in spec.groups if any(f.type == "longtext" for f in g.fields)]
        group = next(g for g in long_groups if record.entries(g.id))
        field = next(f for f in group.fields if f.type == "longtext")
        record.entries(group.id)[0].values[field.id] = text
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,160000,1000000")
    args = parser.parse_args()
    spec = default_spec()
    print("| text | where | de-identified PDF | identified PDF | per 100 KB |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for size in (int(s) for s in args.sizes.split(",")):
        for where in ("case", "group"):
            record = case_with_text(spec, size, where)
            times = []
            for identified in (False, True):
                started = time.perf_counter()
                render_case_summary(spec, [record], io.BytesIO(), identified=identified)
                times.append(time.perf_counter() - started)
            per = times[0] / (size / 100_000)
            print(f"| {size / 1000:,.0f} KB | {where} | {times[0]:.2f} s | {times[1]:.2f} s "
                  f"| {per:.2f} s |")  # fmt: skip


if __name__ == "__main__":
    main()
