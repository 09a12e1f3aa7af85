from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .permissions import can_use_admin, committee_codenames_for_user
from .selectors import unread_notification_count


def navigation(request: HttpRequest) -> dict[str, object]:
    """Flags for the navigation bar, so it shows only what the user may use."""
    user = getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    return {
        "nav_can_admin": bool(authenticated and can_use_admin(user)),
        # A role in a committee (guests and administrators hold none): its work is theirs to see.
        # Lazy, and read from the per-request cache the page's own permission checks fill.
        "nav_in_committee": SimpleLazyObject(lambda: _holds_committee_role(user)) if authenticated else False,
        # Lazy: counted only when a page's navigation renders it.
        "nav_unread": SimpleLazyObject(lambda: unread_notification_count(user)) if authenticated else 0,
    }


def _holds_committee_role(user) -> bool:
    return any("view_committee_business" in codes for codes in committee_codenames_for_user(user).values())
