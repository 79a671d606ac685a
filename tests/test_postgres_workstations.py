"""Several workstations on one PostgreSQL server: separate processes, as in a department."""

from __future__ import annotations

import subprocess
import sys

from tests.postgres_server import PostgresServer

OPEN = (
    "import sys; from desktop_app.spec import default_spec; "
    "from desktop_app.store import CaseStore; CaseStore.open(sys.argv[1], default_spec()).close()"
)


def test_workstations_starting_together_on_a_new_postgres_database_all_open_it(
    postgres: PostgresServer,
) -> None:
    # Without the schema lock, two of three processes fail creating the same tables.
    for _attempt in range(3):
        url = postgres.new_database()
        starts = [
            subprocess.Popen([sys.executable, "-c", OPEN, url], stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        failures = [p.communicate()[1][-400:] for p in starts if p.wait() != 0]
        assert failures == []
