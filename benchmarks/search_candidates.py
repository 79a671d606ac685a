"""Why a rare word made of common trigrams ("nuclear") costs what it does: for each word, on
the first N cases of a benchmark database, how many cases the trigram index gives as
candidates (each read and checked by FTS5: the index has no positions), how many hold the
word, the CPU time, and how many cases hold each of its trigrams.

    python -m benchmarks.search_candidates DB [N] [WORD ...]      (prints a table)

With FULL=1 in the environment, the same texts are also indexed in memory with positions
(`detail=full`) and measured again, with that index's size: what a bound would cost.
"""

from __future__ import annotations

import os
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
    return found, spent, sum("_content" in s for s in run)


def table(connection: sqlite3.Connection, name: str, cases: int, words: list[str]) -> None:
    print("| word | cases holding it | candidates (texts read) | CPU ms | µs a candidate "
          "| cases holding each trigram |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for word in words:
        connection.execute(f"SELECT count(*) FROM {name} WHERE rowid <= 100").fetchone()
        held, spent, read = texts_read(
            connection,
            f"SELECT count(*) FROM {name} WHERE open_text LIKE ? AND rowid <= ?",
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


def with_positions(connection: sqlite3.Connection, cases: int, words: list[str]) -> None:
    """The same texts in an in-memory index with positions: its size and the same table."""
    connection.execute("ATTACH ':memory:' AS full")
    connection.execute(
        f"CREATE VIRTUAL TABLE full.{TABLE} USING fts5(open_text, tokenize='trigram', "
        "detail='full')"
    )
    connection.execute(
        f"INSERT INTO full.{TABLE} (rowid, open_text) SELECT rowid, open_text "
        f"FROM main.{TABLE} WHERE rowid <= ?",
        (cases,),
    )
    connection.execute(f"INSERT INTO full.{TABLE}({TABLE}) VALUES ('optimize')")
    sizes = {}
    for schema in ("main", "full"):
        (sizes[schema],) = connection.execute(
            f"SELECT sum(length(block)) FROM {schema}.{TABLE}_data"
        ).fetchone()
    print(
        f"\nTrigram index of all the cases without positions (detail=none): "
        f"{sizes['main'] / 1e6:,.1f} MB; of these {cases:,} cases with positions "
        f"(detail=full): {sizes['full'] / 1e6:,.1f} MB"
    )
    table(connection, f"full.{TABLE}", cases, words)


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
    table(connection, TABLE, cases, words)
    if os.environ.get("FULL"):
        with_positions(connection, cases, words)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
