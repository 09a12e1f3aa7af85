"""Security events: who changed someone's access, and how.

They go to the `security` logger at WARNING (configured in settings: its own handler, so an
installation can ship them apart from the rest), one line of `key=value` pairs each, in English
for whoever reads the logs. Django's admin LogEntry and the models' history keep the details;
this line is what an operator or a log collector is alerted on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from .models import RoleAssignment, User

logger = logging.getLogger("security")


def _who(user: User | None) -> str:
    return f"{user.username}(#{user.pk})" if user is not None else "system"


def role_assignment_event(action: str, assignment: RoleAssignment, *, actor: User | None) -> None:
    """A role assignment was appointed, corrected, ended, replaced by a new term or deleted."""
    logger.warning(
        "role assignment %s by %s: assignment=#%s person=%s committee=%s role=%s organization=%s "
        "term=%s..%s decision=%r",
        action,
        _who(actor),
        assignment.pk,
        _who(assignment.user),
        assignment.committee.short_code,
        assignment.role,
        assignment.organization_id or "-",
        assignment.start_date,
        assignment.end_date or "open",
        assignment.decision_number,
        extra={
            "security_event": f"role_assignment_{action.replace(' ', '_')}",
            "actor_id": getattr(actor, "pk", None),
        },
    )


def user_privileges_event(user: User, *, actor: User | None, changed: Iterable[str]) -> None:
    """An account's staff or superuser status, groups or permissions were changed."""
    logger.warning(
        "user privileges changed by %s: person=%s fields=%s is_staff=%s is_superuser=%s",
        _who(actor),
        _who(user),
        ",".join(sorted(changed)),
        user.is_staff,
        user.is_superuser,
        extra={"security_event": "user_privileges_changed", "actor_id": getattr(actor, "pk", None)},
    )
