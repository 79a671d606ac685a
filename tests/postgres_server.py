"""A throw-away PostgreSQL server on loopback for the tests, started by the tests themselves,
and a database on it set up with the README's roles (an owner, the registrars' role, a
registrar), under names of each test's own.

The server binaries come from the machine's PostgreSQL package (/usr/lib/postgresql/N/bin,
or CASE_ABSTRACTOR_PG_BIN); .ci/run installs the package when it is missing. initdb refuses
to run as root, so as root the cluster belongs to the `postgres` account. The server's
superuser is `tester`.
"""

from __future__ import annotations

import glob
import itertools
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

    from desktop_app.spec import Spec

README = Path(__file__).resolve().parent.parent / "README.md"
SUPERUSER = "tester"


def find_bin() -> Path | None:
    chosen = os.environ.get("CASE_ABSTRACTOR_PG_BIN")
    candidates = [chosen] if chosen else sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    for folder in reversed([c for c in candidates if c]):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="case-abstractor-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self.count = 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> PostgresServer:
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "tester", "-E", "UTF8")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.root / "server.log"), "-w", "-t", "60", "start")  # fmt: skip
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://tester@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        self.count += 1
        name = f"case_test_{self.count}_{int(time.time() * 1000) % 100000}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=tester dbname=postgres",
                             autocommit=True) as connection:  # fmt: skip
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def readme_setup_sql() -> tuple[str, str]:
    """The README's server set-up block: what runs on the server, then in the new database."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- server-setup.*?-->\s*```sql\n(.*?)```", text, re.S)
    assert block, "the README's server set-up block is missing"
    before, _, after = block.group(1).partition("\\connect cases\n")
    assert after, "the block connects to the new database half-way"
    return before, after


def run_sql(server: PostgresServer, database: str, sql: str, login: str = SUPERUSER) -> None:
    """Each statement of `sql` (separated by semicolons), in `database`, as `login`."""
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={server.port} user={login} "
                         f"dbname={database}", autocommit=True) as connection:  # fmt: skip
        for statement in (s.strip() for s in sql.split(";")):
            if statement:
                connection.execute(statement)


@dataclass
class RoleDatabase:
    """A database set up as the README's block says, under names of its own."""

    postgres: PostgresServer
    database: str
    owner: str
    registrar: str
    registrars: str  # the registrars' group role

    def url(self, login: str) -> str:
        return f"postgresql+psycopg://{login}@127.0.0.1:{self.postgres.port}/{self.database}"

    def sql(self, login: str) -> psycopg.Connection:
        import psycopg

        return psycopg.connect(f"host=127.0.0.1 port={self.postgres.port} user={login} "
                               f"dbname={self.database}", autocommit=True)  # fmt: skip

    def add_appending_login(self, login: str) -> None:
        """A login outside the app's roles that may read and append audit events (what a
        superuser could grant anyone)."""
        with self.sql(SUPERUSER) as sql:
            sql.execute(f"CREATE ROLE {login} LOGIN")
            sql.execute(f"GRANT USAGE ON SCHEMA public TO {login}")
            sql.execute(f"GRANT SELECT, INSERT ON audit_events TO {login}")
            found = sql.execute("SELECT pg_get_serial_sequence('audit_events', 'id')").fetchone()
            assert found is not None
            sql.execute(f"GRANT USAGE ON SEQUENCE {found[0]} TO {login}")


_ROLE_SETS = itertools.count(1)


def role_database(postgres: PostgresServer, spec: Spec) -> RoleDatabase:
    """A new database set up with the README's roles under fresh names (roles are the whole
    server's, so each call has its own), its tables made by the owner (the README's step 2)."""
    from desktop_app.store import CaseStore

    n = next(_ROLE_SETS)
    names = {"case_owner": f"owner_{n}", "case_registrars": f"registrars_{n}",
             "alice": f"alice_{n}", "cases": f"audited_{n}"}  # fmt: skip
    pattern = re.compile(r"\b(" + "|".join(names) + r")\b")
    on_server, in_database = (pattern.sub(lambda m: names[m.group(1)], s)
                              for s in readme_setup_sql())  # fmt: skip
    made = RoleDatabase(postgres, names["cases"], names["case_owner"], names["alice"],
                        names["case_registrars"])  # fmt: skip
    run_sql(postgres, "postgres", on_server)
    run_sql(postgres, made.database, in_database)
    CaseStore.open(made.url(made.owner), spec).close()
    return made
