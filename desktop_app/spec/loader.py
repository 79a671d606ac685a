"""Load forms/*.toml and resources/vocabularies/*.toml, and check the specification itself.

Every mistake a form author can make (an unknown type, a duplicate id, a vocabulary, ref or
show_if that does not resolve, a misspelt key) is reported with the file, the line where it
can be found and the field, all at once, before a registrar ever sees the form.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from desktop_app.spec.checklist import check_checklists, parse_checklist
from desktop_app.spec.checks import check_references, check_rules
from desktop_app.spec.derivation import derivation
from desktop_app.spec.model import (
    FIELD_TYPES,
    ROLES,
    SUMMARY_COLUMNS,
    Checklist,
    FieldSpec,
    FormSpec,
    GroupSpec,
    RetiredTerm,
    Spec,
    Term,
    Vocabulary,
)
from desktop_app.spec.rule import RuleSpec, parse_rule
from desktop_app.spec.source import (
    Source,
    SpecError,
    SpecProblem,
    condition,
    line_of_table,
)
from desktop_app.spec.vocabulary_data import merge_data, read_retired

FINDINGS_TYPES = ("multichoice", "boolean")  # a field that can say "absent" (findings = true)

FIELD_KEYS = {
    "id", "label", "type", "section", "unit", "min", "max", "max_length", "vocabulary",
    "ref", "required", "phi", "help", "show_if", "summary", "role", "qualified", "derived",
    "range", "inherit",
}  # fmt: skip
FIELD_KEYS |= {"findings", "absent_words", "words"}  # pertinent negatives (rules/findings.py)
GROUP_KEYS = {"id", "label", "field", "entry_label", "entry_name", "columns", "help"}
FORM_KEYS = {"id", "label", "order"}
VOCABULARY_KEYS = {"label", "source", "terms", "show_codes", "data", "retired"}
TERM_KEYS = {"code", "label", "definition", "synonyms", "show_if", "singular"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MULTI_SEPARATOR = "|"


def load_vocabularies(folder: Path, problems: list[SpecProblem]) -> dict[str, Vocabulary]:
    vocabularies: dict[str, Vocabulary] = {}
    for path in sorted(folder.glob("*.toml")):
        source = Source(path, problems)
        for vocab_id, body in source.data.get("vocabulary", {}).items():
            line = line_of_table(source, f"vocabulary.{vocab_id}")
            if vocab_id in vocabularies:
                source.problem(line, "", f"vocabulary '{vocab_id}' is declared twice")
                continue
            for key in sorted(set(body) - VOCABULARY_KEYS):
                source.problem(line, "", f"vocabulary '{vocab_id}' has an unknown key '{key}'")
            if not body.get("source"):
                source.problem(line, "", f"vocabulary '{vocab_id}' does not name its source")
            terms: list[Term] = []
            seen: set[str] = set()
            for raw in body.get("terms", []):
                code = str(raw.get("code", ""))
                for key in sorted(set(raw) - TERM_KEYS):
                    source.problem(line, "", f"vocabulary '{vocab_id}' term '{code}' has an "
                                   f"unknown key '{key}'")  # fmt: skip
                if not code or MULTI_SEPARATOR in code or code in seen:
                    what = "an empty" if not code else f"'{code}', a duplicate or invalid"
                    source.problem(line, "", f"vocabulary '{vocab_id}' has {what} code")
                    continue
                seen.add(code)
                label = str(raw.get("label", code))
                show_if = condition(raw["show_if"]) if "show_if" in raw else None
                if "show_if" in raw and show_if is None:
                    source.problem(
                        line,
                        "",
                        f"vocabulary '{vocab_id}' term '{code}' has a "
                        "show_if that is not { field = ..., equals | in = ... }",
                    )
                singular = raw.get("singular", "")
                if not isinstance(singular, str) or (singular == "" and "singular" in raw):
                    source.problem(line, "", f"vocabulary '{vocab_id}' term '{code}' has a "
                                   'singular that is not a word (singular = "month")')  # fmt: skip
                    singular = ""
                synonyms = tuple(str(s) for s in raw.get("synonyms", []))
                terms.append(Term(code, label, str(raw.get("definition", "")), synonyms, show_if,
                                  singular))  # fmt: skip
            found: list[str] = []
            if body.get("data"):
                terms = merge_data(path.parent / str(body["data"]), terms, found.append)
            retired: tuple[RetiredTerm, ...] = ()
            if body.get("retired"):
                retired = read_retired(path.parent / str(body["retired"]), found.append)
            for message in found:
                source.problem(line, "", f"vocabulary '{vocab_id}' {message}")
            vocabularies[vocab_id] = Vocabulary(
                id=vocab_id,
                label=str(body.get("label", vocab_id)),
                source=str(body.get("source", "")),
                terms=tuple(terms),
                file=path.name,
                show_codes=bool(body.get("show_codes", False)),
                retired=retired,
            )
    return vocabularies


def _field(source: Source, raw: dict[str, Any], group: str, after: int | None) -> FieldSpec | None:
    ident = str(raw.get("id", ""))
    line = source.line_of(ident, after) if ident else after
    bad = False

    def fail(message: str) -> None:
        nonlocal bad
        bad = True
        source.problem(line, ident, message)

    if not ID_PATTERN.match(ident):
        fail(f"has an invalid id {ident!r} (lower case letters, digits and _)")
    for key in sorted(set(raw) - FIELD_KEYS):
        fail(f"has an unknown key '{key}'")
    ftype: Any = raw.get("type")
    if ftype not in FIELD_TYPES:
        fail(f"has an unknown type {ftype!r}; expected one of {', '.join(FIELD_TYPES)}")
    if not raw.get("label"):
        fail("has no label")
    if ftype in ("choice", "multichoice") and not raw.get("vocabulary"):
        fail(f"is a {ftype} without a vocabulary")
    if ftype == "ref" and not raw.get("ref"):
        fail('is a ref without the group it refers to (ref = "group_id")')
    for key in ("required", "phi"):
        if key in raw and not isinstance(raw[key], bool):
            fail(f"has {key} = {raw[key]!r}; expected true or false")
    for key in ("min", "max", "max_length"):
        limit = raw.get(key)
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int | float)):
            fail(f"has a {key} that is not a number: {limit!r}")
    if isinstance(raw.get("max_length"), float):
        fail("has a max_length that is not a whole number")
    if raw.get("role") and raw["role"] not in ROLES:
        fail(f"has an unknown role {raw['role']!r}")
    if raw.get("summary") and raw["summary"] not in SUMMARY_COLUMNS:
        fail(f"feeds an unknown case-list column {raw['summary']!r}")
    if "qualified" in raw and (not isinstance(raw["qualified"], bool)
                               or ftype not in ("integer", "decimal")):  # fmt: skip
        fail("has qualified, which only an integer or decimal field may be (true or false)")
    if "range" in raw and (not isinstance(raw["range"], bool) or ftype != "choice"):
        fail("has range, which only a choice field may have (true or false)")
    if "inherit" in raw and (not isinstance(raw["inherit"], str) or not group):
        fail("has inherit, which only a field of a group may have (the id of a case field)")
    if "findings" in raw and (raw["findings"] is not True or ftype not in FINDINGS_TYPES):
        fail("has findings, which only a multichoice or boolean field may be (true)")
    derived = derivation(raw["derived"]) if "derived" in raw else None
    if "derived" in raw and derived is None:
        fail('has a derived that is not { rule = "...", from = ["field", ...], codes = [...] }')
    show_if = None
    if "show_if" in raw:
        show_if = condition(raw["show_if"])
        if show_if is None:
            fail("has a show_if that is not { field = ..., equals | in | filled = ... }")
    if bad:
        return None
    return FieldSpec(
        id=ident,
        label=str(raw["label"]),
        type=ftype,
        group=group,
        section=str(raw.get("section", "")),
        unit=str(raw.get("unit", "")),
        min=float(raw["min"]) if "min" in raw else None,
        max=float(raw["max"]) if "max" in raw else None,
        max_length=int(raw["max_length"]) if "max_length" in raw else None,
        vocabulary=str(raw.get("vocabulary", "")),
        ref=str(raw.get("ref", "")),
        required=bool(raw.get("required", False)),
        phi=bool(raw.get("phi", False)),
        help=str(raw.get("help", "")),
        show_if=show_if,
        summary=str(raw.get("summary", "")),
        role=str(raw.get("role", "")),
        qualified=bool(raw.get("qualified", False)),
        derived=derived,
        range=bool(raw.get("range", False)),
        inherit=str(raw.get("inherit", "")),
        findings=bool(raw.get("findings", False)),
        absent_words=str(raw.get("absent_words", "")),
        words=str(raw.get("words", "")),
        file=source.name,
        line=line,
    )


def _form(source: Source) -> FormSpec | None:
    head = source.data.get("form")
    if not isinstance(head, dict) or not head.get("id") or not head.get("label"):
        source.problem(1, "", "has no [form] table with id and label")
        return None
    for key in sorted(set(head) - FORM_KEYS):
        source.problem(line_of_table(source, "form"), "", f"[form] has an unknown key '{key}'")
    if not isinstance(head.get("order", 100), int):
        source.problem(line_of_table(source, "form"), "", "[form] order is not a whole number")
        return None
    for key in sorted(set(source.data) - {"form", "field", "group", "rule"}):
        source.problem(None, "", f"has an unknown table '{key}'")
    rules: list[RuleSpec] = []
    rule_lines = [n for n, text in enumerate(source.lines, 1) if text.strip() == "[[rule]]"]
    for number, raw in enumerate(source.data.get("rule", [])):
        line = rule_lines[number] if number < len(rule_lines) else None
        parsed = parse_rule(raw, source.name, line)
        if isinstance(parsed, str):
            source.problem(line, "", f"rule {number + 1} {parsed}")
        else:
            rules.append(parsed)
    fields = tuple(
        f for raw in source.data.get("field", []) if (f := _field(source, raw, "", None))
    )
    groups: list[GroupSpec] = []
    for raw in source.data.get("group", []):
        ident = str(raw.get("id", ""))
        gline = source.line_of(ident)
        if not ID_PATTERN.match(ident) or not raw.get("label"):
            source.problem(gline, ident, "is a group without a valid id and a label")
            continue
        for key in sorted(set(raw) - GROUP_KEYS):
            source.problem(gline, ident, f"(group) has an unknown key '{key}'")
        if not isinstance(raw.get("columns", []), list):
            source.problem(gline, ident, "(group) has columns that are not a list of field ids")
            continue
        gfields = tuple(f for r in raw.get("field", []) if (f := _field(source, r, ident, gline)))
        if not gfields:
            source.problem(gline, ident, "is a group without fields")
        groups.append(
            GroupSpec(
                id=ident,
                label=str(raw["label"]),
                fields=gfields,
                form=str(head["id"]),
                entry_label=str(raw.get("entry_label", "")),
                entry_name=str(raw.get("entry_name", "")),
                columns=tuple(raw.get("columns", ())),
                help=str(raw.get("help", "")),
                file=source.name,
                line=gline,
            )
        )
    return FormSpec(
        id=str(head["id"]),
        label=str(head["label"]),
        order=int(head.get("order", 100)),
        fields=fields,
        groups=tuple(groups),
        file=source.name,
        rules=tuple(rules),
    )


def load_spec(forms: Path, vocabularies: Path) -> Spec:
    """Load and check the whole specification; raise SpecError listing every problem."""
    problems: list[SpecProblem] = []
    vocabs = load_vocabularies(vocabularies, problems)
    digest = hashlib.sha256()
    built: list[FormSpec] = []
    checklists: list[Checklist] = []
    complete = True  # every form file gave its form: checklists can be checked against them
    paths = sorted(forms.glob("*.toml"))
    if not paths:
        problems.append(SpecProblem(str(forms), None, "", "holds no form (*.toml)"))
    for path in paths:
        digest.update(path.read_bytes())
        source = Source(path, problems)
        if "checklist" in source.data and "form" not in source.data:  # e.g. forms/care.toml
            checklist = parse_checklist(source.name, source.data, source.lines, source.problem)
            checklists.extend([checklist] if checklist else [])
            continue
        form = None if source.broken else _form(source)
        if form is not None:
            built.append(form)
        complete = complete and form is not None
    form_ids = [f.id for f in built]
    for form in built:
        if form_ids.count(form.id) > 1:
            problems.append(SpecProblem(form.file, 1, "", f"form id '{form.id}' is used twice"))
    spec = Spec(
        forms=tuple(sorted(built, key=lambda f: (f.order, f.id))),
        vocabularies=vocabs,
        version=digest.hexdigest()[:12],
        checklists=tuple(checklists),
    )
    check_references(spec, problems)
    check_rules(spec, problems)
    if complete:
        problems.extend(SpecProblem(f, line, "", m) for f, line, m in check_checklists(spec))
    if problems:
        raise SpecError(problems)
    return spec


_DEFAULT: Spec | None = None
_DATA_READERS = (merge_data, read_retired)


def default_spec() -> Spec:
    """The shipped specification, loaded once per process (kept between starts, checked
    and parsed: spec/kept.py)."""
    global _DEFAULT
    if _DEFAULT is None:
        from desktop_app.paths import forms_dir, resource_path
        from desktop_app.spec.kept import load_kept

        forms, vocabularies = forms_dir(), resource_path("vocabularies")
        if (merge_data, read_retired) != _DATA_READERS:  # replaced to measure the load
            _DEFAULT = load_spec(forms, vocabularies)  # (benchmarks/vocabulary_start.py)
        else:
            _DEFAULT = load_kept(forms, vocabularies, load_spec)
    return _DEFAULT
