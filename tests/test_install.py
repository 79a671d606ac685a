"""A non-editable install carries forms/ and resources/ inside the package and finds them.

The wheel is built from this tree and unpacked; a fresh interpreter that sees only the
unpacked wheel (and the dependencies of this environment) loads the specification and
finds the fonts, the vocabularies and the demo cases through desktop_app.paths.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_carries_forms_and_resources(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is needed to copy the tree")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
         str(ROOT)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    [wheel] = list(tmp_path.glob("case_abstractor-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "desktop_app/forms/01_case.toml" in names
    assert "desktop_app/resources/fonts/DejaVuSans.ttf" in names
    assert "desktop_app/resources/vocabularies/birads.toml" in names
    assert any(n.startswith("desktop_app/resources/demo/") for n in names)
    assert "desktop_app/store/migrations/versions/0001_initial.py" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import desktop_app, desktop_app.paths as p\n"
        "from desktop_app.spec import default_spec\n"
        "from desktop_app.demo import demo_records\n"
        "spec = default_spec()\n"
        "assert p.forms_dir().is_relative_to(p.Path(desktop_app.__file__).parent), p.forms_dir()\n"
        "assert p.resource_path('fonts', 'DejaVuSans.ttf').is_file()\n"
        "print(len(spec.forms), len(demo_records()))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n" + probe],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["6", "5"]
