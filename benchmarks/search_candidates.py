"""Why a rare word made of common trigrams ("nuclear") costs what it does: for each word, on
the first N cases of a benchmark database, how many cases the trigram index gives as
candidates (each read and checked by FTS5: the index has no positions), how many hold the
word, the CPU time, and how many cases hold each of its trigrams.

    python -m benchmarks.search_candidates DB [N] [WORD ...]      (prints a table)
"""

from __future__ import annotations

import sqlite3
import sys
import time

from desktop_app.store.search_index import TABLE

WORDS = ("nuclear", "necrosis", "spindle", "leiomyosarcoma", "glomus")


def texts_read(connection: sqlite3.Connection, sql: str, *args: object) -> tuple[int, float, int]:
    """The rows' count, the CPU milliseconds, and how many case texts FTS5 read."""
    run: list[str] = []
    connection.set_trace_callback(run.append)
    started = time.process_time()
    (found,) = connection.execute(sql, args).fetchone()
    spent = (time.process_time() - started) * 1000
    connection.set_trace_callback(None)
    return found, spent, sum(f"{TABLE}_content" in s for s in run)


def main(argv: list[str]) -> int:
    path, cases = argv[0], int(argv[1]) if len(argv) > 1 else 10_000
    words = argv[2:] or list(WORDS)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.execute(
        f"CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, {TABLE}, 'instance')"
    )
    (length,) = connection.execute(
        f"SELECT avg(length(open_text)) FROM {TABLE} WHERE rowid <= ?", (cases,)
    ).fetchone()
    print(f"{cases:,} cases, {length:,.0f} characters of search text a case on average")
    print("| word | cases holding it | candidates (texts read) | CPU ms | µs a candidate "
          "| cases holding each trigram |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for word in words:
        connection.execute(f"SELECT count(*) FROM {TABLE} WHERE rowid <= 100").fetchone()
        held, spent, read = texts_read(
            connection,
            f"SELECT count(*) FROM {TABLE} WHERE open_text LIKE ? AND rowid <= ?",
            f"%{word}%",
            cases,
        )
        trigrams = sorted({word[i : i + 3].lower() for i in range(len(word) - 2)})
        each = [
            connection.execute(
                "SELECT count(DISTINCT doc) FROM terms WHERE term = ? AND doc <= ?", (g, cases)
            ).fetchone()[0]
            for g in trigrams
        ]
        per = 1000 * spent / read if read else 0.0
        shown = ", ".join(f"{g} {n:,}" for g, n in zip(trigrams, each, strict=True))
        print(f"| {word} | {held:,} | {read:,} | {spent:,.0f} | {per:,.0f} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
