"""A database damaged as a failing disk sector would damage it, for the recovery tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.store.integrity import full_problems, quick_problems


def damage_a_middle_page(path: Path) -> None:
    """Scribble over one page in the middle of the file, header and schema left intact, as a
    failing disk sector would: a leaf of the largest of the tables the start does not read
    (the values, the search index's text, the audit: one compressed event a save since issue
    13). The cheap check cannot see it; the full check must."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        largest = connection.execute(
            "SELECT name FROM dbstat WHERE pagetype = 'leaf' AND name IN ('audit_events', "
            "'case_items', 'case_search_content') GROUP BY name ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        leaves = [row[0] for row in connection.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (largest,),
        )]  # fmt: skip
    connection.close()
    assert len(leaves) > 4
    with path.open("r+b") as handle:
        handle.seek((leaves[len(leaves) // 2] - 1) * page_size + 8)
        handle.write(b"\xffgarbage" * 60)
    assert quick_problems(path) == []  # what makes this test about the background check
    assert full_problems(path) != []
