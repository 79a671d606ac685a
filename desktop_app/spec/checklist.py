"""A reporting checklist over the forms (forms/care.toml): read from TOML, and checked against
the whole specification once it is loaded, so that an item naming a field that does not
exist is a start-up error with the file and the item, not a checklist that is never met.

A file of forms/ with a [checklist] table (and no [form]) is a checklist:

    [checklist]
    id = "care"
    label = "CARE"
    source = "..."

    [[checklist.item]]
    number = 13
    name = "Informed consent"
    all = ["consent_documented"]      # every one filled
    any = ["imaging_study", "specimen"]  # at least one filled (a group: at least one entry)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.spec.model import Checklist, ChecklistItem, Spec

CHECKLIST_KEYS = {"id", "label", "source", "item"}
ITEM_KEYS = {"number", "name", "all", "any", "help"}
ITEM_HEADER = "[[checklist.item]]"

Report = Callable[[int | None, str, str], None]  # line, field, message (as _Source.problem)


def _references(raw: Any) -> tuple[str, ...] | None:
    if not isinstance(raw, list) or not all(isinstance(r, str) and r for r in raw):
        return None
    return tuple(raw)


def parse_checklist(name: str, data: dict[str, Any], lines: list[str],
                    report: Report) -> Checklist | None:  # fmt: skip
    """The checklist of one file, or None (with the problems reported) when it is unusable."""
    head = data.get("checklist")
    head_line = next((n for n, t in enumerate(lines, 1) if t.strip() == "[checklist]"), 1)
    if not isinstance(head, dict) or not head.get("id") or not head.get("label"):
        report(head_line, "", "has a [checklist] table without id and label")
        return None
    for key in sorted(set(head) - CHECKLIST_KEYS):
        report(head_line, "", f"[checklist] has an unknown key '{key}'")
    for key in sorted(set(data) - {"checklist"}):
        report(None, "", f"has an unknown table '{key}' beside [checklist]")
    if not head.get("source"):
        report(head_line, "", f"checklist '{head['id']}' does not name its source")
    item_lines = [n for n, text in enumerate(lines, 1) if text.strip() == ITEM_HEADER]
    items: list[ChecklistItem] = []
    raw_items = head.get("item", [])
    for position, raw in enumerate(raw_items if isinstance(raw_items, list) else []):
        line = item_lines[position] if position < len(item_lines) else None
        number, item_name = raw.get("number"), raw.get("name")
        what = f"item {number if isinstance(number, int) else position + 1}"
        for key in sorted(set(raw) - ITEM_KEYS):
            report(line, "", f"{what} has an unknown key '{key}'")
        if isinstance(number, bool) or not isinstance(number, int):
            report(line, "", f"{what} has no whole item number (number = 1)")
            continue
        if any(i.number == number for i in items):
            report(line, "", f"{what} is declared twice")
            continue
        if not isinstance(item_name, str) or not item_name:
            report(line, "", f"{what} has no name")
            continue
        all_of, any_of = _references(raw.get("all", [])), _references(raw.get("any", []))
        if all_of is None or any_of is None or not (all_of or any_of):
            report(line, "", f"{what} '{item_name}' needs all = [...] and/or any = [...], "
                   "lists of field ids, group ids or group.field")  # fmt: skip
            continue
        items.append(ChecklistItem(number, item_name, all_of, any_of,
                                   str(raw.get("help", "")), line))  # fmt: skip
    if not items:
        report(head_line, "", f"checklist '{head['id']}' has no usable item")
    return Checklist(
        id=str(head["id"]),
        label=str(head["label"]),
        source=str(head.get("source", "")),
        items=tuple(sorted(items, key=lambda i: i.number)),
        file=name,
    )


def resolves(spec: Spec, reference: str) -> bool:
    """A field of the case, a group, or "group.field"."""
    group, _, field_id = reference.rpartition(".")
    if group:
        return group in [g.id for g in spec.groups] and field_id in [
            f.id for f in spec.group(group).fields
        ]
    return reference in [f.id for f in spec.case_fields] or reference in [g.id for g in spec.groups]


def check_checklists(spec: Spec) -> list[tuple[str, int | None, str]]:
    """(file, line, message) for a checklist id used twice and for every reference of an
    item that does not resolve."""
    found: list[tuple[str, int | None, str]] = []
    seen: set[str] = set()
    for checklist in spec.checklists:
        if checklist.id in seen:
            found.append((checklist.file, None, f"checklist id '{checklist.id}' is used twice"))
        seen.add(checklist.id)
        for item in checklist.items:
            for reference in item.all_of + item.any_of:
                if not resolves(spec, reference):
                    found.append(
                        (
                            checklist.file,
                            item.line,
                            f"item {item.number} '{item.name}' names '{reference}', "
                            "which is not a field of the case, a group or a group.field",
                        )
                    )
    return found
