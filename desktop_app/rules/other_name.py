"""A choice answered "other" reads as the name typed beside it.

The specification says which text field names which choice through roles: the field with
role "<r>_other" names the value of the field with role "<r>" in the same scope (an IHC
marker and its "Other marker", a molecular target and its "Other gene or fusion"). Tables,
entry labels and the PDF then show "TRPS1", not "Other marker".
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.rules.conditions import is_shown
from desktop_app.rules.values import display
from desktop_app.spec.model import FieldSpec, Spec

OTHER_SUFFIX = "_other"


def other_name_field(spec: Spec, field: FieldSpec) -> FieldSpec | None:
    """The field that names `field`'s value when it is "other", or None."""
    if not field.role or field.type != "choice":
        return None
    fields = spec.group(field.group).fields if field.group else spec.case_fields
    wanted = field.role + OTHER_SUFFIX
    return next((f for f in fields if f.role == wanted), None)


def names_a_choice(spec: Spec, field: FieldSpec) -> bool:
    """Whether `field` is the typed name of another field's "other" (shown in its place)."""
    if not field.role.endswith(OTHER_SUFFIX):
        return False
    fields = spec.group(field.group).fields if field.group else spec.case_fields
    base = field.role.removesuffix(OTHER_SUFFIX)
    return any(f.role == base and f.type == "choice" for f in fields)


def other_name(
    spec: Spec, field: FieldSpec, values: Mapping[str, str], case: Mapping[str, str] | None = None
) -> str:
    """The typed name standing for `field`'s value in `values`, or '' when there is none
    (no naming field, nothing typed, or the naming field does not apply to the choice)."""
    named = other_name_field(spec, field)
    if named is None or not values.get(named.id) or not values.get(field.id):
        return ""
    return values[named.id] if is_shown(named, values, case or {}) else ""


def shown_value(
    spec: Spec,
    field: FieldSpec,
    values: Mapping[str, str],
    entry_labels: dict[str, str] | None = None,
) -> str:
    """How `field`'s value in `values` reads: its typed name when "other" is named, else as
    rules.values.display gives it."""
    return other_name(spec, field, values) or display(
        spec, field, values.get(field.id, ""), entry_labels
    )
