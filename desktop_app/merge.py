"""Two people, one case: what each changed since the version both started from, and the
registrar's own changes re-applied, one by one, on top of the other person's save."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.record import CaseRecord, GroupEntry, ItemKey


@dataclass(frozen=True)
class Change:
    """One value (or, with field "", one whole entry) as it was, as they saved it, as I have it."""

    key: ItemKey
    base: str | None
    theirs: str | None
    mine: str | None

    @property
    def they_changed(self) -> bool:
        return self.theirs != self.base

    @property
    def i_changed(self) -> bool:
        return self.mine != self.base

    @property
    def clash(self) -> bool:
        return self.they_changed and self.i_changed and self.theirs != self.mine


def _flat(record: CaseRecord) -> dict[ItemKey, str]:
    flat = record.items()
    for group, entries in record.groups.items():
        for entry in entries:
            flat[(group, entry.entry_id, "")] = "entry"  # an entry exists, even when empty
    return flat


def _own_new_entries(base: CaseRecord, theirs: CaseRecord, mine: CaseRecord) -> CaseRecord:
    """Mine, with each entry I added renumbered when they added one under the same id: two
    entries added on two workstations are two entries, not one."""
    mine = mine.copy()
    fresh = max(theirs.next_entry_id, mine.next_entry_id)
    for group, entries in mine.groups.items():
        known = {e.entry_id for e in base.entries(group)}
        theirs_ids = {e.entry_id for e in theirs.entries(group)}
        for entry in entries:
            if entry.entry_id not in known and entry.entry_id in theirs_ids:
                entry.entry_id = fresh
                fresh += 1
    mine.next_entry_id = fresh
    return mine


def compare(base: CaseRecord, theirs: CaseRecord, mine: CaseRecord) -> list[Change]:
    """Every key that either side changed since `base`."""
    mine = _own_new_entries(base, theirs, mine)
    b, t, m = _flat(base), _flat(theirs), _flat(mine)
    changes = [
        Change(key, b.get(key), t.get(key), m.get(key))
        for key in sorted(b.keys() | t.keys() | m.keys())
        if t.get(key) != b.get(key) or m.get(key) != b.get(key)
    ]
    return changes


def reapply(theirs: CaseRecord, mine: CaseRecord, chosen: list[Change]) -> CaseRecord:
    """Their saved case with my chosen changes applied again; the result is unsaved."""
    merged = theirs.copy()
    highest = max((c.key[1] for c in chosen if c.key[0]), default=0)
    merged.next_entry_id = max(theirs.next_entry_id, mine.next_entry_id, highest + 1)
    renumbered: dict[tuple[str, int], int] = {}

    def entry_for(group: str, entry_id: int) -> GroupEntry:
        target = renumbered.get((group, entry_id), entry_id)
        for entry in merged.entries(group):
            if entry.entry_id == target:
                return entry
        # An entry I added (or one they removed that I kept editing) comes back; an id
        # they used for an entry of their own gets a fresh number.
        taken = any(e.entry_id == entry_id for e in theirs.entries(group))
        new_id = merged.next_entry_id if taken else entry_id
        merged.next_entry_id = max(merged.next_entry_id, new_id + 1)
        renumbered[(group, entry_id)] = new_id
        entry = GroupEntry(new_id)
        merged.entry_list(group).append(entry)
        return entry

    for change in chosen:
        group, entry_id, field_id = change.key
        if not group:
            if change.mine is None:
                merged.values.pop(field_id, None)
            else:
                merged.values[field_id] = change.mine
        elif not field_id and change.mine is None:
            merged.remove_entry(group, renumbered.get((group, entry_id), entry_id))
        elif change.mine is not None or field_id:
            entry = entry_for(group, entry_id)
            if field_id and change.mine is None:
                entry.values.pop(field_id, None)
            elif field_id and change.mine is not None:
                entry.values[field_id] = change.mine
    return merged
