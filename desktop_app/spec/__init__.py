"""The form specification: loaded from forms/*.toml, the single source of truth."""

from desktop_app.spec.loader import SpecError, SpecProblem, default_spec, load_spec
from desktop_app.spec.model import (
    FIELD_TYPES,
    Condition,
    FieldSpec,
    FormSpec,
    GroupSpec,
    Spec,
    Term,
    Vocabulary,
)

__all__ = [
    "FIELD_TYPES",
    "Condition",
    "FieldSpec",
    "FormSpec",
    "GroupSpec",
    "Spec",
    "SpecError",
    "SpecProblem",
    "Term",
    "Vocabulary",
    "default_spec",
    "load_spec",
]
