"""Writes of the annual plans (Điều 3.1, 5.1, 7.1): the work plan and the inspection plan of a
committee for a year, their items, the chair's approval as a numbered document (NN/KH-<code>),
and the directives the approved items become.

The standing member and the secretariat draft (TasksRight.DRAFT_PLAN); the chair approves, or a
deputy during an acting period naming them (APPROVE_PLAN); nothing of an approved plan changes
afterwards. Each service locks the plan, asks the person's TasksAccess (`ensure`: PermissionDenied
for a role that never may, DirectiveError for the plan's state), and writes with its history (who,
why). What was typed is refused with a ValidationError by field.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import register_next_number
from members.history import save_with_history
from members.jobs import enqueue_after_commit
from members.models import Committee, Organization, User
from members.services import notify

from .. import jobs
from ..models import Directive, DirectiveError, WorkPlan, WorkPlanItem
from ..permissions import TasksAccess, TasksRight
from ..selectors import committee_people_with
from .directives import _created, _validate_agencies, _validate_deadline

#: The moves of an item in its plan's order (plan_item_move).
PLAN_ITEM_MOVES = ("up", "down")

#: The title a new plan gets when none is typed: the document's own wording, so Vietnamese.
DEFAULT_TITLES = {
    WorkPlan.Kind.WORK: "Kế hoạch công tác năm {year}",
    WorkPlan.Kind.INSPECTION: "Kế hoạch kiểm tra năm {year}",
}


def default_plan_title(kind: str, year: int) -> str:
    return DEFAULT_TITLES[WorkPlan.Kind(kind)].format(year=year)


def quarter_last_day(year: int, quarter: int) -> datetime.date:
    """31/03, 30/06, 30/09 or 31/12 of `year`: an item's directive is due by the end of its quarter."""
    month = 3 * quarter
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


# --- shared -----------------------------------------------------------------------------------------


def _lock(plan: WorkPlan) -> WorkPlan:
    return WorkPlan.objects.select_for_update(of=("self",)).select_related("committee").get(pk=plan.pk)


def _access(actor: User, committee_id: int, access: TasksAccess | None) -> TasksAccess:
    if access is None:
        return TasksAccess(actor, committee_id)
    if access.user.pk != actor.pk or access.committee_id != committee_id:
        raise ValueError("This access is another person's, or another committee's.")
    return access


def _locked_item(item: WorkPlanItem, plan: WorkPlan) -> WorkPlanItem:
    found = WorkPlanItem.objects.select_related("owner_organization").filter(pk=item.pk, plan=plan).first()
    if found is None:
        raise DirectiveError(_("This item is no longer in the plan."))
    return found


def _item_fields(
    content: str, owner_organization: Organization | None, target_quarter: int | None
) -> tuple[str, int]:
    errors: dict[str, str] = {}
    content = (content or "").strip()
    if not content:
        errors["content"] = _("Write what is to be done.")
    if owner_organization is None:
        errors["owner_organization"] = _("Name the agency that owns this item.")
    if target_quarter not in (1, 2, 3, 4):
        errors["target_quarter"] = _("Choose the quarter, I to IV.")
    if errors:
        raise ValidationError(errors)
    return content, int(target_quarter)


# --- the plan ---------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    committee: Committee,
    actor: User,
    kind: str,
    year: int | None,
    title: str = "",
    introduction: str = "",
    access: TasksAccess | None = None,
) -> WorkPlan:
    """The standing member or the secretariat drafts the committee's work plan or inspection plan
    for last year, this year or next year (Điều 5.1, 7.1); one draft per kind and year at a time."""
    access = _access(actor, committee.pk, access)
    access.ensure(TasksRight.DRAFT_PLAN)
    errors: dict[str, str] = {}
    if kind not in WorkPlan.Kind.values:
        errors["kind"] = _("Choose the kind of plan.")
    this_year = timezone.localdate().year
    if year is None:
        errors["year"] = _("Give the year of the plan.")
    elif not this_year - 1 <= year <= this_year + 1:
        errors["year"] = _("A plan is made for a year from %(first)s to %(last)s.") % {
            "first": this_year - 1,
            "last": this_year + 1,
        }
    elif (
        "kind" not in errors
        and WorkPlan.objects.filter(
            committee=committee, kind=kind, year=year, status=WorkPlan.Status.DRAFT
        ).exists()
    ):
        errors["year"] = _("A draft of this plan for %(year)s already exists: edit it instead.") % {
            "year": year
        }
    if errors:
        raise ValidationError(errors)
    plan = WorkPlan(
        committee=committee,
        kind=kind,
        year=year,
        title=(title or "").strip() or default_plan_title(kind, year),
        introduction=(introduction or "").strip(),
        created_by=actor,
    )
    save_with_history(plan, actor, "drafted")
    return plan


@transaction.atomic
def plan_update(
    *, plan: WorkPlan, actor: User, title: str, introduction: str, access: TasksAccess | None = None
) -> WorkPlan:
    """Change the title and the purpose of a draft plan."""
    plan = _lock(plan)
    _access(actor, plan.committee_id, access).ensure(TasksRight.DRAFT_PLAN, plan)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the plan a title.")})
    plan.title = title
    plan.introduction = (introduction or "").strip()
    save_with_history(plan, actor, "edited", ["title", "introduction"])
    return plan


@transaction.atomic
def plan_approve(*, plan: WorkPlan, actor: User, access: TasksAccess | None = None) -> WorkPlan:
    """The chair approves the draft (a deputy during an acting period naming them signs "KT.
    TRƯỞNG BAN"): it takes the next number of the committee's KH register for this year (Điều 3.1),
    is archived as PDF/A once committed, and the committee's people are told. It never changes
    afterwards."""
    plan = _lock(plan)
    access = _access(actor, plan.committee_id, access)
    access.ensure(TasksRight.APPROVE_PLAN, plan)
    if not plan.items.exists():
        raise DirectiveError(_("Add at least one item before approving the plan."))
    now = timezone.now()
    year = timezone.localtime(now).year
    plan.number = register_next_number(committee=plan.committee, doc_type=WorkPlan.DOC_TYPE, year=year)
    plan.number_year = year
    plan.status = WorkPlan.Status.APPROVED
    plan.approved_by = actor
    plan.approved_at = now
    plan.signed_as = (
        WorkPlan.SignedAs.ACTING if access.plan_signature_role == "acting" else WorkPlan.SignedAs.CHAIR
    )
    save_with_history(
        plan,
        actor,
        f"approved as {plan.symbol}",
        ["number", "number_year", "status", "approved_by", "approved_at", "signed_as"],
    )
    plan_id = plan.pk
    enqueue_after_commit(jobs.archive_approved_plan, plan_id=plan_id)
    people = [u for u in committee_people_with(plan.committee_id, ["view_committee_business"]) if u != actor]
    if people:
        notify(
            users=people,
            kind="tasks.plan_approved",
            params={"plan": plan.pk, "symbol": plan.symbol},
            url=plan.get_absolute_url(),
        )
    return plan


# --- its items --------------------------------------------------------------------------------------


@transaction.atomic
def plan_item_add(
    *,
    plan: WorkPlan,
    actor: User,
    content: str,
    owner_organization: Organization | None,
    target_quarter: int | None,
    expected_result: str = "",
    access: TasksAccess | None = None,
) -> WorkPlanItem:
    """Add an item at the end of a draft plan: what, which agency owns it, in which quarter, with
    what result."""
    plan = _lock(plan)
    _access(actor, plan.committee_id, access).ensure(TasksRight.DRAFT_PLAN, plan)
    content, quarter = _item_fields(content, owner_organization, target_quarter)
    last = plan.items.aggregate(last=Max("order"))["last"] or 0
    item = WorkPlanItem(
        plan=plan,
        order=last + 1,
        content=content,
        owner_organization=owner_organization,
        target_quarter=quarter,
        expected_result=(expected_result or "").strip(),
    )
    save_with_history(item, actor, "added")
    return item


@transaction.atomic
def plan_item_update(
    *,
    item: WorkPlanItem,
    actor: User,
    content: str,
    owner_organization: Organization | None,
    target_quarter: int | None,
    expected_result: str = "",
    access: TasksAccess | None = None,
) -> WorkPlanItem:
    """Change an item of a draft plan."""
    plan = _lock(item.plan)
    _access(actor, plan.committee_id, access).ensure(TasksRight.DRAFT_PLAN, plan)
    item = _locked_item(item, plan)
    content, quarter = _item_fields(content, owner_organization, target_quarter)
    item.content = content
    item.owner_organization = owner_organization
    item.target_quarter = quarter
    item.expected_result = (expected_result or "").strip()
    save_with_history(
        item, actor, "edited", ["content", "owner_organization", "target_quarter", "expected_result"]
    )
    return item


@transaction.atomic
def plan_item_delete(*, item: WorkPlanItem, actor: User, access: TasksAccess | None = None) -> None:
    """Take an item out of a draft plan; the items after it move up one place."""
    plan = _lock(item.plan)
    _access(actor, plan.committee_id, access).ensure(TasksRight.DRAFT_PLAN, plan)
    item = _locked_item(item, plan)
    item._history_user = actor
    item._change_reason = "deleted"
    item.delete()
    for later in plan.items.filter(order__gt=item.order).order_by("order", "pk"):
        later.order -= 1
        save_with_history(later, actor, "renumbered", ["order"])


@transaction.atomic
def plan_item_move(
    *, item: WorkPlanItem, actor: User, direction: str, access: TasksAccess | None = None
) -> WorkPlanItem:
    """Swap an item of a draft plan with the one before it ("up") or after it ("down")."""
    if direction not in PLAN_ITEM_MOVES:
        raise ValueError(direction)
    plan = _lock(item.plan)
    _access(actor, plan.committee_id, access).ensure(TasksRight.DRAFT_PLAN, plan)
    item = _locked_item(item, plan)
    items = list(plan.items.order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    neighbour_index = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour_index < len(items):
        raise DirectiveError(
            _("This item is already the first.") if direction == "up" else _("This item is already the last.")
        )
    items[index], items[neighbour_index] = items[neighbour_index], items[index]
    # Renumber 1..n in the new order, which also mends any gap or tie left in the numbers.
    for order, current in enumerate(items, start=1):
        if current.order != order:
            current.order = order
            save_with_history(current, actor, "moved", ["order"])
    return next(current for current in items if current.pk == item.pk)


# --- the directives of an approved plan -------------------------------------------------------------


@dataclass(frozen=True)
class PlanDirectiveRow:
    """One directive to create from an item of an approved plan (a row of the "one screen")."""

    item: WorkPlanItem
    title: str
    lead_organization: Organization | None
    deadline: datetime.date | None
    coordinating_organizations: Sequence[Organization] = field(default_factory=tuple)
    expected_result: str = ""


class PlanRowsError(ValidationError):
    """Some rows are refused, so nothing was created: `rows` maps the index of each refused row
    (in the sequence given) to its ValidationError, by field."""

    def __init__(self, rows: dict[int, ValidationError]) -> None:
        self.rows = rows
        super().__init__(_("Some rows need correcting: no directive was created."))


def plan_item_directive_defaults(item: WorkPlanItem, *, year: int | None = None) -> dict:
    """What a directive of the item starts from: its content as the title, its owner agency as the
    lead, its expected result, and the last day of its quarter of the plan's year (`year`, read
    from the item's plan when not given) as the deadline."""
    return {
        "title": item.content[:500],
        "lead_organization": item.owner_organization,
        "deadline": quarter_last_day(year or item.plan.year, item.target_quarter),
        "expected_result": item.expected_result,
    }


def _row_errors(row: PlanDirectiveRow, plan: WorkPlan, today: datetime.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def collect(check) -> None:
        try:
            check()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)

    if row.item.plan_id != plan.pk:
        errors["item"] = [_("This item is not in this plan.")]
    title = (row.title or "").strip()
    if not title:
        errors["title"] = [_("Write what is to be done.")]
    elif len(title) > 500:
        errors["title"] = [_("Keep the title within 500 characters.")]
    collect(lambda: _validate_agencies(row.lead_organization, row.coordinating_organizations))
    if row.deadline is None:
        errors["deadline"] = [_("Give the deadline.")]
    else:
        collect(lambda: _validate_deadline(row.deadline, "", not_before=today))
    return errors


@transaction.atomic
def plan_item_directives_create(
    *,
    plan: WorkPlan,
    actor: User,
    rows: Sequence[PlanDirectiveRow],
    access: TasksAccess | None = None,
) -> list[Directive]:
    """Create the directives of an approved plan's items in one go (one or several per item): all
    of them, or, when any row is refused, none (PlanRowsError names each refused row). Whoever may
    give a directive does it (chair, deputy, standing member, secretariat); each lead and
    coordinating agency is told, as for any new directive."""
    plan = _lock(plan)
    access = _access(actor, plan.committee_id, access)
    access.ensure(TasksRight.CREATE_PLAN_DIRECTIVES, plan)
    if not rows:
        raise ValidationError(_("Tick at least one item to create its directive."))
    today = timezone.localdate()
    refused = {}
    for index, row in enumerate(rows):
        errors = _row_errors(row, plan, today)
        if errors:
            refused[index] = ValidationError(errors)
    if refused:
        raise PlanRowsError(refused)
    created = []
    for row in rows:
        coordinating = _validate_agencies(row.lead_organization, row.coordinating_organizations)
        directive = Directive(
            committee=plan.committee,
            source=Directive.Source.PLAN,
            plan_item=row.item,
            title=row.title.strip(),
            expected_result=(row.expected_result or "").strip(),
            lead_organization=row.lead_organization,
            deadline=row.deadline,
            created_by=actor,
        )
        reason = f"assigned by plan {plan.symbol}, item {row.item.order}"
        created.append(_created(directive, coordinating, actor, reason))
    return created


def directive_create_from_plan_item(
    *,
    item: WorkPlanItem,
    actor: User,
    title: str | None = None,
    lead_organization: Organization | None = None,
    coordinating_organizations: Iterable[Organization] = (),
    deadline: datetime.date | None = None,
    expected_result: str | None = None,
    access: TasksAccess | None = None,
) -> Directive:
    """One directive of an approved plan's item, from the item's defaults where nothing is given
    (plan_item_directive_defaults); refused rows raise their ValidationError by field."""
    defaults = plan_item_directive_defaults(item)
    row = PlanDirectiveRow(
        item=item,
        title=defaults["title"] if title is None else title,
        lead_organization=lead_organization or defaults["lead_organization"],
        deadline=deadline or defaults["deadline"],
        coordinating_organizations=tuple(coordinating_organizations),
        expected_result=defaults["expected_result"] if expected_result is None else expected_result,
    )
    try:
        (directive,) = plan_item_directives_create(plan=item.plan, actor=actor, rows=[row], access=access)
    except PlanRowsError as error:
        raise error.rows[0] from None
    return directive
