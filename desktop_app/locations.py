"""Where this user's data lives: the platform's folders, or --data-dir (or the
CASE_ABSTRACTOR_DATA_DIR environment variable)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "CaseAbstractor"
ENV_DATA_DIR = "CASE_ABSTRACTOR_DATA_DIR"


def data_dir(override: str | Path | None = None) -> Path:
    chosen = override or os.environ.get(ENV_DATA_DIR)
    path = Path(chosen) if chosen else Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database(override: str | Path | None = None) -> Path:
    return data_dir(override) / "cases.sqlite"


def demo_database(override: str | Path | None = None) -> Path:
    return data_dir(override) / "demo.sqlite"
