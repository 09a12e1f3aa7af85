"""Reads of the annual plans: a committee's plans by year, a plan's items with the progress of
the directives each became (counted by the database, in a fixed number of queries whatever the
number of items and directives), and what the "one screen" starts from."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Case, Count, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organization

from .models import Directive, Timeliness, WorkPlan, WorkPlanItem
from .permissions import TasksAccess

S = Directive.Status

#: The order the timeliness counts are shown in: most pressing first.
TIMELINESS_ORDER = (
    Timeliness.OVERDUE,
    Timeliness.DUE_SOON,
    Timeliness.ON_TIME,
    Timeliness.DONE_LATE,
    Timeliness.DONE_ON_TIME,
    Timeliness.CANCELLED,
)
STATUS_ORDER = (S.ASSIGNED, S.IN_PROGRESS, S.REPORTED_DONE, S.ACCEPTED, S.CANCELLED)
#: How a page names an item's target quarter ("Quý I" … "Quý IV", then "/2027" after it).
QUARTER_LABELS = {1: _("Quarter I"), 2: _("Quarter II"), 3: _("Quarter III"), 4: _("Quarter IV")}


def plan_list(access: TasksAccess) -> list[WorkPlan]:
    """The committee's plans, newest year first, the work plan before the inspection plan, the
    latest first; drafts only for those who write or approve them."""
    plans = WorkPlan.objects.filter(committee_id=access.committee_id)
    if not access.sees_draft_plans:
        plans = plans.filter(status=WorkPlan.Status.APPROVED)
    return list(
        plans.select_related("committee", "approved_by")
        .annotate(item_count=Count("items"))
        .order_by("-year", Case(When(kind=WorkPlan.Kind.WORK, then=0), default=1), "-pk")
    )


@dataclass
class ItemProgress:
    """One item of a plan and where its directives stand."""

    item: WorkPlanItem
    quarter: str = ""  # "Quý I"
    directives: list[Directive] = field(default_factory=list)
    count: int = 0
    average_percent: int | None = None  # over the directives not cancelled
    statuses: list[tuple[str, int]] = field(default_factory=list)  # (label, count), non-zero only
    timeliness: list[tuple[Timeliness, int]] = field(default_factory=list)


def _counts(queryset: QuerySet[Directive]) -> dict[int, dict]:
    """Per item: how many directives, their average progress, how many in each status and each
    timeliness, in one grouped query."""
    aggregates = {
        "count": Count("pk"),
        "average_percent": Avg("percent", filter=~Q(status=S.CANCELLED)),
    }
    for status in STATUS_ORDER:
        aggregates[f"status_{status}"] = Count("pk", filter=Q(status=status))
    for timeliness in TIMELINESS_ORDER:
        aggregates[f"timeliness_{timeliness}"] = Count("pk", filter=Q(timeliness=timeliness))
    rows = queryset.order_by().values("plan_item_id").annotate(**aggregates)
    return {row["plan_item_id"]: row for row in rows}


def plan_items_progress(plan: WorkPlan) -> list[ItemProgress]:
    """The plan's items in order, each with its directives (for their links) and their progress:
    count, statuses, average percent, timeliness counts. Three queries for any plan."""
    items = list(plan.items.select_related("owner_organization").order_by("order", "pk"))
    directives = Directive.objects.filter(plan_item__plan=plan).with_timeliness(timezone.localdate())
    counts = _counts(directives)
    by_item: dict[int, list[Directive]] = {}
    for directive in directives.select_related("lead_organization").order_by("deadline", "pk"):
        by_item.setdefault(directive.plan_item_id, []).append(directive)
    progress = []
    for item in items:
        row = counts.get(item.pk)
        entry = ItemProgress(
            item=item, quarter=QUARTER_LABELS[item.target_quarter], directives=by_item.get(item.pk, [])
        )
        if row is not None:
            entry.count = row["count"]
            average = row["average_percent"]
            entry.average_percent = None if average is None else round(average)
            entry.statuses = [
                (S(status).label, row[f"status_{status}"])
                for status in STATUS_ORDER
                if row[f"status_{status}"]
            ]
            entry.timeliness = [
                (Timeliness(key), row[f"timeliness_{key}"])
                for key in TIMELINESS_ORDER
                if row[f"timeliness_{key}"]
            ]
        progress.append(entry)
    return progress


def plan_items(plan: WorkPlan) -> list[WorkPlanItem]:
    """The plan's items in order, with their owner agency."""
    return list(plan.items.select_related("owner_organization").order_by("order", "pk"))


def organization_options() -> list[Organization]:
    """Every agency, by name: what a lead or coordinating agency is chosen from."""
    return list(Organization.objects.order_by("name", "pk"))
