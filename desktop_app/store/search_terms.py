"""Words of one or two letters, found through the trigram index's own list of terms (SQLite).

The trigram index lists, for every three characters that follow each other in a case's
text ("leio", folded: "lei", "eio"), the cases that hold them. A word shorter than three
characters has no trigram of its own, and LIKE then reads every case's text (2 s or more
at 1,000,000 cases for a word no case holds). But a word of two letters "ab" is in a text
of three characters or more exactly when one of its trigrams begins with "ab" ("abX", where
it is followed by anything) or ends with it ("Xab", at the text's very end); a letter "a"
when a trigram begins with it, has it second ("Xa…") or ends with it ("XYa"). Those
trigrams are found in the term list, read through an `fts5vocab` table in the connection's
own TEMP schema (nothing is written to the database, no rebuild, no migration): a range of
terms for the beginnings, and for the others one lookup per first character of a term (its
alphabet, about fifty, found by one seek each), or for a single character per first two
characters of a term (a few hundred to a few thousand, one seek each). The cases those
terms list are the cases holding the word, so the work grows with the cases that hold it,
not with the number of cases. (A text of one or two characters holds no trigram at all: every case's
text holds at least its case number.)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, column, text

# the FTS5 tables searched (store/search_index.py) and their term lists in TEMP
VOCABULARIES = {
    "case_search": "case_search_terms",
    "case_search_identifiers": "case_search_identifier_terms",
}
TOP = "char(1114111)"  # the last Unicode character: a term range "ab" … "ab" + TOP


def attach(dbapi_connection: Any) -> None:
    """Make the term lists on a new SQLite connection (TEMP: nothing stored; an FTS5 table
    made later is found when the list is first read)."""
    cursor = dbapi_connection.cursor()
    for table, terms in VOCABULARIES.items():
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{terms} "
            f"USING fts5vocab(main, {table}, 'instance')"
        )
    cursor.close()


def holding(table: str, word: str) -> Any:
    """The ids (`doc`) of the cases whose row in `table` holds a word of one or two
    characters (already folded to lower case), from the term list: see above."""
    terms = VOCABULARIES[table]
    name = f"{terms}_{word.encode().hex()}"  # the same name only for the same word
    begins = f"SELECT doc FROM {terms} WHERE term >= :{name} AND term < :{name} || {TOP}"
    if len(word) == 1:  # every term's first two characters, one seek each
        heads = _skipping(terms, "pair", 2)
        parts = [
            begins,
            f"SELECT doc FROM pair CROSS JOIN {terms} "  # pairs first: one seek each
            f"WHERE substr(pair.head, 2) = :{name} "
            f"AND term >= pair.head AND term < pair.head || {TOP}",
            f"SELECT doc FROM {terms} WHERE term IN (SELECT head || :{name} FROM pair)",
        ]
    else:  # every term's first character
        heads = _skipping(terms, "alphabet", 1)
        parts = [
            begins,
            f"SELECT doc FROM {terms} WHERE term IN (SELECT head || :{name} FROM alphabet)",
        ]
    sql = heads + " UNION ALL ".join(parts)
    return text(sql).bindparams(bindparam(name, word)).columns(column("doc"))


def _skipping(terms: str, name: str, length: int) -> str:
    """A recursive table `name(head)` of the terms' distinct beginnings of `length`
    characters, in order: each the first term after every term beginning with the last."""
    first = f"SELECT substr(term, 1, {length}) FROM {terms}"
    return (
        f"WITH RECURSIVE {name}(head) AS (SELECT ({first} LIMIT 1) UNION ALL "
        f"SELECT ({first} WHERE term > {name}.head || {TOP} LIMIT 1) FROM {name} "
        f"WHERE {name}.head IS NOT NULL) "
    )
