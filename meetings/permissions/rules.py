"""The two-level decision every access object makes: who the person is, then what the state allows.

A right's rule has two parts. `who` is the person alone — their committee permissions (from their
roles), their place on the meeting (presiding, secretary, invitee, guest): when it says no, the
answer never changes while they hold the same roles, and a service refuses with PermissionDenied
(a 403 in a view). `when` is the meeting's state or the time: it returns why not now, or None; a
service refuses with MeetingError and that message, which the view shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise

from ..models import MeetingError

# What a state check says when there is nothing to refuse, only nothing to show yet (the page
# offers no link); no service refuses with it.
NOTHING_YET = ""


class MeetingPermissionDenied(MeetingError, PermissionDenied):
    """The person's role never allows this: a PermissionDenied (Django answers 403) that carries
    the service's message, and is a MeetingError too, so a page that shows the service's
    refusals shows this one as well."""


@dataclass(frozen=True)
class Rule:
    """One right: who may (the person), when (the state's refusal, or None), what a service tells
    someone whose role never allows it (None: a bare 403), and what its target is when the caller
    gives none ("invitation": the person's own)."""

    who: Callable[[Any, Any], bool]
    when: Callable[[Any, Any], str | None] | None = None
    denied: str | Promise | None = None
    default_target: str | None = None


class Access:
    """`may` (who), `refusal` (when), `can` (both), and the ways to act on the answer: `ensure`
    for services, `require` for views. Subclasses hold the rules in `RULES`."""

    RULES: ClassVar[dict[str, Rule]]
    #: What `ensure` raises: for the state's refusal, and for a role that never allows it with a
    #: message (both carry the message; the second is a PermissionDenied too).
    error_class: ClassVar[type[Exception]] = MeetingError
    denied_class: ClassVar[type[Exception]] = MeetingPermissionDenied

    def _default_target(self, name: str) -> Any:
        raise ValueError(name)

    def _rule(self, right: str, target: Any) -> tuple[Rule, Any]:
        rule = self.RULES[right]
        if target is None and rule.default_target is not None:
            target = self._default_target(rule.default_target)
        return rule, target

    def may(self, right: str, target: Any = None) -> bool:
        """Whether the person's role and place allow `right`, whatever the state."""
        rule, target = self._rule(right, target)
        return rule.who(self, target)

    def refusal(self, right: str, target: Any = None) -> str | None:
        """Why the state or the time forbids `right` now, or None when it allows it."""
        rule, target = self._rule(right, target)
        return rule.when(self, target) if rule.when is not None else None

    def can(self, right: str, target: Any = None) -> bool:
        """Whether the person may do it now: the answer a page shows as a button or a link."""
        rule, target = self._rule(right, target)
        # The state first: it is read from the loaded rows, while some people checks ask a query.
        if rule.when is not None and rule.when(self, target) is not None:
            return False
        return rule.who(self, target)

    def reason(self, right: str, target: Any = None) -> str | None:
        """What `ensure` would say: the role's refusal, else the state's; None when allowed."""
        rule, target = self._rule(right, target)
        if not rule.who(self, target):
            return str(rule.denied or "")
        return rule.when(self, target) if rule.when is not None else None

    def ensure(
        self, right: str, target: Any = None, *, message: str | None = None, denied: str | None = None
    ) -> None:
        """For services: PermissionDenied when the person's role never allows `right` (with a
        message where the service has one), then MeetingError when the state forbids it now.
        `message`, when given, is what the service says in both cases; `denied` only in the first."""
        rule, target = self._rule(right, target)
        if not rule.who(self, target):
            denied = denied or message or rule.denied
            if denied is None:
                raise PermissionDenied
            raise self.denied_class(str(denied))
        refusal = rule.when(self, target) if rule.when is not None else None
        if refusal is not None:
            raise self.error_class(message or refusal)

    def require(self, right: str, target: Any = None, *, now: bool = True) -> None:
        """For views: 403 unless the person may do it now. With `now=False` only the person is
        checked: a submitted form the state no longer allows goes on to the service, whose
        message says why (a page offered only while possible keeps `now=True`)."""
        if not (self.can(right, target) if now else self.may(right, target)):
            raise PermissionDenied
