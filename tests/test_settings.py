"""The workstation's settings without a window: the folders, the JSON file (old files still
load), the checks on a logo and a backups folder, and the letterhead on the PDF (the
institution's name and logo), from the GUI's renderer and from the `report` command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from desktop_app import locations
from desktop_app.demo import demo_records, write_demo
from desktop_app.record import CaseRecord
from desktop_app.report import render_case_summary
from desktop_app.report.layout import Letterhead
from desktop_app.settings import Settings, backup_folder_problem, keep_logo, logo_problem
from desktop_app.spec import Spec
from desktop_app.store import CaseStore

INSTITUTION = "Saint Elsewhere Sarcoma Centre"


def make_logo(path: Path, kind: str = "PNG", size: tuple[int, int] = (240, 80)) -> Path:
    Image.new("RGB", size, (31, 78, 121)).save(path, kind)
    return path


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def page_image_sizes(data: bytes) -> list[list[tuple[int, int]]]:
    pages = PdfReader(io.BytesIO(data)).pages
    return [[img.image.size for img in page.images if img.image is not None] for page in pages]


# ----- folders --------------------------------------------------------------------------


def test_every_folder_lies_under_data_dir_when_given(tmp_path: Path) -> None:
    found = locations.folders(tmp_path / "mine")
    assert found.data == tmp_path / "mine"
    assert found.backups == tmp_path / "mine" / "backups"
    assert found.logs == tmp_path / "mine" / "logs"
    assert found.settings == tmp_path / "mine"
    assert locations.folders(tmp_path / "mine", str(tmp_path / "elsewhere")).backups == (
        tmp_path / "elsewhere"
    )


def test_platform_folders_without_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path
                                           ) -> None:  # fmt: skip
    """Without --data-dir each folder is the platform's own (XDG on Linux): all different."""
    monkeypatch.delenv(locations.ENV_DATA_DIR)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name))
    found = locations.folders()
    assert len({found.data, found.logs, found.settings}) == 3
    if sys.platform == "linux":
        assert found.data == tmp_path / "XDG_DATA_HOME" / locations.APP_NAME
        assert found.settings == tmp_path / "XDG_CONFIG_HOME" / locations.APP_NAME
        assert str(found.logs).startswith(str(tmp_path / "XDG_STATE_HOME"))


def test_settings_of_an_older_version_move_to_the_settings_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(locations.ENV_DATA_DIR)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name))
    older = locations.data_dir() / "settings.json"
    older.write_text(json.dumps({"registrar_name": "Dr Ana Muller"}), encoding="utf-8")
    path = locations.settings_file()
    assert path.parent == locations.settings_dir() and not older.exists()
    assert Settings.load(path).registrar_name == "Dr Ana Muller"


# ----- the file ---------------------------------------------------------------------------


def test_old_json_still_loads_and_new_fields_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"registrar_name": "Dr Ana", "backups_to_keep": 4}), "utf-8")
    old = Settings.load(path)
    assert (old.registrar_name, old.backups_to_keep, old.institution_name, old.paper) == (
        "Dr Ana", 4, "", ""
    )  # fmt: skip
    new = Settings("Dr Ana", 7, INSTITUTION, str(tmp_path / "logo.png"), "Letter", "/srv/b")
    new.save(path)
    assert Settings.load(path) == new


def test_bad_values_in_the_file_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    bad = {"backups_to_keep": "many", "paper": "A3", "registrar_name": 5,
           "institution_name": INSTITUTION, "unknown": 1}  # fmt: skip
    path.write_text(json.dumps(bad), "utf-8")
    loaded = Settings.load(path)
    assert (loaded.backups_to_keep, loaded.paper, loaded.registrar_name) == (10, "", "")
    assert loaded.institution_name == INSTITUTION
    path.write_text(json.dumps({"backups_to_keep": 1000}), "utf-8")
    assert Settings.load(path).backups_to_keep == 100
    path.write_text("[1, 2]", "utf-8")
    assert Settings.load(path) == Settings()


# ----- checks -----------------------------------------------------------------------------


def test_logo_checks(tmp_path: Path) -> None:
    assert logo_problem(make_logo(tmp_path / "a.png")) is None
    assert logo_problem(make_logo(tmp_path / "b.jpg", "JPEG")) is None
    text = tmp_path / "notes.png"
    text.write_text("not an image", encoding="utf-8")
    assert "not an image" in (logo_problem(text) or "")
    gif = make_logo(tmp_path / "c.gif", "GIF")
    assert "PNG or JPEG" in (logo_problem(gif) or "")
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(make_logo(tmp_path / "whole.png").read_bytes()[:60])
    assert logo_problem(truncated) is not None
    assert "cannot be found" in (logo_problem(tmp_path / "missing.png") or "")


def test_the_logo_is_copied_and_survives_the_original(tmp_path: Path) -> None:
    original = make_logo(tmp_path / "logo.png")
    kept = keep_logo(original, tmp_path / "data" / "logo")
    original.unlink()
    assert kept.parent == tmp_path / "data" / "logo" and logo_problem(kept) is None
    with pytest.raises(ValueError, match="not an image"):
        (tmp_path / "x.png").write_text("x", encoding="utf-8")
        keep_logo(tmp_path / "x.png", tmp_path / "data" / "logo")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_backup_folder_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert "cannot be written" in (backup_folder_problem(folder) or "")
    finally:
        folder.chmod(0o700)


def test_backup_folder_checks(tmp_path: Path) -> None:
    assert backup_folder_problem(tmp_path) is None
    assert backup_folder_problem(Path("")) is None  # empty: the default folder
    assert "does not exist" in (backup_folder_problem(tmp_path / "nowhere") or "")
    file = tmp_path / "file"
    file.write_text("", encoding="utf-8")
    assert "not a folder" in (backup_folder_problem(file) or "")


# ----- the PDF ----------------------------------------------------------------------------


def render(spec: Spec, records: list[CaseRecord], letterhead: Letterhead | None) -> bytes:
    out = io.BytesIO()
    render_case_summary(spec, records, out, letterhead=letterhead)
    return out.getvalue()


def test_letterhead_on_every_case_and_the_agenda(spec: Spec, tmp_path: Path) -> None:
    records = demo_records()[:2]
    logo = make_logo(tmp_path / "logo.png", size=(300, 100))
    plain = render(spec, records, None)
    data = render(spec, records, Letterhead(INSTITUTION, logo))
    texts = pdf_text(data)
    starts = [i for i, t in enumerate(texts) if "Tumour board" in t]
    assert INSTITUTION in texts[0] and all(INSTITUTION in texts[i] for i in starts)
    assert all(INSTITUTION not in t for t in pdf_text(plain))
    images = page_image_sizes(data)
    assert (300, 100) in images[0]  # the agenda
    assert len([i for i in starts if (300, 100) in images[i]]) == len(starts) == 3
    assert all((300, 100) not in page for page in page_image_sizes(plain))


def test_the_case_institution_is_named_below_the_issuer(spec: Spec) -> None:
    field = spec.role_field("institution")
    assert field is not None
    record = demo_records()[0]
    record.values[field.id] = "Referring Hospital of Elsewhere"
    text = pdf_text(render(spec, [record], Letterhead(INSTITUTION)))[0]
    assert INSTITUTION in text and f"{field.label}: Referring Hospital of Elsewhere" in text
    alone = pdf_text(render(spec, [record], None))[0]
    assert "Referring Hospital of Elsewhere" in alone and INSTITUTION not in alone


def test_a_logo_gone_from_disk_does_not_stop_the_pdf(spec: Spec, tmp_path: Path) -> None:
    data = render(spec, demo_records()[:1], Letterhead(INSTITUTION, tmp_path / "gone.png"))
    assert INSTITUTION in pdf_text(data)[0]


def test_report_command_honours_the_settings(spec: Spec, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    store = CaseStore.open(data / "cases.sqlite", spec)
    write_demo(store)
    number = store.list_cases()[0].case_number
    store.close()
    logo = keep_logo(make_logo(tmp_path / "logo.png", size=(200, 90)), data / "logo")
    Settings(institution_name=INSTITUTION, institution_logo=str(logo), paper="Letter").save(
        locations.settings_file(data)
    )
    out = tmp_path / "case.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "report", number, "-o", str(out),
         "--data-dir", str(data)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reader = PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 612  # Letter, from the settings
    assert INSTITUTION in reader.pages[0].extract_text()
    assert (200, 90) in page_image_sizes(out.read_bytes())[0]
