"""The reminder rule of written consultations (members.reminders), registered from
MeetingsConfig.ready() with the meetings' rules (meetings.reminders).

11. Written consultations (issue #13): while a consultation is open (sent, its summary not yet
    compiled), each member asked who has not sent an answer is reminded 3 days and 1 day before
    the deadline's day and on its morning (from midnight, Asia/Ho_Chi_Minh). A reminder whose day
    came before the consultation was sent is skipped (being asked told them); a sweep that was
    down fires only the latest stage due. An answer prepared by a focal officer and not sent does
    not count as answered: the member still has to send it.
    Once summarised, a consultation still undecided 3 working days later reminds the chair (and a
    deputy named by an acting period that day) once, as unsigned conclusions do (rule 5).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import ChairActingPeriod, RoleAssignment
from members.reminders import Reminder, ReminderRule, day_start, local_day, role_holders
from members.workdays import add_working_days

from .models import Consultation, Invitation, Meeting

#: The reminders before the deadline's day: days before it → the stage's name.
BEFORE_DEADLINE = {3: "3d", 1: "1d", 0: "today"}
RULE_NUMBER = 11  # 10 is the agency reports on request (reports.requests_reminders)
#: Working days after the summary before the chair is reminded to decide (as rule 5's conclusions).
DECISION_WORKING_DAYS = 3


def consultations_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 11: 3 days, 1 day before and on the deadline's day, to the members not answered."""
    today = local_day(at)
    horizon = day_start(today + datetime.timedelta(days=max(BEFORE_DEADLINE) + 1))
    consultations = list(
        Consultation.objects.filter(
            meeting__status=Meeting.Status.CONVENED, deadline__gt=at, deadline__lt=horizon
        )
        .select_related("meeting")
        .order_by("pk")
    )
    unanswered = (
        Invitation.objects.filter(
            meeting__in=[c.meeting for c in consultations], kind=Invitation.Kind.MEMBER, user__is_active=True
        )
        .filter(Q(consultation_answer__isnull=True) | Q(consultation_answer__sent_at__isnull=True))
        .select_related("user")
        .order_by("user_id")
    )
    waiting: dict[int, list] = {}
    for inv in unanswered:
        waiting.setdefault(inv.meeting_id, []).append(inv.user)
    due = []
    for consultation in consultations:
        meeting = consultation.meeting
        days_left = (local_day(consultation.deadline) - today).days
        before = next(days for days in sorted(BEFORE_DEADLINE) if days >= days_left)
        stage_day = local_day(consultation.deadline) - datetime.timedelta(days=before)
        if meeting.convened_at is not None and local_day(meeting.convened_at) >= stage_day:
            continue
        users = waiting.get(meeting.pk, [])
        if not users:
            continue
        due.append(
            Reminder(
                key=(
                    f"meetings.consultation:meeting={meeting.pk}:"
                    f"{local_day(consultation.deadline):%Y-%m-%d}:{BEFORE_DEADLINE[before]}"
                ),
                users=users,
                kind="meetings.consultation_reminder",
                params={"meeting": meeting.pk, "deadline": consultation.deadline},
                url=meeting.get_absolute_url(),
            )
        )
    return due


def decisions_due(at: datetime.datetime) -> list[Reminder]:
    """Summarised consultations still undecided 3 working days after the summary: the chair."""
    today = local_day(at)
    due = [
        c
        for c in Consultation.objects.filter(
            meeting__status=Meeting.Status.HELD, summary_compiled_at__isnull=False
        )
        .select_related("meeting")
        .order_by("pk")
        if add_working_days(local_day(c.summary_compiled_at), DECISION_WORKING_DAYS) <= today
    ]
    if not due:
        return []
    committee_ids = {c.meeting.committee_id for c in due}
    chairs = role_holders(committee_ids, [RoleAssignment.Role.CHAIR], today)
    acting: dict[int, list] = {}
    for period in (
        ChairActingPeriod.objects.covering(today)
        .filter(committee_id__in=committee_ids)
        .select_related("deputy")
    ):
        acting.setdefault(period.committee_id, []).append(period.deputy)
    return [
        Reminder(
            key=f"meetings.consultation_decision:meeting={c.meeting_id}",
            users=chairs.get(c.meeting.committee_id, []) + acting.get(c.meeting.committee_id, []),
            kind="meetings.consultation_undecided",
            params={"meeting": c.meeting_id, "date": local_day(c.summary_compiled_at)},
            url=c.meeting.get_absolute_url(),
        )
        for c in due
    ]


def consultation_reminders_due(at: datetime.datetime) -> list[Reminder]:
    return consultations_due(at) + decisions_due(at)


def consultation_reminder_rule() -> ReminderRule:
    """Registered with the meetings' rules (meetings.reminders.register_meeting_reminders)."""
    return ReminderRule(
        "meetings.consultations",
        RULE_NUMBER,
        _(
            "Written consultations: not answered 3 days, 1 day before and on the deadline; undecided 3 working days after the summary"
        ),
        consultation_reminders_due,
    )
