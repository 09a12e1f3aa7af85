"""The notifications the meetings send, registered with members.notifications from
MeetingsConfig.ready(): each kind's English template (translated when read) and which of its
parameters are instants, days or the meeting (shown by its name in the reader's language)."""

from __future__ import annotations

from collections.abc import Mapping
from email.mime.base import MIMEBase

from django.utils.translation import gettext_noop

from members.emails import calendar_part, register_email_attachments
from members.models import Notification
from members.notifications import NotificationKind, register_notification_kind

from .models import Meeting
from .selectors.calendar import meeting_itip

#: The kinds whose e-mail carries the meeting's .ics, to add, move or remove it in a calendar.
CALENDAR_KINDS = (
    "meetings.invited",
    "meetings.presiding",
    "meetings.details_changed",
    "meetings.postponed",
    "meetings.cancelled",
    # The reminders about a coming meeting carry it too, so it lands in the calendar from them.
    "meetings.reminder_unanswered",
    "meetings.reminder_opinion_missing",
    "meetings.reminder_today",
)


def meetings_by_id(ids: set[int]) -> Mapping[int, Meeting]:
    return Meeting.objects.in_bulk(ids)


def _kinds() -> list[NotificationKind]:
    meeting = {"meeting": meetings_by_id}
    return [
        NotificationKind(
            "meetings.invited",
            gettext_noop("You are invited to %(meeting)s at %(time)s, %(place)s."),
            datetimes=("time",),
            objects=meeting,
            label=gettext_noop("Meeting invitation"),
        ),
        NotificationKind(
            "meetings.presiding",
            gettext_noop("You preside over %(meeting)s at %(time)s, %(place)s."),
            datetimes=("time",),
            objects=meeting,
            label=gettext_noop("Presiding over a meeting"),
        ),
        NotificationKind(
            "meetings.details_changed",
            gettext_noop("%(meeting)s has new details: from %(start)s to %(end)s, %(where)s."),
            datetimes=("start", "end"),
            objects=meeting,
            label=gettext_noop("Meeting details changed"),
        ),
        NotificationKind(
            "meetings.postponed",
            gettext_noop("%(meeting)s is postponed from %(old)s to %(new)s. Reason: %(reason)s"),
            datetimes=("old", "new"),
            objects=meeting,
            label=gettext_noop("Meeting postponed"),
        ),
        NotificationKind(
            "meetings.cancelled",
            gettext_noop("%(meeting)s is cancelled. Reason: %(reason)s"),
            objects=meeting,
            label=gettext_noop("Meeting cancelled"),
        ),
        NotificationKind(
            "meetings.absence_requested",
            gettext_noop("%(person)s asks to be absent from %(meeting)s: %(reason)s"),
            objects=meeting,
            label=gettext_noop("Request to be absent"),
        ),
        NotificationKind(
            "meetings.absence_approved",
            gettext_noop("Your absence from %(meeting)s is approved."),
            objects=meeting,
            label=gettext_noop("Decision on your absence"),
        ),
        NotificationKind(
            "meetings.absence_refused",
            gettext_noop("Your absence from %(meeting)s is refused: please attend."),
            objects=meeting,
            label=gettext_noop("Decision on your absence"),
            preference="meetings.absence_approved",
        ),
        NotificationKind(
            "meetings.minutes_review_opened",
            gettext_noop("The draft minutes of %(meeting)s are open for your comments until %(date)s."),
            dates=("date",),
            objects=meeting,
            label=gettext_noop("Minutes open for comments"),
        ),
        NotificationKind(
            "meetings.minutes_review_closed",
            gettext_noop("%(person)s closed the comments on the minutes of %(meeting)s: they can be signed."),
            objects=meeting,
            label=gettext_noop("Comments on minutes closed"),
        ),
        NotificationKind(
            "meetings.minutes_comment_taken",
            gettext_noop("Your comment on the minutes of %(meeting)s is taken into account."),
            objects=meeting,
            label=gettext_noop("Answer to your comment on minutes"),
        ),
        NotificationKind(
            "meetings.minutes_comment_not_taken",
            gettext_noop("Your comment on the minutes of %(meeting)s is not taken into account."),
            objects=meeting,
            label=gettext_noop("Answer to your comment on minutes"),
            preference="meetings.minutes_comment_taken",
        ),
        NotificationKind(
            "meetings.minutes_signed",
            gettext_noop("The minutes of %(meeting)s are signed."),
            objects=meeting,
            label=gettext_noop("Minutes signed"),
        ),
        NotificationKind(
            "meetings.notice_issued",
            gettext_noop("Notice %(symbol)s of the conclusions of %(meeting)s is issued."),
            objects=meeting,
            label=gettext_noop("Notice of conclusions issued"),
        ),
        NotificationKind(
            "meetings.proposal_made",
            gettext_noop("%(person)s proposes an extraordinary meeting: %(reason)s"),
            label=gettext_noop("Proposal of an extraordinary meeting"),
        ),
        NotificationKind(
            "meetings.proposal_accepted",
            gettext_noop("Your proposal of an extraordinary meeting is accepted."),
            label=gettext_noop("Decision on your meeting proposal"),
        ),
        NotificationKind(
            "meetings.proposal_accepted_with_note",
            gettext_noop("Your proposal of an extraordinary meeting is accepted. %(note)s"),
            label=gettext_noop("Decision on your meeting proposal"),
            preference="meetings.proposal_accepted",
        ),
        NotificationKind(
            "meetings.proposal_declined",
            gettext_noop("Your proposal of an extraordinary meeting is declined."),
            label=gettext_noop("Decision on your meeting proposal"),
            preference="meetings.proposal_accepted",
        ),
        NotificationKind(
            "meetings.proposal_declined_with_note",
            gettext_noop("Your proposal of an extraordinary meeting is declined. %(note)s"),
            label=gettext_noop("Decision on your meeting proposal"),
            preference="meetings.proposal_accepted",
        ),
        # The reminders (meetings.reminders).
        NotificationKind(
            "meetings.reminder_quarter_meeting",
            gettext_noop(
                "%(committee)s has no regular meeting convened for quarter %(quarter)s, which ends on "
                "%(end)s (Article 8.1 of the regulation): prepare it."
            ),
            dates=("end",),
            label=gettext_noop("Reminder: the quarter's committee meeting"),
        ),
        NotificationKind(
            "meetings.reminder_month_meeting",
            gettext_noop(
                "The support group of %(committee)s has no meeting convened for %(month)s, which ends "
                "on %(end)s (Article 8.3 of the regulation): prepare it."
            ),
            dates=("end",),
            label=gettext_noop("Reminder: the support group's monthly meeting"),
        ),
        NotificationKind(
            "meetings.reminder_unanswered",
            gettext_noop(
                "You have not answered the invitation to %(meeting)s at %(time)s, %(place)s: please answer."
            ),
            datetimes=("time",),
            objects=meeting,
            label=gettext_noop("Reminder: an invitation to answer"),
        ),
        NotificationKind(
            "meetings.reminder_opinion_missing",
            gettext_noop(
                "You send a substitute to %(meeting)s at %(time)s: your written opinion is still "
                "missing (Article 6.5 of the regulation)."
            ),
            datetimes=("time",),
            objects=meeting,
            label=gettext_noop("Reminder: a written opinion missing"),
        ),
        NotificationKind(
            "meetings.consultation_asked",
            gettext_noop("Your opinion is asked in writing: %(meeting)s, answer by %(deadline)s."),
            datetimes=("deadline",),
            objects=meeting,
            label=gettext_noop("Written consultation"),
        ),
        NotificationKind(
            "meetings.consultation_cancelled",
            gettext_noop(
                "The written consultation %(meeting)s is withdrawn; no answer is needed. Reason: %(reason)s"
            ),
            objects=meeting,
            label=gettext_noop("Written consultation withdrawn"),
        ),
        NotificationKind(
            "meetings.consultation_prepared",
            gettext_noop(
                "Your agency's focal officer prepared your answer to %(meeting)s: check it and send it by %(deadline)s."
            ),
            datetimes=("deadline",),
            objects=meeting,
            label=gettext_noop("Written consultation: answer prepared"),
        ),
        NotificationKind(
            "meetings.consultation_reminder",
            gettext_noop("Reminder: answer %(meeting)s by %(deadline)s."),
            datetimes=("deadline",),
            objects=meeting,
            label=gettext_noop("Reminder: a written consultation to answer"),
        ),
        NotificationKind(
            "meetings.consultation_undecided",
            gettext_noop(
                "The answers to %(meeting)s were summarised on %(date)s: it still awaits your decision."
            ),
            dates=("date",),
            objects=meeting,
            label=gettext_noop("Reminder: a written consultation to decide"),
        ),
        NotificationKind(
            "meetings.consultation_compiled",
            gettext_noop("The answers to %(meeting)s are summarised: it awaits the decision."),
            objects=meeting,
            label=gettext_noop("Written consultation summarised"),
        ),
        NotificationKind(
            "meetings.reminder_today",
            gettext_noop("Today: %(meeting)s at %(time)s, %(where)s."),
            datetimes=("time",),
            objects=meeting,
            label=gettext_noop("Reminder: a meeting today"),
        ),
        NotificationKind(
            "meetings.reminder_absence_pending",
            gettext_noop(
                "%(person)s asked on %(asked)s to be absent from %(meeting)s: please approve or refuse."
            ),
            datetimes=("asked",),
            objects=meeting,
            label=gettext_noop("Reminder: an absence to decide"),
        ),
        NotificationKind(
            "meetings.reminder_minutes_unsigned",
            gettext_noop(
                "The minutes of %(meeting)s, held on %(date)s, are still not signed five working days later."
            ),
            dates=("date",),
            objects=meeting,
            label=gettext_noop("Reminder: minutes not signed"),
        ),
        NotificationKind(
            "meetings.reminder_conclusions_unsigned",
            gettext_noop(
                "The conclusions of %(meeting)s are still not signed, three working days after its "
                "minutes were signed on %(date)s."
            ),
            dates=("date",),
            objects=meeting,
            label=gettext_noop("Reminder: conclusions not signed"),
        ),
    ]


def meeting_calendar_attachment(note: Notification) -> list[MIMEBase]:
    """The meeting's .ics as it is when the e-mail goes (REQUEST, or CANCEL once cancelled)."""
    meeting = (
        Meeting.objects.filter(pk=note.params.get("meeting"))
        .select_related("committee")
        .prefetch_related("agenda_items")
        .first()
    )
    if meeting is None:
        return []
    method, ics = meeting_itip(meeting, attendee_email=note.user.email)
    return [calendar_part(ics, method=method, filename=f"meeting-{meeting.pk}.ics")]


def register_meeting_notifications() -> None:
    for kind in _kinds():
        register_notification_kind(kind)
    register_email_attachments(CALENDAR_KINDS, meeting_calendar_attachment)
