"""A migration killed half-way leaves the file as the release before it wrote it: the
whole upgrade is one SQLite transaction. The Python driver begins a transaction only before
an INSERT, UPDATE or DELETE, so without an explicit BEGIN the first statements of 0010
(dropping the indexes, renaming `case_items`, creating the new table) were each committed
at once: a kill before the copy left an empty `case_items` beside `case_items_0009`, at
revision 0009, that neither release could open or read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop_app.spec import Spec
from desktop_app.store import CaseStore
from desktop_app.store.migrate import head_revision
from tests.store_release import copy_release, raw
from tests.test_search_rows_0009 import EXPECTED, _what_it_reads

# The process creates 0010's new table, then dies (a power cut, a kill) before the copy.
KILLED = """
import os, sys
from pathlib import Path
import alembic.op
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore

real = alembic.op.create_table

def create_then_die(*args, **kwargs):
    real(*args, **kwargs)
    os._exit(3)

alembic.op.create_table = create_then_die
CaseStore.open(Path(sys.argv[1]), default_spec())
"""


def test_a_migration_killed_half_way_leaves_the_old_file_whole(tmp_path: Path, spec: Spec) -> None:
    path = copy_release("0009", tmp_path)
    values = raw(path, "SELECT * FROM case_items ORDER BY 1, 2, 3")
    assert values  # the file has values to lose
    done = subprocess.run([sys.executable, "-c", KILLED, str(path)], check=False, timeout=300)
    assert done.returncode == 3  # it died inside the migration
    assert raw(path, "SELECT version_num FROM alembic_version") == [("0009",)]
    tables = raw(path, "SELECT name FROM sqlite_master WHERE type = 'table' "
                 "AND name LIKE 'case_items%'")  # fmt: skip
    assert tables == [("case_items",)]
    assert raw(path, "SELECT * FROM case_items ORDER BY 1, 2, 3") == values
    store = CaseStore.open(path, spec)  # the next start migrates it, as if nothing happened
    try:
        assert raw(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
        assert _what_it_reads(store) == EXPECTED
    finally:
        store.close()
