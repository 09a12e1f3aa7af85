"""Writes and state transitions of the meetings app: one service per transition.

Each service re-reads its row under `select_for_update()`, refuses an illegal move or a person
without the right with a message they can read, writes who and when, and leaves side effects
(notifications, e-mail) to `transaction.on_commit`.

The services live in one module per subject (meetings, invitations, minutes, conclusions,
proposals, calendar; the minutes' HTML cleaner is meetings/sanitize.py); every public name is re-exported
here, so callers write `from meetings import services` and `services.meeting_convene(...)`.
"""

from documents.services import register_next_number

from ..models import MeetingError
from ..sanitize import MINUTES_TAGS, sanitize_minutes_html
from ..selectors.meetings import MEMBER_ROLES, SUPPORT_ROLES, default_invitees, invitation_answer_refusal
from ._shared import MOVES
from .calendar import calendar_token_revoke, calendar_token_rotate
from .conclusions import (
    conclusion_add,
    conclusion_delete,
    conclusion_move,
    conclusion_update,
    conclusions_sign,
    due_date_refusals,
)
from .consultations import (
    consultation_answer_save,
    consultation_create,
    consultation_send,
    consultation_summary_compile,
    consultation_update,
    summary_text,
)
from .invitations import (
    absence_decide,
    attendance_record,
    guest_account_create,
    guest_invite,
    guest_remove,
    invitation_respond,
    invitees_set,
)
from .meetings import (
    EDITABLE_FIELDS,
    NOTIFIED_FIELDS,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    check_period,
    meeting_cancel,
    meeting_convene,
    meeting_create,
    meeting_postpone,
    meeting_update,
    paper_add,
    paper_move,
    paper_update,
)
from .minutes import (
    MinutesStale,
    add_working_days,
    minutes_addendum_create,
    minutes_comment_add,
    minutes_comment_answer,
    minutes_open_review,
    minutes_prefill,
    minutes_review_close,
    minutes_sign,
    minutes_start,
    minutes_update,
)
from .proposals import proposal_create, proposal_decide

__all__ = [
    "consultation_answer_save",
    "consultation_create",
    "consultation_send",
    "consultation_summary_compile",
    "consultation_update",
    "summary_text",
    "EDITABLE_FIELDS",
    "MEMBER_ROLES",
    "MINUTES_TAGS",
    "MOVES",
    "NOTIFIED_FIELDS",
    "SUPPORT_ROLES",
    "MeetingError",
    "MinutesStale",
    "absence_decide",
    "add_working_days",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "attendance_record",
    "calendar_token_revoke",
    "calendar_token_rotate",
    "check_period",
    "conclusion_add",
    "conclusion_delete",
    "conclusion_move",
    "conclusion_update",
    "conclusions_sign",
    "default_invitees",
    "due_date_refusals",
    "guest_account_create",
    "guest_invite",
    "guest_remove",
    "invitation_answer_refusal",
    "invitation_respond",
    "invitees_set",
    "meeting_cancel",
    "meeting_convene",
    "meeting_create",
    "meeting_postpone",
    "meeting_update",
    "minutes_addendum_create",
    "minutes_comment_add",
    "minutes_comment_answer",
    "minutes_open_review",
    "minutes_prefill",
    "minutes_review_close",
    "minutes_sign",
    "minutes_start",
    "minutes_update",
    "paper_add",
    "paper_move",
    "paper_update",
    "proposal_create",
    "proposal_decide",
    "register_next_number",
    "sanitize_minutes_html",
]
