from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .permissions import can_use_admin
from .selectors import unread_notification_count


def navigation(request: HttpRequest) -> dict[str, object]:
    """Flags for the navigation bar, so it shows only what the user may use."""
    user = getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    return {
        "nav_can_admin": bool(authenticated and can_use_admin(user)),
        # Lazy: counted only when a page's navigation renders it.
        "nav_unread": SimpleLazyObject(lambda: unread_notification_count(user)) if authenticated else 0,
    }
