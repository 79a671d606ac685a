"""What the open case's editors share: the record and the refused inputs.

Apart from ui/field_set.py so that the case editor holds it from the start while the
editors' modules are imported only when a tab is first built (issue 13).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop_app.record import CaseRecord, ItemKey
from desktop_app.spec.model import Spec


@dataclass
class EditState:
    """What the open case's editors share: the record and the refused inputs."""

    spec: Spec
    record: CaseRecord
    refused: dict[ItemKey, tuple[str, str]] = field(default_factory=dict)  # raw, reason
    entries_provider: Callable[[str], list[tuple[str, str]]] | None = None
