"""What the tasks app does when the meetings announce something (meetings.signals)."""

from __future__ import annotations

from django.dispatch import receiver

from meetings.signals import notice_issued

from .services import directives_from_notice


@receiver(notice_issued, dispatch_uid="tasks.directives_from_notice")
def create_directives_of_notice(sender, *, notice, actor, **kwargs) -> None:
    """Signing the conclusions creates the directive of every instruction, in the same
    transaction as the notice (an error here undoes the signing)."""
    directives_from_notice(notice=notice, actor=actor)
