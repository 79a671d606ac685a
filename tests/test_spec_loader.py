"""The shipped specification loads; a broken one is refused with the file, line, field and problem.

Each test copies forms/ and resources/vocabularies/ to tmp_path, appends a small test group (or
field) with one deliberate break, and checks the SpecError. Appending instead of editing the
shipped text keeps the tests independent of what the forms currently hold.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.paths import forms_dir, resource_path
from desktop_app.spec.loader import SpecError, SpecProblem, default_spec, load_spec
from desktop_app.spec.model import Spec

TABS = ["Case", "History", "Imaging", "Pathology", "Treatment", "Follow-up"]
FORM = "03_imaging.toml"  # the file the test group is appended to

TEST_VOCABULARY = """
[vocabulary.test_colour]
label = "Test colour"
source = "tests"
terms = [
  { code = "red", label = "Red" },
  { code = "green", label = "Green" },
]
"""

TEST_GROUP = """
[[group]]
id = "test_group"
label = "Test group"

[[group.field]]
id = "colour"
label = "Colour"
type = "choice"
vocabulary = "test_colour"

[[group.field]]
id = "shade"
label = "Shade"
type = "text"
show_if = { field = "colour", equals = "red" }

[[group.field]]
id = "other"
label = "Other entry"
type = "ref"
ref = "test_group"
"""


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    shutil.copytree(forms_dir(), tmp_path / "forms")
    shutil.copytree(resource_path("vocabularies"), tmp_path / "vocabularies")
    (tmp_path / "vocabularies" / "zz_test.toml").write_text(TEST_VOCABULARY, encoding="utf-8")
    with (tmp_path / "forms" / FORM).open("a", encoding="utf-8") as out:
        out.write(TEST_GROUP)
    return tmp_path


def load(base: Path) -> Spec:
    return load_spec(base / "forms", base / "vocabularies")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def break_group(base: Path, old: str, new: str) -> None:
    """Change the appended test group (the last occurrence of `old` in the form file)."""
    path = base / "forms" / FORM
    text = path.read_text(encoding="utf-8")
    start = text.rindex('\n[[group]]\nid = "test_group"')
    assert text[start:].count(old) == 1, old
    path.write_text(text[:start] + text[start:].replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str, last: bool = True) -> int:
    numbers = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line == text]
    assert numbers, f"{text!r} not in {path.name}"
    return numbers[-1] if last else numbers[0]


def refused(base: Path) -> list[SpecProblem]:
    with pytest.raises(SpecError) as caught:
        load(base)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return caught.value.problems


def only_problem(base: Path, field: str, *words: str) -> SpecProblem:
    problems = refused(base)
    assert len(problems) == 1, problems
    problem = problems[0]
    text = str(problem)
    assert problem.file in text and f"'{field}'" in text
    for word in words:
        assert word in text
    assert problem.field == field
    return problem


# --- the shipped specification ---------------------------------------------------------------


def test_shipped_specification_loads_with_every_tab() -> None:
    spec = default_spec()
    assert [form.label for form in spec.forms] == TABS
    assert [form.order for form in spec.forms] == sorted(form.order for form in spec.forms)
    assert spec.version and spec.vocabularies
    for field in spec.all_fields():
        assert field.file.endswith(".toml") and field.line, field.id
        if field.vocabulary:
            assert spec.vocabulary(field.vocabulary).terms, field.vocabulary
    assert default_spec() is spec  # loaded once per process


def test_the_copy_with_the_test_group_loads(spec_copy: Path) -> None:
    spec = load(spec_copy)
    group = spec.group("test_group")
    path = spec_copy / "forms" / FORM
    assert group.file == FORM and group.line == line_of(path, 'id = "test_group"')
    assert group.field("shade").line == line_of(path, 'id = "shade"')
    assert group.field("shade").show_if is not None
    assert spec.vocabulary("test_colour").file == "zz_test.toml"


# --- one break each -----------------------------------------------------------------------------


def test_unknown_type(spec_copy: Path) -> None:
    break_group(spec_copy, 'type = "text"', 'type = "number"')
    problem = only_problem(spec_copy, "shade", FORM, "unknown type 'number'")
    assert problem.line == line_of(spec_copy / "forms" / FORM, 'id = "shade"')


def test_duplicate_case_field_id_in_another_file(spec_copy: Path) -> None:
    first = default_spec().case_fields[0]
    path = spec_copy / "forms" / "02_history.toml"
    assert path.name != first.file
    with path.open("a", encoding="utf-8") as out:
        out.write(f'\n[[field]]\nid = "{first.id}"\nlabel = "Again"\ntype = "text"\n')
    problem = only_problem(spec_copy, first.id, "02_history.toml", "declared twice")
    assert problem.line == line_of(path, f'id = "{first.id}"')


def test_duplicate_field_id_in_a_group(spec_copy: Path) -> None:
    break_group(spec_copy, 'id = "shade"', 'id = "colour"')
    problems = refused(spec_copy)
    twice = [p for p in problems if "declared twice in group 'test_group'" in p.message]
    assert twice and all(p.field == "colour" and p.file == FORM for p in twice)
    path = spec_copy / "forms" / FORM
    second = line_of(path, 'id = "colour"', last=True)
    assert second in {p.line for p in twice}  # the duplicate is shown where it stands
    assert second != line_of(path, 'id = "colour"', last=False)


def test_duplicate_case_field_id_in_the_same_file(spec_copy: Path) -> None:
    path = spec_copy / "forms" / "02_history.toml"
    ident = next(f.id for f in load(spec_copy).case_fields if f.file == path.name)
    with path.open("a", encoding="utf-8") as out:
        out.write(f'\n[[field]]\nid = "{ident}"\nlabel = "Again"\ntype = "text"\n')
    problem = only_problem(spec_copy, ident, path.name, "declared twice")
    assert problem.line == line_of(path, f'id = "{ident}"', last=True)


def test_a_field_named_like_its_group_has_its_own_line(spec_copy: Path) -> None:
    break_group(spec_copy, 'id = "shade"', 'id = "test_group"')
    field = load(spec_copy).group("test_group").field("test_group")
    assert field.line == line_of(spec_copy / "forms" / FORM, 'id = "test_group"', last=True)


def test_vocabulary_that_does_not_exist(spec_copy: Path) -> None:
    break_group(spec_copy, 'vocabulary = "test_colour"', 'vocabulary = "test_color"')
    problems = refused(spec_copy)
    missing = [p for p in problems if "vocabulary 'test_color'" in p.message]
    assert len(missing) == 1 and missing[0].field == "colour" and missing[0].file == FORM
    assert "which no file declares" in str(missing[0])
    assert missing[0].line == line_of(spec_copy / "forms" / FORM, 'id = "colour"')


def test_ref_to_a_missing_group(spec_copy: Path) -> None:
    break_group(spec_copy, 'ref = "test_group"', 'ref = "no_such_group"')
    problem = only_problem(spec_copy, "other", FORM, "'no_such_group'", "does not exist")
    assert problem.line == line_of(spec_copy / "forms" / FORM, 'id = "other"')


def test_show_if_naming_a_missing_field(spec_copy: Path) -> None:
    break_group(spec_copy, 'field = "colour", equals', 'field = "color", equals')
    problem = only_problem(spec_copy, "shade", FORM, "show_if on 'color'")
    assert problem.line == line_of(spec_copy / "forms" / FORM, 'id = "shade"')


def test_show_if_code_not_in_the_vocabulary(spec_copy: Path) -> None:
    break_group(spec_copy, 'equals = "red"', 'equals = "purple"')
    problem = only_problem(spec_copy, "shade", FORM, "code 'purple'", "'test_colour'")
    assert problem.line == line_of(spec_copy / "forms" / FORM, 'id = "shade"')


def test_show_if_code_in_a_list_is_checked_too(spec_copy: Path) -> None:
    break_group(spec_copy, 'equals = "red"', 'in = ["green", "blue"]')
    only_problem(spec_copy, "shade", FORM, "code 'blue'")


def test_misspelt_field_key(spec_copy: Path) -> None:
    break_group(spec_copy, 'type = "text"\n', 'type = "text"\nrequird = true\n')
    problem = only_problem(spec_copy, "shade", FORM, "unknown key 'requird'")
    assert problem.line == line_of(spec_copy / "forms" / FORM, 'id = "shade"')


def test_misspelt_group_key(spec_copy: Path) -> None:
    break_group(spec_copy, 'label = "Test group"', 'label = "Test group"\nentry_lable = "x"')
    problem = only_problem(spec_copy, "test_group", FORM, "unknown key 'entry_lable'")
    assert problem.line == line_of(spec_copy / "forms" / FORM, 'id = "test_group"')


def test_invalid_toml_in_a_form(spec_copy: Path) -> None:
    break_group(spec_copy, 'label = "Shade"', 'label = "Shade')
    line = line_of(spec_copy / "forms" / FORM, 'label = "Shade')
    problems = refused(spec_copy)
    toml = [p for p in problems if "not valid TOML" in p.message]
    assert len(toml) == 1 and toml[0].file == FORM
    assert f"line {line}" in str(toml[0])
    assert toml[0].line == line


def test_invalid_toml_in_a_vocabulary(spec_copy: Path) -> None:
    path = spec_copy / "vocabularies" / "zz_test.toml"
    replace(path, 'source = "tests"', "source = tests")
    problems = refused(spec_copy)
    toml = [p for p in problems if "not valid TOML" in p.message]
    assert len(toml) == 1 and toml[0].file == "zz_test.toml"
    assert toml[0].line == line_of(path, "source = tests")
    assert f"line {toml[0].line}" in str(toml[0])


@pytest.mark.parametrize("key", ["min", "max", "max_length"])
def test_non_numeric_limit(spec_copy: Path, key: str) -> None:
    break_group(spec_copy, 'type = "text"\n', f'type = "text"\n{key} = "forty"\n')
    only_problem(spec_copy, "shade", FORM, key, "not a number")


def test_invalid_toml_is_the_only_problem_of_its_file(spec_copy: Path) -> None:
    break_group(spec_copy, 'label = "Shade"', 'label = "Shade')
    assert [p.file for p in refused(spec_copy)] == [FORM]


def test_a_non_boolean_flag_is_a_spec_error(spec_copy: Path) -> None:
    break_group(spec_copy, 'type = "text"\n', 'type = "text"\nrequired = "false"\n')
    only_problem(spec_copy, "shade", FORM, "required")


def test_a_non_numeric_form_order_is_a_spec_error(spec_copy: Path) -> None:
    replace(spec_copy / "forms" / FORM, "order = 3", 'order = "three"')
    refused(spec_copy)


def test_misspelt_term_key(spec_copy: Path) -> None:
    replace(spec_copy / "vocabularies" / "zz_test.toml", 'label = "Red"', 'lable = "Red"')
    assert "lable" in str(refused(spec_copy))


def test_every_problem_is_reported_at_once(spec_copy: Path) -> None:
    break_group(spec_copy, 'type = "text"', 'type = "number"')
    break_group(spec_copy, 'ref = "test_group"', 'ref = "nowhere"')
    fields = {p.field for p in refused(spec_copy)}
    assert {"shade", "other"} <= fields


def test_problem_text_names_file_line_and_field() -> None:
    problem = SpecProblem("03_imaging.toml", 12, "birads", "has an unknown key 'x'")
    assert str(problem) == "03_imaging.toml, line 12: field 'birads' has an unknown key 'x'"
    assert str(SpecProblem("a.toml", None, "", "is empty")) == "a.toml: is empty"
