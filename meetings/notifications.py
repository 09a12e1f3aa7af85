"""The notifications the meetings send, registered with members.notifications from
MeetingsConfig.ready(): each kind's English template (translated when read) and which of its
parameters are instants, days or the meeting (shown by its name in the reader's language)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_noop

from members.notifications import NotificationKind, register_notification_kind

from .models import Meeting


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
        ),
        NotificationKind(
            "meetings.presiding",
            gettext_noop("You preside over %(meeting)s at %(time)s, %(place)s."),
            datetimes=("time",),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.details_changed",
            gettext_noop("%(meeting)s has new details: from %(start)s to %(end)s, %(where)s."),
            datetimes=("start", "end"),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.postponed",
            gettext_noop("%(meeting)s is postponed from %(old)s to %(new)s. Reason: %(reason)s"),
            datetimes=("old", "new"),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.cancelled",
            gettext_noop("%(meeting)s is cancelled. Reason: %(reason)s"),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.absence_requested",
            gettext_noop("%(person)s asks to be absent from %(meeting)s: %(reason)s"),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.absence_approved",
            gettext_noop("Your absence from %(meeting)s is approved."),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.absence_refused",
            gettext_noop("Your absence from %(meeting)s is refused: please attend."),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.minutes_review_opened",
            gettext_noop("The draft minutes of %(meeting)s are open for your comments until %(date)s."),
            dates=("date",),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.minutes_review_closed",
            gettext_noop("%(person)s closed the comments on the minutes of %(meeting)s: they can be signed."),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.minutes_comment_taken",
            gettext_noop("Your comment on the minutes of %(meeting)s is taken into account."),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.minutes_comment_not_taken",
            gettext_noop("Your comment on the minutes of %(meeting)s is not taken into account."),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.minutes_signed", gettext_noop("The minutes of %(meeting)s are signed."), objects=meeting
        ),
        NotificationKind(
            "meetings.notice_issued",
            gettext_noop("Notice %(symbol)s of the conclusions of %(meeting)s is issued."),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.proposal_made", gettext_noop("%(person)s proposes an extraordinary meeting: %(reason)s")
        ),
        NotificationKind(
            "meetings.proposal_accepted",
            gettext_noop("Your proposal of an extraordinary meeting is accepted."),
        ),
        NotificationKind(
            "meetings.proposal_accepted_with_note",
            gettext_noop("Your proposal of an extraordinary meeting is accepted. %(note)s"),
        ),
        NotificationKind(
            "meetings.proposal_declined",
            gettext_noop("Your proposal of an extraordinary meeting is declined."),
        ),
        NotificationKind(
            "meetings.proposal_declined_with_note",
            gettext_noop("Your proposal of an extraordinary meeting is declined. %(note)s"),
        ),
        # The reminders (meetings.reminders).
        NotificationKind(
            "meetings.reminder_quarter_meeting",
            gettext_noop(
                "%(committee)s has no regular meeting convened for quarter %(quarter)s, which ends on "
                "%(end)s (Article 8.1 of the regulation): prepare it."
            ),
            dates=("end",),
        ),
        NotificationKind(
            "meetings.reminder_month_meeting",
            gettext_noop(
                "The support group of %(committee)s has no meeting convened for %(month)s, which ends "
                "on %(end)s (Article 8.3 of the regulation): prepare it."
            ),
            dates=("end",),
        ),
        NotificationKind(
            "meetings.reminder_unanswered",
            gettext_noop(
                "You have not answered the invitation to %(meeting)s at %(time)s, %(place)s: please answer."
            ),
            datetimes=("time",),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.reminder_opinion_missing",
            gettext_noop(
                "You send a substitute to %(meeting)s at %(time)s: your written opinion is still "
                "missing (Article 6.5 of the regulation)."
            ),
            datetimes=("time",),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.reminder_today",
            gettext_noop("Today: %(meeting)s at %(time)s, %(where)s."),
            datetimes=("time",),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.reminder_absence_pending",
            gettext_noop(
                "%(person)s asked on %(asked)s to be absent from %(meeting)s: please approve or refuse."
            ),
            datetimes=("asked",),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.reminder_minutes_unsigned",
            gettext_noop(
                "The minutes of %(meeting)s, held on %(date)s, are still not signed five working days later."
            ),
            dates=("date",),
            objects=meeting,
        ),
        NotificationKind(
            "meetings.reminder_conclusions_unsigned",
            gettext_noop(
                "The conclusions of %(meeting)s are still not signed, three working days after its "
                "minutes were signed on %(date)s."
            ),
            dates=("date",),
            objects=meeting,
        ),
    ]


def register_meeting_notifications() -> None:
    for kind in _kinds():
        register_notification_kind(kind)
