"""The shipped specification kept between starts (spec/kept.py, issue 13): read back only
when it was made from exactly the files and code at hand, never kept when broken, and a
start that cannot keep it or finds it damaged reads the forms as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.paths import forms_dir, resource_path
from desktop_app.spec import Spec, SpecError, load_spec
from desktop_app.spec.kept import load_kept


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    forms, vocabularies = tmp_path / "forms", tmp_path / "vocabularies"
    shutil.copytree(forms_dir(), forms)
    shutil.copytree(resource_path("vocabularies"), vocabularies)
    return forms, vocabularies


class Loads:
    """load_spec, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, forms: Path, vocabularies: Path) -> Spec:
        self.calls += 1
        return load_spec(forms, vocabularies)


def first_label(forms: Path) -> tuple[Path, str]:
    path = sorted(forms.glob("0*.toml"))[0]
    line = next(t for t in path.read_text(encoding="utf-8").splitlines()
                if t.startswith('label = "'))  # fmt: skip
    return path, line.split('"')[1]


def test_a_kept_specification_is_read_back_without_loading_the_forms(
    copy: tuple[Path, Path], tmp_path: Path
) -> None:
    loads, kept = Loads(), tmp_path / "kept" / "spec.pickle"
    first = load_kept(*copy, loads, kept)
    assert loads.calls == 1 and kept.is_file()
    again = load_kept(*copy, loads, kept)
    assert loads.calls == 1
    assert again == first and again is not first
    assert again == load_spec(*copy)


def test_a_changed_form_or_vocabulary_file_is_read_again(
    copy: tuple[Path, Path], tmp_path: Path
) -> None:
    forms, vocabularies = copy
    loads, kept = Loads(), tmp_path / "spec.pickle"
    load_kept(forms, vocabularies, loads, kept)
    path, label = first_label(forms)
    path.write_text(path.read_text(encoding="utf-8").replace(
        f'label = "{label}"', 'label = "Renamed here"', 1), encoding="utf-8")  # fmt: skip
    renamed = load_kept(forms, vocabularies, loads, kept)
    assert loads.calls == 2
    assert "Renamed here" in [f.label for f in renamed.forms]
    data = sorted(p for p in vocabularies.rglob("*.tsv"))[0]
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_kept(forms, vocabularies, loads, kept)
    assert loads.calls == 3


def test_a_broken_specification_is_reported_and_never_kept(
    copy: tuple[Path, Path], tmp_path: Path
) -> None:
    forms, vocabularies = copy
    kept = tmp_path / "spec.pickle"
    path, _label = first_label(forms)
    path.write_text(path.read_text(encoding="utf-8") + '\n[[field]]\nid = "Bad Id"\n',
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(SpecError, match="invalid id"):
        load_kept(forms, vocabularies, load_spec, kept)
    assert not kept.exists()


def test_a_damaged_or_unwritable_keep_falls_back_to_the_forms(
    copy: tuple[Path, Path], tmp_path: Path
) -> None:
    loads, kept = Loads(), tmp_path / "spec.pickle"
    load_kept(*copy, loads, kept)
    kept.write_bytes(kept.read_bytes()[:200])  # cut short
    assert load_kept(*copy, loads, kept) == load_spec(*copy)
    assert loads.calls == 2
    blocked = tmp_path / "a file" / "spec.pickle"
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    assert load_kept(*copy, loads, blocked) == load_spec(*copy)
    assert loads.calls == 3 and not blocked.exists()


def test_nothing_is_kept_in_a_bundle_that_carries_no_source(
    copy: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.frozen", True, raising=False)
    loads, kept = Loads(), tmp_path / "spec.pickle"
    load_kept(*copy, loads, kept)
    load_kept(*copy, loads, kept)
    assert loads.calls == 2 and not kept.exists()
