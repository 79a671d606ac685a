"""Shared fixtures: the shipped specification, a fresh database per test (an SQLite file,
and for backend-neutral tests also a PostgreSQL database), no access to real user data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.spec import Spec, default_spec
from desktop_app.store import CaseStore
from tests.postgres_server import PostgresServer, find_bin


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the user's real data folder."""
    monkeypatch.setenv("CASE_ABSTRACTOR_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def spec() -> Spec:
    return default_spec()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cases.sqlite"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session, on loopback, started here."""
    bin_dir = find_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are missing; .ci/run installs them")
        pytest.skip("PostgreSQL server binaries are not installed on this machine")
    server = PostgresServer(bin_dir).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The same test on an SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(db_path)
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.new_database()


@pytest.fixture
def store(database: str, spec: Spec) -> Iterator[CaseStore]:
    opened = CaseStore.open(database, spec)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(db_path: Path, spec: Spec) -> Iterator[CaseStore]:
    """For what only SQLite has: its pragmas, its file."""
    opened = CaseStore.open(db_path, spec)
    yield opened
    opened.close()
