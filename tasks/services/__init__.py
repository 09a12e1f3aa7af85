"""The tasks app's writes: directives (directives.py) and annual plans (plans.py)."""

from .directives import (
    acceptance_propose,
    contribution_add,
    directive_accept,
    directive_cancel,
    directive_create,
    directive_report_done,
    directive_return,
    directive_start,
    directive_update,
    directive_urge,
    directives_from_notice,
    extension_decide,
    extension_request,
    progress_post,
)

__all__ = [
    "acceptance_propose",
    "contribution_add",
    "directive_accept",
    "directive_cancel",
    "directive_create",
    "directive_report_done",
    "directive_return",
    "directive_start",
    "directive_update",
    "directive_urge",
    "directives_from_notice",
    "extension_decide",
    "extension_request",
    "progress_post",
]
