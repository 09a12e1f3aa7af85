from django.http import HttpRequest

from .permissions import can_use_admin


def navigation(request: HttpRequest) -> dict[str, object]:
    """Flags for the navigation bar, so it shows only what the user may use."""
    user = getattr(request, "user", None)
    return {"nav_can_admin": bool(user is not None and can_use_admin(user))}
