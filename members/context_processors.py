from django.http import HttpRequest

from .permissions import can_view_assignment_history


def navigation(request: HttpRequest) -> dict[str, object]:
    """Flags for the navigation bar, so it shows only what the user may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_can_admin": False}
    return {"nav_can_admin": bool(user.is_staff and user.is_active)}
