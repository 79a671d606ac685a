"""THIRD-PARTY-NOTICES.txt and a CycloneDX SBOM for what a bundle or wheelhouse ships.

Run with the Python whose packages are shipped (the bundle's build venv, or the test venv
for the wheelhouse): the Python packages are the app's runtime dependencies, found from
their installed metadata (licence, version, licence files), and the native components
(Qt, CPython, OpenSSL, SQLite, PDFium, libpq, DejaVu) come from
packaging/third_party_native.toml with their versions read from this interpreter.

    python packaging/notices.py OUT_DIR     writes OUT_DIR/THIRD-PARTY-NOTICES.txt and
                                            OUT_DIR/sbom.cdx.json
"""

from __future__ import annotations

import json
import re
import sqlite3
import ssl
import sys
import tomllib
import uuid
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGING = Path(__file__).resolve().parent
APP = "case-abstractor"
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)
RULE = "=" * 78


def _parsed(requirement: str) -> tuple[str, set[str], str]:
    """A requirement's name, the extras it asks of that package, and its marker."""
    head, _, marker = requirement.partition(";")
    match = re.match(r"\s*([A-Za-z0-9._-]+)\s*(?:\[([^\]]*)\])?", head)
    name = match.group(1) if match else head.strip()
    extras = {e.strip().lower() for e in (match.group(2) or "").split(",") if e.strip()}
    return name, extras, marker


def _wanted(marker: str, extras: set[str]) -> bool:
    """Run-time requirements: no extra, or an extra that was asked for."""
    asked = re.findall(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
    return not asked or any(a.lower() in extras for a in asked)


def runtime_closure(root: str = APP) -> list[metadata.Distribution]:
    """The distributions `root` needs at run time, with the extras it asks for, recursively."""
    seen: dict[str, metadata.Distribution] = {}
    todo: list[tuple[str, set[str]]] = [(root, set())]
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        key = name.lower().replace("_", "-")
        if (key, frozenset(extras)) in done:
            continue
        done.add((key, frozenset(extras)))
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = distribution
        for requirement in distribution.requires or []:
            wanted, asked, marker = _parsed(requirement)
            if _wanted(marker, extras):
                todo.append((wanted, asked))
    return sorted((d for k, d in seen.items() if k != root),
                  key=lambda d: d.metadata["Name"].lower())  # fmt: skip


def licence_of(distribution: metadata.Distribution) -> str:
    meta = distribution.metadata
    expression = meta.get("License-Expression") or ""
    if expression:
        return expression
    short = (meta.get("License") or "").strip().splitlines()
    if short and len(short[0]) < 80:
        return short[0]
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]  # fmt: skip
    return "; ".join(classifiers) or "see the licence text"


def licence_texts(distribution: metadata.Distribution) -> list[tuple[str, str]]:
    found = []
    for file in distribution.files or []:
        if LICENCE_FILE.search(file.name) and "dist-info" in str(file):
            path = Path(str(distribution.locate_file(file)))
            if path.is_file():
                found.append((file.name, path.read_text(encoding="utf-8", errors="replace")))
    return found


def native_version(how: str) -> str:
    if how == "python":
        return sys.version.split()[0]
    if how == "openssl":
        return ssl.OPENSSL_VERSION.split()[1]
    if how == "sqlite":
        return sqlite3.sqlite_version
    if how == "qt":
        from PySide6 import QtCore

        return QtCore.qVersion()
    if how == "pdfium":
        import pypdfium2

        info = str(getattr(pypdfium2, "PDFIUM_INFO", "")).split()
        return info[0].split(":")[-1].split("@")[0] if info else "?"
    if how == "libpq":
        from psycopg import pq

        version = pq.version()
        return f"{version // 10000}.{version % 100}"
    return how  # a version written in the TOML itself


def found_text(what: str) -> str:
    if what == "python_license":
        for candidate in (Path(sys.base_prefix) / "LICENSE.txt",
                          Path(sys.base_prefix, "lib", f"python{sys.version_info.major}."
                               f"{sys.version_info.minor}", "LICENSE.txt")):  # fmt: skip
            if candidate.is_file():
                return candidate.read_text(encoding="utf-8", errors="replace")
    if what == "pdfium_license":
        try:
            distribution = metadata.distribution("pypdfium2")
        except metadata.PackageNotFoundError:
            return ""
        for file in distribution.files or []:
            if str(file).endswith("pdfium.txt"):
                return Path(str(distribution.locate_file(file))).read_text(encoding="utf-8")
    return ""


def native_components() -> list[dict[str, Any]]:
    data = tomllib.loads((PACKAGING / "third_party_native.toml").read_text(encoding="utf-8"))
    components = []
    for item in data["component"]:
        texts = [(Path(t).name, (PACKAGING / t).read_text(encoding="utf-8"))
                 for t in item.get("texts", [])]  # fmt: skip
        if item.get("found"):
            text = found_text(item["found"])
            if text:
                texts.append((item["found"], text))
        components.append(dict(item, version=native_version(item["version"]), text=texts))
    return components


def write_notices(out: Path) -> tuple[Path, Path]:
    from desktop_app import __version__

    out.mkdir(parents=True, exist_ok=True)
    packages = runtime_closure()
    natives = native_components()
    lines = [
        f"Case Abstractor {__version__}: third-party notices",
        "",
        "This program includes the components below, each under its own licence. The list",
        f"was made when this copy was built ({datetime.now(UTC):%Y-%m-%d}).",
        "",
        "Summary",
        "",
    ]
    lines += [f"  {d.metadata['Name']} {d.version}: {licence_of(d)}" for d in packages]
    lines += [f"  {c['name']} {c['version']}: {c['license']}" for c in natives]
    for distribution in packages:
        lines += ["", RULE, f"{distribution.metadata['Name']} {distribution.version}",
                  f"Licence: {licence_of(distribution)}"]  # fmt: skip
        home = distribution.metadata.get("Home-page") or ""
        if home:
            lines.append(f"Home: {home}")
        texts = licence_texts(distribution)
        if not texts and "LGPL-3.0" in licence_of(distribution):
            texts = [("LGPL-3.0.txt", (PACKAGING / "licenses/LGPL-3.0.txt").read_text())]
        for name, text in texts:
            lines += ["", f"--- {name} ---", text.rstrip()]
    for component in natives:
        lines += ["", RULE, f"{component['name']} {component['version']}",
                  f"Licence: {component['license']}", f"Home: {component['url']}"]  # fmt: skip
        if component.get("note"):
            lines += ["", component["note"].strip()]
        for name, text in component["text"]:
            lines += ["", f"--- {name} ---", text.rstrip()]
    notices = out / "THIRD-PARTY-NOTICES.txt"
    notices.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sbom = out / "sbom.cdx.json"
    sbom.write_text(json.dumps(cyclonedx(__version__, packages, natives), indent=1) + "\n",
                    encoding="utf-8")  # fmt: skip
    return notices, sbom


def _licences(expression: str) -> list[dict[str, Any]]:
    if re.fullmatch(r"[A-Za-z0-9.+-]+( (OR|AND|WITH) [A-Za-z0-9.+-]+)*", expression):
        return [{"expression": expression}]
    return [{"license": {"name": expression[:200]}}]


def purl(distribution: metadata.Distribution) -> str:
    """The package URL, with the name normalised as the purl spec says for PyPI."""
    name = re.sub(r"[-_.]+", "-", distribution.metadata["Name"]).lower()
    return f"pkg:pypi/{name}@{distribution.version}"


def cyclonedx(version: str, packages: list[metadata.Distribution],
              natives: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """A CycloneDX 1.5 bill of materials (JSON)."""
    components = [{
        "type": "library", "bom-ref": purl(d), "name": d.metadata["Name"], "version": d.version,
        "purl": purl(d), "licenses": _licences(licence_of(d)),
    } for d in packages]  # fmt: skip
    components += [{
        "type": "library", "bom-ref": f"native:{c['name']}", "name": c["name"],
        "version": c["version"], "licenses": _licences(c["license"]),
        "externalReferences": [{"type": "website", "url": c["url"]}],
    } for c in natives]  # fmt: skip
    return {
        "bomFormat": "CycloneDX", "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}", "version": 1,
        "metadata": {
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "component": {"type": "application", "bom-ref": f"pkg:pypi/{APP}@{version}",
                          "name": APP, "version": version},
        },
        "components": components,
    }  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for path in write_notices(Path(sys.argv[1])):
        print(f"notices: {path}")
