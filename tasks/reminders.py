"""The directives' and plans' reminder rules (members.reminders), registered from TasksConfig.ready().

6. Directives (Điều 7.6): an open directive reminds its lead agency (its member and focal
   officers) 7 days before its deadline (until the day before the 1-day reminder), 1 day before,
   and on the deadline; a reminder whose day came before the directive was given is skipped (the
   assignment just told them). Then, while it is overdue, it is urged each full week after the
   deadline (7, 14, … days) through tasks' urging service, so each urging is logged on the
   directive (`directives_urge_automatically`, many at once, as `directive_urge(actor=None)`
   does one); a sweep down for weeks urges once, for the current week. An extended deadline starts new occurrences (the key holds the deadline).
   A request for a new deadline pending 3 working days reminds whoever decides it: the chair, the
   deputies, and the standing member where the committee says so; a proposal to accept completed
   work pending 3 working days reminds the chair, the deputies and the standing member.
8. Plans (Điều 3.1, 5.1): a committee with no approved work plan for the year by 31 January
   reminds its standing member and chair, from the first working day after, once a year.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Committee, CommitteeUserObjectPermission, RoleAssignment, User
from members.permissions import AGENCY_ROLES
from members.reminders import (
    Reminder,
    ReminderRule,
    day_start,
    local_day,
    register_reminder_rule,
    role_holders,
)
from members.workdays import add_working_days, working_day_on_or_after

from .models import Directive, ExtensionRequest, WorkPlan
from .services import directives_urge_automatically

Role = RoleAssignment.Role
S = Directive.Status

#: The reminders before a deadline: days before it → the stage's name.
BEFORE_DEADLINE = {7: "7d", 1: "1d", 0: "today"}
URGE_EVERY_DAYS = 7
PENDING_WORKING_DAYS = 3
WORK_PLAN_DUE = (1, 31)  # 31 January


def _lead_people(directives: Iterable[Directive], on: datetime.date) -> dict[tuple[int, int], list[User]]:
    """{(committee, agency): its member and focal officers in force on `on`} for the directives'
    lead agencies, in one query (the people tasks.selectors.agency_people finds one at a time)."""
    pairs = {(d.committee_id, d.lead_organization_id) for d in directives}
    if not pairs:
        return {}
    found: dict[tuple[int, int], dict[int, User]] = defaultdict(dict)
    assignments = (
        RoleAssignment.objects.in_force(on)
        .filter(
            role__in=AGENCY_ROLES,
            committee_id__in={c for c, _o in pairs},
            organization_id__in={o for _c, o in pairs},
            user__is_active=True,
        )
        .select_related("user")
    )
    for a in assignments:
        found[(a.committee_id, a.organization_id)][a.user_id] = a.user
    return {pair: sorted(people.values(), key=lambda u: u.pk) for pair, people in found.items()}


def _holders(committee_ids: Iterable[int], codenames: Iterable[str]) -> dict[int, dict[str, list[User]]]:
    """{committee: {codename: the active people holding it}} in one query (the guardian table
    the roles in force fill, as tasks.selectors.committee_people_with reads it)."""
    found: dict[int, dict[str, dict[int, User]]] = defaultdict(lambda: defaultdict(dict))
    rows = (
        CommitteeUserObjectPermission.objects.filter(
            content_object_id__in=list(committee_ids),
            permission__codename__in=list(codenames),
            user__is_active=True,
        )
        .select_related("user", "permission")
        .order_by("user_id")
    )
    for row in rows:
        found[row.content_object_id][row.permission.codename][row.user_id] = row.user
    return {
        cid: {code: list(people.values()) for code, people in codes.items()} for cid, codes in found.items()
    }


# --- rule 6: deadlines, overdue urging ----------------------------------------------------------


def deadlines_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 6: 7 days before, 1 day before, on the deadline, to the lead agency."""
    today = local_day(at)
    directives = list(
        Directive.objects.filter(
            status__in=Directive.OPEN_STATUSES,
            deadline__gte=today,
            deadline__lte=today + datetime.timedelta(days=max(BEFORE_DEADLINE)),
        )
        .only("pk", "committee_id", "lead_organization_id", "deadline", "created_at")
        .order_by("pk")
    )
    due = []
    for directive in directives:
        days_left = (directive.deadline - today).days
        before = next(days for days in sorted(BEFORE_DEADLINE) if days >= days_left)
        stage_day = directive.deadline - datetime.timedelta(days=before)
        if local_day(directive.created_at) < stage_day:
            due.append((directive, before))
    people = _lead_people([d for d, _b in due], today)
    return [
        Reminder(
            key=f"tasks.deadline:directive={d.pk}:{d.deadline:%Y-%m-%d}:{BEFORE_DEADLINE[before]}",
            users=people.get((d.committee_id, d.lead_organization_id), []),
            kind="tasks.reminder_due_today" if before == 0 else "tasks.reminder_due_soon",
            params={"directive": d.pk, "deadline": d.deadline},
            url=d.get_absolute_url(),
        )
        for d, before in due
    ]


def _urge_overdue(reminders: list[Reminder]) -> set[str]:
    """The weekly urgings of a batch, logged on their directives at once; the keys of those urged."""
    urged = set(directives_urge_automatically(directive_ids=[r.params["directive"] for r in reminders]))
    return {r.key for r in reminders if r.params["directive"] in urged}


def overdue_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 6: each full week overdue, the portal urges the lead agency (logged on the directive)."""
    today = local_day(at)
    directives = list(
        Directive.objects.filter(
            status__in=Directive.OPEN_STATUSES,
            deadline__lte=today - datetime.timedelta(days=URGE_EVERY_DAYS),
        )
        .only("pk", "committee_id", "lead_organization_id", "deadline")
        .order_by("pk")
    )
    people = _lead_people(directives, today)
    return [
        Reminder(
            key=(
                f"tasks.overdue:directive={d.pk}:{d.deadline:%Y-%m-%d}:"
                f"week={(today - d.deadline).days // URGE_EVERY_DAYS}"
            ),
            users=people.get((d.committee_id, d.lead_organization_id), []),
            # What directive_urge tells them (an automatic urging has no note).
            kind="tasks.urged",
            params={"directive": d.pk, "note": "—"},
            url=d.get_absolute_url(),
            bulk=_urge_overdue,
        )
        for d in directives
    ]


# --- rule 6: decisions waiting ------------------------------------------------------------------


def extensions_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 6: a request for a new deadline pending 3 working days, to whoever decides it."""
    today = local_day(at)
    requests = [
        r
        for r in ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.PENDING,
            directive__status__in=Directive.OPEN_STATUSES,
            requested_at__lt=day_start(today - datetime.timedelta(days=PENDING_WORKING_DAYS - 1)),
        )
        .select_related("directive__committee")
        .order_by("pk")
        if add_working_days(local_day(r.requested_at), PENDING_WORKING_DAYS) <= today
    ]
    holders = _holders(
        {r.directive.committee_id for r in requests}, ("decide_directive", "follow_up_directives")
    )
    reminders = []
    for request in requests:
        directive = request.directive
        held = holders.get(directive.committee_id, {})
        users = list(held.get("decide_directive", []))
        if directive.committee.standing_member_decides_extensions:
            users += held.get("follow_up_directives", [])
        reminders.append(
            Reminder(
                key=f"tasks.extension:request={request.pk}",
                users=users,
                kind="tasks.reminder_extension_pending",
                params={
                    "directive": directive.pk,
                    "deadline": request.proposed_deadline,
                    "asked": local_day(request.requested_at),
                },
                url=directive.get_absolute_url(),
            )
        )
    return reminders


def acceptances_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 6: a proposal to accept completed work pending 3 working days, to the chair, the
    deputies and the standing member (who accept or return it)."""
    today = local_day(at)
    directives = [
        d
        for d in Directive.objects.filter(
            status=S.REPORTED_DONE,
            acceptance_proposed_at__lt=day_start(today - datetime.timedelta(days=PENDING_WORKING_DAYS - 1)),
        )
        .only("pk", "committee_id", "acceptance_proposed_at")
        .order_by("pk")
        if add_working_days(local_day(d.acceptance_proposed_at), PENDING_WORKING_DAYS) <= today
    ]
    holders = _holders({d.committee_id for d in directives}, ("decide_directive", "follow_up_directives"))
    reminders = []
    for d in directives:
        held = holders.get(d.committee_id, {})
        reminders.append(
            Reminder(
                key=f"tasks.acceptance:directive={d.pk}:{timezone.localtime(d.acceptance_proposed_at):%Y%m%dT%H%M%S}",
                users=held.get("decide_directive", []) + held.get("follow_up_directives", []),
                kind="tasks.reminder_acceptance_pending",
                params={"directive": d.pk, "date": local_day(d.acceptance_proposed_at)},
                url=d.get_absolute_url(),
            )
        )
    return reminders


# --- rule 8: the year's work plan ---------------------------------------------------------------


def work_plan_due(at: datetime.datetime) -> list[Reminder]:
    """Rule 8 (Điều 3.1, 5.1): no approved work plan for the year by 31 January."""
    today = local_day(at)
    deadline = datetime.date(today.year, *WORK_PLAN_DUE)
    if today < working_day_on_or_after(deadline + datetime.timedelta(days=1)):
        return []
    approved = WorkPlan.objects.filter(
        committee_id=OuterRef("pk"),
        kind=WorkPlan.Kind.WORK,
        year=today.year,
        status=WorkPlan.Status.APPROVED,
    )
    committees = list(Committee.objects.exclude(Exists(approved)).order_by("pk").values("pk", "name"))
    people = role_holders([c["pk"] for c in committees], (Role.STANDING_MEMBER, Role.CHAIR), today)
    return [
        Reminder(
            key=f"tasks.work_plan:committee={c['pk']}:{today.year}",
            users=people.get(c["pk"], []),
            kind="tasks.reminder_work_plan_missing",
            params={"committee": c["name"], "year": str(today.year), "deadline": deadline},
            url=reverse("tasks:plan-list", kwargs={"committee_pk": c["pk"]}),
        )
        for c in committees
    ]


def register_task_reminders() -> None:
    for rule in (
        ReminderRule("tasks.deadlines", 6, _("Directives due in 7 days, tomorrow, today"), deadlines_due),
        ReminderRule("tasks.overdue", 6, _("Overdue directives urged each week"), overdue_due),
        ReminderRule(
            "tasks.extensions",
            6,
            _("New deadlines asked, waiting 3 working days for a decision"),
            extensions_due,
        ),
        ReminderRule(
            "tasks.acceptance",
            6,
            _("Acceptance proposed, waiting 3 working days for a decision"),
            acceptances_due,
        ),
        ReminderRule("tasks.work_plan", 8, _("No approved work plan by 31 January"), work_plan_due),
    ):
        register_reminder_rule(rule)
