"""THIRD-PARTY-NOTICES and the SBOM (issue 14): every locked package and every native
component the bundle ships is named with its licence, and the texts are there."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def notices_module() -> ModuleType:
    # packaging/ is not a package (and "packaging" is also PyPI's library): load by path.
    spec = importlib.util.spec_from_file_location("notices", ROOT / "packaging" / "notices.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def locked() -> dict[str, str]:
    text = (ROOT / "packaging" / "requirements.lock").read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Za-z0-9._-]+)==([^\s\\]+)", text, re.MULTILINE))


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_locked_package_is_hashed() -> None:
    text = (ROOT / "packaging" / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 3)[3])
    for block in blocks:
        if "==" in block:
            assert "--hash=sha256:" in block, block.splitlines()[0]
    assert {"pyside6-essentials", "reportlab", "sqlalchemy"} <= {norm(n) for n in locked()}


def test_notices_and_sbom_name_every_shipped_component(tmp_path: Path) -> None:
    notices, sbom = notices_module().write_notices(tmp_path)
    text = notices.read_text(encoding="utf-8")
    summary = text.split("Summary", 1)[1].split("=" * 78, 1)[0]
    named = {norm(line.split()[0]): line for line in summary.strip().splitlines()}
    for name, version in locked().items():
        line = named.get(norm(name))
        assert line is not None, f"{name} is not in the notices"
        assert version in line and ": " in line
    for component in ("Qt 6", "CPython", "OpenSSL", "SQLite", "PDFium", "libpq", "DejaVu"):
        assert component in summary
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "Version 3" in text
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in text.upper()
    assert "Bitstream Vera" in text
    bom = json.loads(sbom.read_text(encoding="utf-8"))
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.5"
    purls = {c.get("purl", "") for c in bom["components"]}
    for name, version in locked().items():
        assert f"pkg:pypi/{norm(name)}@{version}" in purls
    qt = next(c for c in bom["components"] if c["name"].startswith("Qt 6"))
    assert qt["licenses"] == [{"expression": "LGPL-3.0-only"}]
