"""The meetings' reminder rules (members.reminders), registered from MeetingsConfig.ready().

1. Quarter (Điều 8.1): on the first working day of a quarter, and again from the first working day
   on or after the 30th day before its end, a committee with no regular meeting *convened or
   later* in the quarter (a draft is not yet scheduled; a cancelled one does not count) reminds
   its chair, deputies, standing member and support-group lead, with a link opening a new
   quarterly meeting draft.
2. Month (Điều 8.3): the same for the support group's monthly meeting (first working day; 10 days
   before the month's end), to the support-group lead and the standing member.
3. Invitations (Điều 6.5): 3 days and 1 day before a convened meeting, the invitees who have not
   answered and the members who send a substitute without their written opinion; the morning of
   the meeting (from 06:00), everyone attending, with the place or the link. A meeting convened
   on or after a reminder's day skips that reminder (the invitation itself just went out); a
   postponed meeting has new occurrences (the key holds its start).
4. An absence request waiting 24 h for the presiding person's decision, before the meeting.
5. Minutes not signed 5 working days after the meeting: its secretary and presiding person;
   conclusions drafted and not signed 3 working days after the minutes were signed: the chair
   (and the deputy acting for the chair that day, Điều 4.1).

Each rule's moment is a day; a sweep that day or later, while the condition holds and before the
next occurrence of the rule, fires it once (members.reminders, "Catch-up").
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import ChairActingPeriod, Committee, RoleAssignment, User
from members.reminders import (
    Reminder,
    ReminderRule,
    day_start,
    local_day,
    register_reminder_rule,
    role_holders,
)
from members.workdays import (
    add_working_days,
    month_bounds,
    quarter_bounds,
    quarter_of,
    working_day_on_or_after,
)

from .consultation_reminders import consultation_reminder_rule
from .models import ROMAN_QUARTERS, Conclusion, Invitation, Meeting, Minutes

Role = RoleAssignment.Role
S = Meeting.Status
R = Invitation.Response

#: A meeting counts as "scheduled or held" from convened on; a draft or a cancelled one does not.
NOT_SCHEDULED = (S.DRAFT, S.CANCELLED)
QUARTER_ROLES = (Role.CHAIR, Role.DEPUTY, Role.STANDING_MEMBER, Role.SECRETARIAT_LEAD)
MONTH_ROLES = (Role.SECRETARIAT_LEAD, Role.STANDING_MEMBER)
#: The morning reminder goes out from this hour on the meeting's day (earlier for a meeting that
#: starts before 07:00: an hour before it).
MORNING = datetime.time(6, 0)
ABSENCE_WAIT = datetime.timedelta(hours=24)
MINUTES_WORKING_DAYS = 5
CONCLUSIONS_WORKING_DAYS = 3


# --- rules 1 and 2: a regular meeting each quarter, the support group's each month ----------------


def _period_stage(
    today: datetime.date, first: datetime.date, last: datetime.date, before_end: int
) -> str | None:
    """Which reminder of a period is due on `today`: from the period's first working day, then
    from the first working day on or after `before_end` days before its last day; None before."""
    opening = working_day_on_or_after(first)
    closing = working_day_on_or_after(last - datetime.timedelta(days=before_end))
    if today > last or today < opening:
        return None
    if today >= closing:
        return f"{before_end}-days-before-end"
    return "first-working-day"


def _without_meeting(kind: str, first: datetime.date, last: datetime.date) -> list[dict]:
    scheduled = Meeting.objects.filter(
        committee_id=OuterRef("pk"),
        kind=kind,
        start_at__gte=day_start(first),
        start_at__lt=day_start(last + datetime.timedelta(days=1)),
    ).exclude(status__in=NOT_SCHEDULED)
    return list(Committee.objects.exclude(Exists(scheduled)).order_by("pk").values("pk", "name"))


def _new_meeting_url(committee_id: int, kind: str) -> str:
    return reverse("meetings:meeting-create", kwargs={"committee_pk": committee_id}) + f"?kind={kind}"


def quarter_meeting_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 1 (Điều 8.1): no regular committee meeting convened or held this quarter."""
    today = local_day(at)
    first, last = quarter_bounds(today)
    stage = _period_stage(today, first, last, 30)
    if stage is None:
        return []
    committees = _without_meeting(Meeting.Kind.QUARTERLY, first, last)
    people = role_holders([c["pk"] for c in committees], QUARTER_ROLES, today)
    quarter = quarter_of(today)
    return [
        Reminder(
            key=f"meetings.quarter:committee={c['pk']}:{today.year}Q{quarter}:{stage}",
            users=people.get(c["pk"], []),
            kind="meetings.reminder_quarter_meeting",
            params={
                "committee": c["name"],
                "quarter": f"{ROMAN_QUARTERS[quarter]}/{today.year}",
                "end": last,
            },
            url=_new_meeting_url(c["pk"], Meeting.Kind.QUARTERLY),
        )
        for c in committees
    ]


def month_meeting_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 2 (Điều 8.3): no support-group meeting convened or held this month."""
    today = local_day(at)
    first, last = month_bounds(today)
    stage = _period_stage(today, first, last, 10)
    if stage is None:
        return []
    committees = _without_meeting(Meeting.Kind.SUPPORT_MONTHLY, first, last)
    people = role_holders([c["pk"] for c in committees], MONTH_ROLES, today)
    return [
        Reminder(
            key=f"meetings.month:committee={c['pk']}:{today:%Y-%m}:{stage}",
            users=people.get(c["pk"], []),
            kind="meetings.reminder_month_meeting",
            params={"committee": c["name"], "month": f"{today:%m/%Y}", "end": last},
            url=_new_meeting_url(c["pk"], Meeting.Kind.SUPPORT_MONTHLY),
        )
        for c in committees
    ]


# --- rule 3: invitations ----------------------------------------------------------------------


def _invitation_stage(at: datetime.datetime, meeting: Meeting) -> tuple[str, datetime.date] | None:
    """The invitation reminder due for the meeting at `at` and the day it is for: "3d" from three
    days before until the day before, "1d" the day before, "today" from the morning until it starts."""
    today = local_day(at)
    start_day = local_day(meeting.start_at)
    days_left = (start_day - today).days
    if days_left in (2, 3):
        return "3d", start_day - datetime.timedelta(days=3)
    if days_left == 1:
        return "1d", today
    if days_left == 0:
        morning = min(
            timezone.make_aware(datetime.datetime.combine(start_day, MORNING)),
            meeting.start_at - datetime.timedelta(hours=1),
        )
        return ("today", today) if at >= morning else None
    return None


def _where(meeting: Meeting) -> str:
    return " — ".join(part for part in (meeting.place, meeting.online_link) if part) or "—"


def invitations_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 3 (Điều 6.5): the unanswered, the missing written opinions, the morning of the meeting."""
    today = local_day(at)
    meetings = list(
        Meeting.objects.filter(
            status=S.CONVENED,
            start_at__gt=at,
            start_at__lt=day_start(today + datetime.timedelta(days=4)),
        ).select_related("presiding", "secretary")
    )
    stages = {}
    for meeting in meetings:
        stage = _invitation_stage(at, meeting)
        if stage is not None and meeting.convened_at and local_day(meeting.convened_at) < stage[1]:
            stages[meeting.pk] = stage[0]
    if not stages:
        return []
    by_meeting: dict[int, list[Invitation]] = {pk: [] for pk in stages}
    for invitation in (
        Invitation.objects.filter(meeting_id__in=list(stages)).select_related("user").order_by("pk")
    ):
        by_meeting[invitation.meeting_id].append(invitation)
    reminders = []
    for meeting in meetings:
        stage = stages.get(meeting.pk)
        if stage is None:
            continue
        invitations = by_meeting[meeting.pk]
        base = f"meetings.invitations:meeting={meeting.pk}:{timezone.localtime(meeting.start_at):%Y%m%dT%H%M}:{stage}"
        url = meeting.get_absolute_url()
        if stage == "today":
            attending = [meeting.presiding, meeting.secretary] + [
                inv.user
                for inv in invitations
                if inv.response == R.ATTEND
                or (inv.response == R.ABSENT and inv.absence_decision == Invitation.AbsenceDecision.REFUSED)
            ]
            reminders.append(
                Reminder(
                    key=f"{base}:attending",
                    users=attending,
                    kind="meetings.reminder_today",
                    params={"meeting": meeting.pk, "time": meeting.start_at, "where": _where(meeting)},
                    url=url,
                )
            )
            continue
        unanswered = [
            inv.user
            for inv in invitations
            if inv.response == R.PENDING and inv.user_id != meeting.presiding_id
        ]
        no_opinion = [
            inv.user for inv in invitations if inv.response == R.SUBSTITUTE and not inv.has_written_opinion
        ]
        params = {"meeting": meeting.pk, "time": meeting.start_at}
        if unanswered:
            reminders.append(
                Reminder(
                    key=f"{base}:unanswered",
                    users=unanswered,
                    kind="meetings.reminder_unanswered",
                    params={**params, "place": _where(meeting)},
                    url=url,
                )
            )
        if no_opinion:
            reminders.append(
                Reminder(
                    key=f"{base}:opinion",
                    users=no_opinion,
                    kind="meetings.reminder_opinion_missing",
                    params=params,
                    url=url,
                )
            )
    return reminders


# --- rule 4: an absence waiting for the presiding person ----------------------------------------


def absences_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 4 (Điều 6.5): an absence asked 24 h ago or more, still undecided, before the meeting."""
    waiting = (
        Invitation.objects.filter(
            response=R.ABSENT,
            absence_decision=Invitation.AbsenceDecision.PENDING,
            responded_at__lte=at - ABSENCE_WAIT,
            meeting__status__in=(S.DRAFT, S.CONVENED),
            meeting__start_at__gt=at,
        )
        .select_related("user", "meeting__presiding")
        .order_by("pk")
    )
    return [
        Reminder(
            key=f"meetings.absence:invitation={inv.pk}:{timezone.localtime(inv.responded_at):%Y%m%dT%H%M%S}",
            users=[inv.meeting.presiding],
            kind="meetings.reminder_absence_pending",
            params={"person": str(inv.user), "meeting": inv.meeting_id, "asked": inv.responded_at},
            url=reverse("meetings:meeting-roll", kwargs={"pk": inv.meeting_id}),
        )
        for inv in waiting
    ]


# --- rule 5: minutes and conclusions left unsigned ----------------------------------------------


def minutes_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 5 (Điều 4.2, 7): minutes still unsigned 5 working days after the meeting."""
    today = local_day(at)
    meetings = (
        Meeting.objects.filter(
            status__in=(S.HELD, S.MINUTES_DRAFTED),
            end_at__lt=day_start(today - datetime.timedelta(days=MINUTES_WORKING_DAYS - 1)),
        )
        .exclude(kind=Meeting.Kind.WRITTEN_CONSULTATION)  # summarised, never minuted
        .select_related("presiding", "secretary")
        .order_by("pk")
    )
    reminders = []
    for meeting in meetings:
        held_on = local_day(meeting.end_at)
        if add_working_days(held_on, MINUTES_WORKING_DAYS) > today:
            continue
        reminders.append(
            Reminder(
                key=f"meetings.minutes:meeting={meeting.pk}",
                users=[meeting.secretary, meeting.presiding],
                kind="meetings.reminder_minutes_unsigned",
                params={"meeting": meeting.pk, "date": held_on},
                url=reverse("meetings:minutes-detail", kwargs={"pk": meeting.pk}),
            )
        )
    return reminders


def conclusions_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 5 (Điều 3, 4.2): conclusions drafted, not signed 3 working days after the minutes."""
    today = local_day(at)
    meetings = {
        m.pk: m
        for m in Meeting.objects.filter(status=S.MINUTES_SIGNED)
        .filter(Exists(Conclusion.objects.filter(meeting_id=OuterRef("pk"))))
        .order_by("pk")
    }
    if not meetings:
        return []
    signed: dict[int, datetime.date] = {}
    minutes = Minutes.objects.filter(
        meeting_id__in=list(meetings), addendum_to__isnull=True, status=Minutes.Status.SIGNED
    ).values_list("meeting_id", "secretary_signed_at", "presiding_signed_at")
    for meeting_id, by_secretary, by_presiding in minutes:
        signed[meeting_id] = local_day(max(by_secretary, by_presiding))
    due = {pk: on for pk, on in signed.items() if add_working_days(on, CONCLUSIONS_WORKING_DAYS) <= today}
    if not due:
        return []
    committee_ids = {meetings[pk].committee_id for pk in due}
    chairs = role_holders(committee_ids, [Role.CHAIR], today)
    acting: dict[int, list[User]] = {}
    for period in (
        ChairActingPeriod.objects.covering(today)
        .filter(committee_id__in=committee_ids)
        .select_related("deputy")
    ):
        acting.setdefault(period.committee_id, []).append(period.deputy)
    return [
        Reminder(
            key=f"meetings.conclusions:meeting={pk}",
            users=chairs.get(meetings[pk].committee_id, []) + acting.get(meetings[pk].committee_id, []),
            kind="meetings.reminder_conclusions_unsigned",
            params={"meeting": pk, "date": on},
            url=reverse("meetings:conclusions-edit", kwargs={"pk": pk}),
        )
        for pk, on in sorted(due.items())
    ]


def register_meeting_reminders() -> None:
    for rule in (
        ReminderRule(
            "meetings.quarter",
            1,
            _("Regular committee meeting each quarter (Article 8.1)"),
            quarter_meeting_due,
        ),
        ReminderRule(
            "meetings.month", 2, _("Support group meeting each month (Article 8.3)"), month_meeting_due
        ),
        ReminderRule(
            "meetings.invitations",
            3,
            _("Invitations: answers, written opinions, the day of the meeting"),
            invitations_due,
        ),
        ReminderRule(
            "meetings.absence",
            4,
            _("Absence requests waiting 24 hours for the presiding person"),
            absences_due,
        ),
        ReminderRule(
            "meetings.minutes", 5, _("Minutes unsigned 5 working days after the meeting"), minutes_due
        ),
        ReminderRule(
            "meetings.conclusions",
            5,
            _("Conclusions unsigned 3 working days after the minutes"),
            conclusions_due,
        ),
        consultation_reminder_rule(),
    ):
        register_reminder_rule(rule)
