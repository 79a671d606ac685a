"""Where this user's files live: the platform's folders for data, backups, logs and settings
(platformdirs), or all of them under one folder given by --data-dir (or the
CASE_ABSTRACTOR_DATA_DIR environment variable). The backups folder can also be chosen in the
settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_log_dir

APP_NAME = "CaseAbstractor"
ENV_DATA_DIR = "CASE_ABSTRACTOR_DATA_DIR"
SETTINGS_FILE = "settings.json"


def _chosen(override: str | Path | None) -> Path | None:
    chosen = override or os.environ.get(ENV_DATA_DIR)
    return Path(chosen).expanduser() if chosen else None


def _made(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir(override: str | Path | None = None) -> Path:
    chosen = _chosen(override)
    return _made(chosen if chosen else Path(user_data_dir(APP_NAME, appauthor=False)))


def backups_dir(override: str | Path | None = None, setting: str = "") -> Path:
    """The backups: the folder chosen in the settings, else `backups` in the data folder."""
    if setting:
        return Path(setting).expanduser()
    return data_dir(override) / "backups"


def logs_dir(override: str | Path | None = None) -> Path:
    chosen = _chosen(override)
    return _made(chosen / "logs" if chosen else Path(user_log_dir(APP_NAME, appauthor=False)))


def settings_dir(override: str | Path | None = None) -> Path:
    chosen = _chosen(override)
    return _made(chosen if chosen else Path(user_config_dir(APP_NAME, appauthor=False)))


def settings_file(override: str | Path | None = None) -> Path:
    """The settings file. Settings kept by an older version in the data folder are moved to
    the settings folder the first time."""
    path = settings_dir(override) / SETTINGS_FILE
    older = data_dir(override) / SETTINGS_FILE
    if not path.exists() and older.exists() and older != path:
        try:
            older.replace(path)
        except OSError:
            return older
    return path


def default_database(override: str | Path | None = None) -> Path:
    return data_dir(override) / "cases.sqlite"


def demo_database(override: str | Path | None = None) -> Path:
    return data_dir(override) / "demo.sqlite"


@dataclass(frozen=True)
class Folders:
    """Every folder the app writes to, as shown in About."""

    data: Path
    backups: Path
    logs: Path
    settings: Path

    def named(self) -> list[tuple[str, Path]]:
        return [("Data", self.data), ("Backups", self.backups), ("Logs", self.logs),
                ("Settings", self.settings)]  # fmt: skip


def folders(override: str | Path | None = None, backup_setting: str = "") -> Folders:
    return Folders(
        data=data_dir(override),
        backups=backups_dir(override, backup_setting),
        logs=logs_dir(override),
        settings=settings_dir(override),
    )
