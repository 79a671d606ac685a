"""The specification checked as a whole, once every file is read: ids unique in their scope,
vocabularies, refs, roles and show_if conditions that resolve, rules that name real fields."""

from __future__ import annotations

from desktop_app.spec.derivation import check_derivation
from desktop_app.spec.model import FieldSpec, GroupSpec, Spec
from desktop_app.spec.rule import RuleSpec
from desktop_app.spec.source import SpecProblem


def check_references(spec: Spec, problems: list[SpecProblem]) -> None:
    """Ids unique in their scope; vocabularies, refs and show_if conditions resolve."""

    def report(f: FieldSpec | GroupSpec, message: str) -> None:
        problems.append(SpecProblem(f.file, f.line, f.id, message))

    group_ids = [g.id for g in spec.groups]
    case_ids = [f.id for f in spec.case_fields]
    seen: set[str] = set()
    for f in spec.case_fields:
        if f.id in seen:
            report(f, "is declared twice (ids are unique among the case's fields)")
        seen.add(f.id)
    seen_groups: set[str] = set()
    for g in spec.groups:
        if g.id in seen_groups or g.id in case_ids:
            report(g, "is a group id already used by another group or field")
        seen_groups.add(g.id)
        ids = [f.id for f in g.fields]
        for f in g.fields:
            if ids.count(f.id) > 1:
                report(f, f"is declared twice in group '{g.id}'")
        if g.entry_label and g.entry_label not in ids:
            report(g, f"names entry_label '{g.entry_label}', which is not one of its fields")
        for column in g.columns:
            if column not in ids:
                report(g, f"lists column '{column}', which is not one of its fields")
    summaries: set[str] = set()
    roles: dict[tuple[str, str], list[FieldSpec]] = {}
    for f in spec.all_fields():
        if f.role:
            others = roles.setdefault((f.group, f.role), [])
            if any(not one_applies(f, other) for other in others):
                report(f, f"has role '{f.role}', which another field of its scope has")
            others.append(f)
        if f.vocabulary and f.vocabulary not in spec.vocabularies:
            report(f, f"uses vocabulary '{f.vocabulary}', which no file declares")
        if f.inherit:
            source = next((c for c in spec.case_fields if c.id == f.inherit), None)
            if source is None or (source.type, source.vocabulary) != (f.type, f.vocabulary):
                report(f, f"inherits '{f.inherit}', which is no case field of its type")
        if f.words and (f.words not in spec.vocabularies or not f.qualified):
            report(f, f"has words '{f.words}': a vocabulary declared, on a qualified number")
        if f.type == "ref" and f.ref not in group_ids:
            report(f, f"refers to group '{f.ref}', which does not exist")
        if f.summary:
            if f.group:
                report(f, "feeds the case list but sits inside a repeating group")
            elif f.summary in summaries:
                report(f, f"feeds case-list column '{f.summary}', which another field feeds")
            summaries.add(f.summary)
        if f.derived:
            wrong = check_derivation(spec, f)
            if wrong:
                report(f, wrong)
        if f.show_if:
            scope = [g.field(f.show_if.field) for g in spec.groups if g.id == f.group
                     and f.show_if.field in [x.id for x in g.fields]]  # fmt: skip
            target = scope[0] if scope else None
            if target is None and f.show_if.field in case_ids:
                target = spec.field("", f.show_if.field)
            # On itself only "filled = true": a field of an older form, shown where a stored
            # value needs it (forms/02_history.toml, the earlier primary's case fields).
            retired = target is not None and target.id == f.id and f.show_if.filled is True
            if target is None or (target.id == f.id and not retired):
                report(f, f"has show_if on '{f.show_if.field}', which is not a field it can see")
            elif target.vocabulary:
                vocab = spec.vocabularies.get(target.vocabulary)
                wanted = f.show_if.in_ or ((f.show_if.equals,) if f.show_if.equals else ())
                for code in wanted:
                    if target.findings:  # "!code": shown when the finding is absent
                        code = code.removeprefix("!")
                    if vocab and vocab.term(code) is None:
                        report(f, f"has show_if code '{code}', not in '{target.vocabulary}'")


def check_rules(spec: Spec, problems: list[SpecProblem]) -> None:
    """Every field a rule names exists, with the type and codes the rule needs."""
    for form in spec.forms:
        for number, rule in enumerate(form.rules, start=1):

            def report(message: str, rule: RuleSpec = rule, number: int = number) -> None:
                problems.append(SpecProblem(rule.file, rule.line, "", f"rule {number} {message}"))

            refs = list(rule.fields) + [t.ref for t in (rule.when, rule.then) if t]
            for ref in refs:
                try:
                    target = spec.field(ref.group, ref.field)
                except KeyError:
                    report(f"names '{ref}', which is not a field")
                    continue
                if rule.kind == "date_order" and target.type != "date":
                    report(f"orders '{ref}', which is not a date")
                if rule.kind == "number_order" and not target.numeric:
                    report(f"orders '{ref}', which is not a number")
            for test in (rule.when, rule.then):
                if test is None:
                    continue
                codes = (test.in_ or ()) + ((test.equals,) if test.equals else ())
                try:
                    vocabulary = spec.field(test.ref.group, test.ref.field).vocabulary
                except KeyError:
                    continue
                for code in codes:
                    if vocabulary and spec.vocabulary(vocabulary).term(code) is None:
                        report(f"tests '{test.ref}' for '{code}', not a code of {vocabulary}")


def one_applies(a: FieldSpec, b: FieldSpec) -> bool:
    """Whether at most one of two fields of an entry can apply: each shown only where the
    same field equals a different value (one grade field per grading system, each with
    the role grade)."""
    if a.group != b.group or not a.group or a.show_if is None or b.show_if is None:
        return False
    one, other = a.show_if, b.show_if
    return (one.field == other.field and one.equals is not None and other.equals is not None
            and one.equals != other.equals)  # fmt: skip
