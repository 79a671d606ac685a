"""Shared fixtures: the shipped specification, a fresh SQLite store per test, a main window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.spec import Spec, default_spec
from desktop_app.store import CaseStore


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


@pytest.fixture
def store(db_path: Path, spec: Spec) -> Iterator[CaseStore]:
    opened = CaseStore.open(db_path, spec)
    yield opened
    opened.close()
