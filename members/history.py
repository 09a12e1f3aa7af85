"""Saving a record with who changed it and why, in its simple-history row: one helper for every
app's services (members, meetings, tasks)."""

from __future__ import annotations

from .models import User


def save_with_history(obj, actor: User | None, reason: str, fields: list[str] | None = None) -> None:
    """Save, recording who did it (None: the portal itself) and why in the object's history."""
    obj._history_user = actor
    obj._change_reason = reason
    if fields is None:
        obj.save()
    else:
        obj.save(update_fields=fields)
