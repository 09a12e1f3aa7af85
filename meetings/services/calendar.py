"""Writes of the private calendar feed's address."""

from __future__ import annotations

from members.models import User

from ..models import CalendarToken


def calendar_token_rotate(*, user: User) -> CalendarToken:
    """A new private feed address; the old one stops working at once."""
    token, _created = CalendarToken.objects.update_or_create(
        user=user, defaults={"token": CalendarToken.new_token()}
    )
    return token


def calendar_token_revoke(*, user: User) -> None:
    CalendarToken.objects.filter(user=user).delete()
