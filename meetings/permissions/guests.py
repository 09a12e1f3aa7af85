"""Guests of an extended meeting (Điều 8.2): one grant, `attend_as_guest` on that meeting, given
and taken only here."""

from __future__ import annotations

from guardian.shortcuts import assign_perm, remove_perm

from members.models import User

from ..models import Meeting, MeetingUserObjectPermission


def grant_guest_access(*, user: User, meeting: Meeting) -> None:
    assign_perm("meetings.attend_as_guest", user, meeting)


def revoke_guest_access(*, user: User, meeting: Meeting) -> None:
    remove_perm("meetings.attend_as_guest", user, meeting)


def guest_meeting_ids(user: User) -> set[int]:
    """The meetings the person is a guest of: one query, kept on the user object."""
    cached = getattr(user, "_guest_meeting_ids", None)
    if cached is None:
        cached = set(
            MeetingUserObjectPermission.objects.filter(
                user_id=user.pk, permission__codename="attend_as_guest"
            ).values_list("content_object_id", flat=True)
        )
        user._guest_meeting_ids = cached
    return cached
