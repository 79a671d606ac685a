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
    """Their saved case with my chosen changes (from `compare`) applied again; the result is
    unsaved. An entry I added keeps the id `compare` gave it (past theirs); one they removed
    that I kept editing comes back under its own id."""
    merged = theirs.copy()
    highest = max((c.key[1] for c in chosen if c.key[0]), default=0)
    merged.next_entry_id = max(theirs.next_entry_id, mine.next_entry_id, highest + 1)

    def existing(group: str, entry_id: int) -> GroupEntry | None:
        return next((e for e in merged.entries(group) if e.entry_id == entry_id), None)

    def entry_for(group: str, entry_id: int) -> GroupEntry:
        entry = existing(group, entry_id)
        if entry is None:
            entry = GroupEntry(entry_id)
            merged.entry_list(group).append(entry)
        return entry

    for change in chosen:
        group, entry_id, field_id = change.key
        if not group:
            if change.mine is None:
                merged.values.pop(field_id, None)
            else:
                merged.values[field_id] = change.mine
        elif not field_id:
            if change.mine is None:
                merged.remove_entry(group, entry_id)
            else:
                entry_for(group, entry_id)
        elif change.mine is not None:
            entry_for(group, entry_id).values[field_id] = change.mine
        elif (entry := existing(group, entry_id)) is not None:
            # a value I removed; when I removed its whole entry, that went just before
            entry.values.pop(field_id, None)
    return merged
