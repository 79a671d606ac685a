"""The README's server set-up, run as written on a real PostgreSQL server: the owner creates
the tables, a registrar's role reads and writes cases but can neither change the schema
nor rewrite the audit trail."""

from __future__ import annotations

import psycopg
import pytest

from desktop_app.record import CaseRecord
from desktop_app.spec import Spec
from desktop_app.store import CaseStore, StoreError
from desktop_app.store.queries import CaseFilter
from tests.conftest import downgrade
from tests.postgres_server import PostgresServer, run_sql
from tests.postgres_server import readme_setup_sql as _setup_sql


def _url(server: PostgresServer, user: str) -> str:
    return f"postgresql+psycopg://{user}@127.0.0.1:{server.port}/cases"


def test_readme_server_setup_gives_registrars_cases_but_not_the_schema_postgres(
    postgres: PostgresServer, spec: Spec
) -> None:
    on_server, in_database = _setup_sql()
    run_sql(postgres, "postgres", on_server)
    run_sql(postgres, "cases", in_database)

    owner = CaseStore.open(_url(postgres, "case_owner"), spec)  # step 2: the tables
    owner.save(CaseRecord(values={"case_number": "SRV-1", "title": "first"}))
    owner.close()

    alice = CaseStore.open(_url(postgres, "alice"), spec)  # step 3: a registrar
    try:
        case_id = alice.find("SRV-1")
        assert case_id is not None
        record = alice.load(case_id)
        record.values["title"] = "changed by alice"
        alice.save(record, user="Alice")
        alice.save(CaseRecord(values={"case_number": "SRV-2", "fnclcc_grade": "2"}))
        found = alice.find_cases(CaseFilter(text="alice"))
        assert [c.case_number for c in found] == ["SRV-1"]
        assert any(e["new_value"] == "changed by alice" for e in alice.audit_trail(case_id))
    finally:
        alice.close()

    registrar = f"host=127.0.0.1 port={postgres.port} user=alice dbname=cases"
    with psycopg.connect(registrar, autocommit=True) as connection:
        for forbidden in (
            "UPDATE audit_events SET changes = 'rewritten'",  # the append-only trigger
            "DELETE FROM audit_events",
            "DROP TABLE case_items",  # not the owner
            "CREATE TABLE mine (x int)",  # no CREATE on the schema
        ):
            with pytest.raises(psycopg.Error):
                connection.execute(forbidden)
        rows = connection.execute("SELECT count(*) FROM audit_events").fetchone()
        assert rows is not None and rows[0] > 0

    # A new release: the owner has not upgraded the tables yet. A registrar's start is
    # refused in words that say who must act; once the owner has, the registrar starts.
    owner = CaseStore.open(_url(postgres, "case_owner"), spec)
    downgrade(owner, "0003")  # back to the schema of the previous release
    with pytest.raises(StoreError, match="owns the database on the server"):
        CaseStore.open(_url(postgres, "alice"), spec)
    CaseStore.open(_url(postgres, "case_owner"), spec).close()
    alice = CaseStore.open(_url(postgres, "alice"), spec)
    assert [c.case_number for c in alice.list_cases()] == ["SRV-1", "SRV-2"]
    alice.close()
