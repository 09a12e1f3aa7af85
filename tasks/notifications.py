"""The notifications of directives, registered with members.notifications from TasksConfig.ready()."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_noop

from members.notifications import NotificationKind, register_notification_kind

from .models import Directive, WorkPlan


def directives_by_id(ids: set[int]) -> Mapping[int, Directive]:
    return Directive.objects.in_bulk(ids)


def plans_by_id(ids: set[int]) -> Mapping[int, WorkPlan]:
    return WorkPlan.objects.in_bulk(ids)


def _kinds() -> list[NotificationKind]:
    directive = {"directive": directives_by_id}
    return [
        NotificationKind(
            "tasks.assigned",
            gettext_noop("Your agency leads a new directive: %(directive)s."),
            objects=directive,
            label=gettext_noop("New directive led by your agency"),
        ),
        NotificationKind(
            "tasks.coordinating",
            gettext_noop("Your agency coordinates a new directive: %(directive)s."),
            objects=directive,
            label=gettext_noop("New directive coordinated by your agency"),
        ),
        NotificationKind(
            "tasks.contribution",
            gettext_noop("%(agency)s added a contribution to %(directive)s."),
            objects=directive,
            label=gettext_noop("Contribution to a directive"),
        ),
        NotificationKind(
            "tasks.reported_done",
            gettext_noop("%(directive)s is reported done."),
            objects=directive,
            label=gettext_noop("Directive reported done"),
        ),
        NotificationKind(
            "tasks.acceptance_proposed",
            gettext_noop("The secretariat proposes accepting %(directive)s."),
            objects=directive,
            label=gettext_noop("Acceptance proposed"),
        ),
        NotificationKind(
            "tasks.accepted",
            gettext_noop("%(directive)s is accepted as done."),
            objects=directive,
            label=gettext_noop("Directive accepted as done"),
        ),
        NotificationKind(
            "tasks.returned",
            gettext_noop("%(directive)s is returned. Reason: %(reason)s"),
            objects=directive,
            label=gettext_noop("Directive returned"),
        ),
        NotificationKind(
            "tasks.cancelled",
            gettext_noop("%(directive)s is cancelled. Reason: %(reason)s"),
            objects=directive,
            label=gettext_noop("Directive cancelled"),
        ),
        NotificationKind(
            "tasks.extension_requested",
            gettext_noop("A new deadline (%(deadline)s) is asked for %(directive)s."),
            dates=("deadline",),
            objects=directive,
            label=gettext_noop("Request for a new deadline"),
        ),
        NotificationKind(
            "tasks.extension_approved",
            gettext_noop("The new deadline %(deadline)s of %(directive)s is approved."),
            dates=("deadline",),
            objects=directive,
            label=gettext_noop("Decision on a new deadline"),
        ),
        NotificationKind(
            "tasks.extension_refused",
            gettext_noop("The new deadline %(deadline)s of %(directive)s is refused. Reason: %(reason)s"),
            dates=("deadline",),
            objects=directive,
            label=gettext_noop("Decision on a new deadline"),
            preference="tasks.extension_approved",
        ),
        NotificationKind(
            "tasks.follow_up_team",
            gettext_noop("Your sub-team %(team)s follows up %(directive)s."),
            objects=directive,
            label=gettext_noop("Directive given to your sub-team"),
        ),
        NotificationKind(
            "tasks.urged",
            gettext_noop("You are urged to complete %(directive)s. %(note)s"),
            objects=directive,
            label=gettext_noop("Urging"),
        ),
        NotificationKind(
            "tasks.plan_approved",
            gettext_noop("“%(plan)s” is approved and issued as %(symbol)s."),
            objects={"plan": plans_by_id},
            label=gettext_noop("Plan approved"),
        ),
        # The reminders (tasks.reminders).
        NotificationKind(
            "tasks.reminder_due_soon",
            gettext_noop("%(directive)s is due on %(deadline)s."),
            dates=("deadline",),
            objects=directive,
            label=gettext_noop("Reminder: a directive due soon"),
        ),
        NotificationKind(
            "tasks.reminder_due_today",
            gettext_noop("%(directive)s is due today, %(deadline)s."),
            dates=("deadline",),
            objects=directive,
            label=gettext_noop("Reminder: a directive due today"),
        ),
        NotificationKind(
            "tasks.reminder_extension_pending",
            gettext_noop(
                "The new deadline %(deadline)s asked on %(asked)s for %(directive)s is waiting for your decision."
            ),
            dates=("deadline", "asked"),
            objects=directive,
            label=gettext_noop("Reminder: an extension to decide"),
        ),
        NotificationKind(
            "tasks.reminder_acceptance_pending",
            gettext_noop("Accepting %(directive)s, proposed on %(date)s, is waiting for your decision."),
            dates=("date",),
            objects=directive,
            label=gettext_noop("Reminder: completed work to accept"),
        ),
        NotificationKind(
            "tasks.reminder_work_plan_missing",
            gettext_noop("%(committee)s has no approved work plan for %(year)s: it was due by %(deadline)s."),
            dates=("deadline",),
            label=gettext_noop("Reminder: no approved work plan"),
        ),
    ]


def register_task_notifications() -> None:
    for kind in _kinds():
        register_notification_kind(kind)
