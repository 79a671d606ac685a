"""The workstation's settings, kept as JSON in the settings folder, and the checks on what
is typed into them (a logo that is a readable image, a backups folder that can be written)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

PAPERS = ("A4", "Letter")
LOGO_FORMATS = {"PNG": ".png", "JPEG": ".jpg"}
BACKUPS_MIN, BACKUPS_MAX = 1, 100


@dataclass
class Settings:
    registrar_name: str = ""  # who signs the audit trail, beside the operating-system account
    backups_to_keep: int = 10
    institution_name: str = ""  # the institution issuing the board's PDFs (letterhead)
    institution_logo: str = ""  # a copy in the data folder, so a moved original does not matter
    paper: str = ""  # "A4" or "Letter"; empty: as the system's locale suggests
    backup_folder: str = ""  # empty: `backups` in the data folder
    # The case list's columns the registrar sized by hand: {column name: pixels}
    column_widths: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Settings:
        """The settings in `path`; defaults for anything missing, unknown or of the wrong
        type, so that a file from an older (or newer) version still loads."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        chosen = {}
        for f in fields(cls):
            value = data.get(f.name)
            if isinstance(value, type(getattr(defaults, f.name))) and not isinstance(value, bool):
                chosen[f.name] = value
        loaded = cls(**chosen)
        loaded.backups_to_keep = min(max(loaded.backups_to_keep, BACKUPS_MIN), BACKUPS_MAX)
        if loaded.paper not in PAPERS:
            loaded.paper = ""
        loaded.column_widths = {
            name: width for name, width in loaded.column_widths.items()
            if isinstance(name, str) and isinstance(width, int) and not isinstance(width, bool)
            and width > 0
        }  # fmt: skip
        return loaded

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        partial.replace(path)

    def logo_path(self) -> Path | None:
        """The logo to print, when there is one and it is still there."""
        if not self.institution_logo:
            return None
        path = Path(self.institution_logo)
        return path if path.is_file() else None


def logo_problem(path: Path) -> str | None:
    """Why `path` cannot be the institution's logo (None when it can): it must be a PNG or
    JPEG image that can be read whole."""
    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        return f"{path.name} cannot be found (moved or deleted?)."
    try:
        with Image.open(path) as image:
            kind = image.format or ""
            image.load()
    except UnidentifiedImageError:
        return f"{path.name} is not an image. Choose a PNG or JPEG file."
    except (OSError, ValueError, SyntaxError) as exc:
        return f"{path.name} cannot be read as an image ({exc}). Choose another file."
    if kind not in LOGO_FORMATS:
        return f"{path.name} is a {kind or 'unknown'} image. Choose a PNG or JPEG file."
    return None


def keep_logo(source: Path, folder: Path) -> Path:
    """Copy the logo into `folder` (the data folder's `logo/`) under a name made of its
    content, so that the PDFs keep it when the original is moved or deleted."""
    problem = logo_problem(source)
    if problem:
        raise ValueError(problem)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    from PIL import Image

    with Image.open(source) as image:
        suffix = LOGO_FORMATS[image.format or "PNG"]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"logo-{digest}{suffix}"
    if not target.exists():
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(source, partial)
        partial.replace(target)
    return target


def backup_folder_problem(path: Path) -> str | None:
    """Why backups cannot be written to `path` (None when they can)."""
    if not str(path).strip():
        return None
    if not path.is_dir():
        return f"{path} does not exist or is not a folder."
    if not os.access(path, os.W_OK | os.X_OK):
        return f"{path} cannot be written to by this account."
    try:
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        return f"{path} cannot be written to: {exc.strerror or exc}."
    return None
