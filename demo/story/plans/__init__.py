"""The e-Government committee's annual plans (Điều 3.1, 5.1, 7.1): this year's work plan, drafted
by the secretariat and completed by the standing member in January, approved by the chair as a
numbered KH document (archived as PDF/A at once), five of its nine items given as directives the
week after and followed up by their agencies (one done on time, the quarter just ended overdue and
urged, earlier ones done late, later ones in progress: work.py); and an inspection plan (this
year's in its first half, next year's after), a draft of three items waiting for the chair.
Replayed through tasks.services as the demo people, each row at its moment (`DemoClock.at`), on
one timeline.

Idempotent: a committee that has a plan already is left untouched.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from members.models import Committee, Notification, Organization, User
from tasks import jobs, services
from tasks.models import Directive, WorkPlan, WorkPlanItem
from tasks.services.plans import PlanDirectiveRow, plan_item_directive_defaults

from ...clock import DemoClock
from ...follow_up import Move, play
from ...people import EGOV
from ...replay import settle_notifications
from .days import PlanDays
from .tables import AddItems, Approve, Draft, Edit, GiveDirectives, ItemRow, PlanStep, plan_steps
from .work import plan_moves


@dataclass
class Replayed:
    """What the replay made so far, by the story's keys."""

    committee: Committee
    people: Mapping[str, User]
    orgs: Mapping[str, Organization]
    plans: dict[str, WorkPlan] = field(default_factory=dict)
    items: dict[str, list[tuple[WorkPlanItem, ItemRow]]] = field(default_factory=dict)
    directives: dict[str, Directive] = field(default_factory=dict)


def seed_plans(clock: DemoClock, stdout: OutputWrapper | None = None) -> int:
    """Replay the plans' story for the e-Government committee when it has no plan yet; returns how
    many rows it played (0 on a second run, which writes nothing)."""
    committee = Committee.objects.filter(short_code=EGOV).first()
    if committee is None or committee.work_plans.exists():
        if stdout is not None:
            stdout.write("Demo plans: already in place, nothing to do.")
        return 0
    days = PlanDays.of(clock)
    steps = plan_steps(days)
    moves = plan_moves(days)
    with transaction.atomic():
        last_note = Notification.objects.aggregate(n=Max("pk"))["n"] or 0
        with translation.override(settings.LANGUAGE_CODE):  # stored messages in the portal's language
            done = replay_plans(clock, committee, steps, moves)
        settle_notifications(clock, last_note)
    if stdout is not None:
        work, inspection = done.plans["work"], done.plans["inspection"]
        stdout.write(
            f"Demo plans: {work.symbol} approved ({len(done.items['work'])} items, {len(done.directives)} "
            f"directives, {len(moves)} follow-up steps); inspection plan {inspection.year} drafted "
            f"({len(done.items['inspection'])} items)."
        )
    return len(steps) + len(moves)


def replay_plans(
    clock: DemoClock, committee: Committee, steps: Sequence[PlanStep], moves: Sequence[Move]
) -> Replayed:
    """Play the plans' rows and their directives' follow-up on one timeline, in time order (a tie:
    plan rows first, then in table order), each at its moment."""
    done = Replayed(
        committee=committee,
        people={u.username: u for u in User.objects.filter(is_active=True)},
        orgs={o.short_code: o for o in Organization.objects.all()},
    )
    rows: list[PlanStep | Move] = [*steps, *moves]
    for _n, row in sorted(enumerate(rows), key=lambda pair: (pair[1].at, pair[0])):
        with clock.at(row.at):
            if isinstance(row, PlanStep):
                play_plan_step(clock, done, row)
            else:
                play(row, {EGOV: committee}, done.directives, done.people, done.orgs)
    return done


def play_plan_step(clock: DemoClock, done: Replayed, step: PlanStep) -> None:
    """One plan row: the one service call it stands for (one per item when adding items), as its actor."""
    actor = done.people[step.actor]
    key = step.plan
    match step:
        case Draft():
            done.plans[key] = services.plan_create(
                committee=done.committee,
                actor=actor,
                kind=step.kind,
                year=step.year,
                title=step.title,
                introduction=step.introduction,
            )
        case AddItems():
            for n, row in enumerate(step.items):
                with clock.at(step.at + datetime.timedelta(minutes=4 * n)):  # typed one after another
                    item = services.plan_item_add(
                        plan=done.plans[key],
                        actor=actor,
                        content=row.content,
                        owner_organization=done.orgs[row.owner],
                        target_quarter=row.quarter,
                        expected_result=row.expected_result,
                    )
                done.items.setdefault(key, []).append((item, row))
        case Edit():
            services.plan_update(
                plan=done.plans[key], actor=actor, title=step.title, introduction=step.introduction
            )
        case Approve():
            plan = services.plan_approve(plan=done.plans[key], actor=actor)
            # The archive job runs on commit; the demo's past ran it then, so the copy is there
            # already (the job, run again on commit, finds it and stores nothing).
            jobs.archive_approved_plan(plan_id=plan.pk)
            done.plans[key] = plan
        case GiveDirectives():
            given = [(item, row) for item, row in done.items[key] if row.directive is not None]
            created = services.plan_item_directives_create(
                plan=done.plans[key],
                actor=actor,
                rows=[
                    PlanDirectiveRow(
                        **plan_item_directive_defaults(item),
                        item=item,
                        coordinating_organizations=[done.orgs[code] for code in row.coordinating],
                    )
                    for item, row in given
                ],
            )
            for (_item, row), directive in zip(given, created, strict=True):
                done.directives[row.directive] = directive
        case _:
            raise TypeError(f"Unknown demo plan step: {step!r}")
