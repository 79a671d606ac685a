"""The `derived` key of a field: read from TOML, and checked against the rules of
rules.derived once the whole specification is loaded."""

from __future__ import annotations

from typing import Any

from desktop_app.spec.model import Derivation, FieldSpec, Spec

DERIVED_KEYS = {"rule", "from", "codes"}


def derivation(raw: Any) -> Derivation | None:
    if not isinstance(raw, dict) or set(raw) - DERIVED_KEYS or not isinstance(raw.get("rule"), str):
        return None
    inputs, codes = raw.get("from", []), raw.get("codes", [])
    if not isinstance(inputs, list) or not isinstance(codes, list) or not inputs:
        return None
    return Derivation(raw["rule"], tuple(str(i) for i in inputs), tuple(str(c) for c in codes))


def check_derivation(spec: Spec, f: FieldSpec) -> str | None:
    """What is wrong with a field's `derived` key, or None: the rule exists and takes that
    many inputs, each input resolves (a list input names "group.field")."""
    from desktop_app.rules.derived import RULES

    assert f.derived is not None
    rule = RULES.get(f.derived.rule)
    if rule is None:
        return f"is derived by an unknown rule '{f.derived.rule}'; known: {', '.join(RULES)}"
    if len(f.derived.inputs) != rule.inputs:
        return f"is derived by '{rule.name}', which takes {rule.inputs} inputs"
    own = [x.id for x in spec.group(f.group).fields] if f.group else []
    case_ids = [x.id for x in spec.case_fields]
    for position, name in enumerate(f.derived.inputs):
        if "->" in name:  # "ref->field": that field of the entry a ref of the scope points at
            ref, _, target = name.partition("->")
            refs = {x.id: x.ref for x in spec.group(f.group).fields} if f.group else {}
            pointed = refs.get(ref, "")
            if not pointed or target not in [x.id for x in spec.group(pointed).fields]:
                return f"is derived from '{name}', which is not a field it can see"
            continue
        group, _, field_id = name.rpartition(".")
        if (position in rule.group_inputs) != bool(group):
            wanted = "a group field (group.field)" if group == "" else "a field of the case"
            return f"gives '{name}' as input {position + 1} of '{rule.name}', which wants {wanted}"
        known = ([x.id for x in spec.group(group).fields] if group in [g.id for g in spec.groups]
                 else []) if group else own + case_ids  # fmt: skip
        if field_id not in known or name == f.id:
            return f"is derived from '{name}', which is not a field it can see"
    return None
