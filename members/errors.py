"""The portal's domain error: an action refused by a rule ("not now", "not in this state"), with a
message for the person who tried it. Each app's error (`meetings.models.MeetingError`, later the
directives') derives from it, so one view helper reports them all (members.forms.run_service).
"Not this person" is Django's PermissionDenied instead (a 403), never a DomainError."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action; `message` is shown to the person as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
