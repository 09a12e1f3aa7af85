"""HTTP for the annual plans (Điều 3.1, 5.1, 7.1): a committee's plans, drafting a plan and its
items, the chair's approval, the plan as PDF, and the "one screen" that turns its items into
directives. Parse, load through an access helper, require a right, call one service or selector,
render; what a service refuses is reported by `members.forms.run_service`.

Who sees what: every person with a role in the committee sees the approved plans; a draft is seen
only by those who write it or may approve it (404 for the others, as for another committee's).
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.views import archived_document_response
from members.forms import add_validation_error, run_service
from members.permissions import get_committee_for_user

from .. import plans_documents, plans_selectors, services
from ..models import WorkPlan, WorkPlanItem
from ..permissions import TasksAccess, TasksRight, access_plan, access_plan_item, tasks_access
from ..plans_forms import (
    PlanDirectiveRowForm,
    PlanEditForm,
    PlanForm,
    PlanItemForm,
    plan_directive_row_initial,
)

PDF = "application/pdf"
logger = logging.getLogger(__name__)

#: The plan page's flags: template name → the right it shows (the plan is the target).
PLAN_PAGE_FLAGS: dict[str, TasksRight] = {
    "can_draft": TasksRight.DRAFT_PLAN,
    "can_approve": TasksRight.APPROVE_PLAN,
    "can_create_directives": TasksRight.CREATE_PLAN_DIRECTIVES,
}


def _plan(request: HttpRequest, pk: int) -> tuple[WorkPlan, TasksAccess]:
    """The plan with the person's access; 404 for another committee's, or a draft they may not read."""
    plan, access = access_plan(request.user, pk)
    if not access.can(TasksRight.VIEW_PLAN, plan):
        raise Http404
    return plan, access


def _item(request: HttpRequest, pk: int) -> tuple[WorkPlanItem, TasksAccess]:
    item, access = access_plan_item(request.user, pk)
    if not access.can(TasksRight.VIEW_PLAN, item.plan):
        raise Http404
    return item, access


def _back_to_item(item: WorkPlanItem) -> HttpResponse:
    return redirect(f"{item.plan.get_absolute_url()}#item-{item.pk}")


# --- the committee's plans --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_list(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee = get_committee_for_user(request.user, committee_pk, "view_committee_business")
    access = tasks_access(request.user, committee)
    context = {
        "committee": committee,
        "plans": plans_selectors.plan_list(access),
        "can_draft": access.can(TasksRight.DRAFT_PLAN),
    }
    return render(request, "tasks/plan_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_create(request: HttpRequest, committee_pk: int) -> HttpResponse:
    """The standing member or the secretariat starts a plan (Điều 5.1, 7.1)."""
    committee = get_committee_for_user(request.user, committee_pk, "view_committee_business")
    access = tasks_access(request.user, committee)
    access.require(TasksRight.DRAFT_PLAN)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request,
            lambda: services.plan_create(
                committee=committee, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
        )
        if created.ok:
            messages.success(request, _("The plan is drafted: add its items."))
            return redirect(created.value)
    return render(request, "tasks/plan_form.html", {"committee": committee, "form": form})


# --- one plan ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan, its items with their owner agency, quarter and expected result, and where the
    directives of each item stand."""
    plan, access = _plan(request, pk)
    context = {
        "plan": plan,
        "items": plans_selectors.plan_items_progress(plan),
        **{name: access.can(right, plan) for name, right in PLAN_PAGE_FLAGS.items()},
    }
    return render(request, "tasks/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan, access = _plan(request, pk)
    # Drafters; the form is offered while the plan is a draft, a late submit gets the service's message.
    access.require(TasksRight.DRAFT_PLAN, plan, now=request.method != "POST")
    form = PlanEditForm(
        request.POST or None, initial={"title": plan.title, "introduction": plan.introduction}
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.plan_update(plan=plan, actor=request.user, access=access, **form.cleaned_data),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The plan is saved."))
        if saved.ok or saved.refused:
            return redirect(plan)
    return render(request, "tasks/plan_edit.html", {"plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page, then the approval: numbered, signed, archived; irreversible."""
    plan, access = _plan(request, pk)
    access.require(TasksRight.APPROVE_PLAN, plan, now=request.method != "POST")
    if request.method == "POST":
        approved = run_service(
            request, lambda: services.plan_approve(plan=plan, actor=request.user, access=access)
        )
        if approved.ok:
            messages.success(
                request, _("Plan %(symbol)s is approved and issued.") % {"symbol": approved.value.symbol}
            )
        return redirect(plan)
    context = {
        "plan": plan,
        "items": plans_selectors.plan_items(plan),
        "signs_as_chair": access.plan_signature_role == "chair",
    }
    return render(request, "tasks/plan_approve.html", context)


@login_required
@require_GET  # not HEAD: a draft is rendered, or the approved plan archived, by the request
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The approved plan from its archived copy (for everyone who sees the committee's business);
    a draft rendered now, marked "DỰ THẢO", for those who may read drafts."""
    plan, _access = _plan(request, pk)
    if plan.status == WorkPlan.Status.APPROVED:
        return _serve_archived(request, plan)
    plan = plans_documents.plan_for_document(plan.pk)
    response = HttpResponse(plans_documents.plan_pdf(plan), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{plans_documents.plan_filename(plan)}"'
    return response


def _serve_archived(request: HttpRequest, plan: WorkPlan) -> HttpResponse:
    """The stored copy (archived now if its job has not run yet) with its SHA-256. A storage
    failure answers 503 with a message to try again; a stored copy whose file has vanished 404,
    logged, never re-rendered (a new rendering might differ from what was approved)."""
    try:
        document = plans_documents.plan_document_get_or_archive(plan)
        return archived_document_response(document, filename=plans_documents.plan_filename(plan))
    except FileNotFoundError:
        logger.error("The archived file of plan %s is missing.", plan.pk)
        raise Http404 from None
    except OSError:
        logger.exception("Could not store or read the archived copy of plan %s.", plan.pk)
        response = render(request, "tasks/plan_document_unavailable.html", {"plan": plan}, status=503)
        response["Retry-After"] = "60"
        return response


# --- its items --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan, access = _plan(request, pk)
    access.require(TasksRight.DRAFT_PLAN, plan, now=request.method != "POST")
    form = PlanItemForm(request.POST or None, organizations=plans_selectors.organization_options())
    if request.method == "POST" and form.is_valid():
        added = run_service(
            request,
            lambda: services.plan_item_add(plan=plan, actor=request.user, access=access, **form.cleaned_data),
            form=form,
        )
        if added.ok:
            messages.success(request, _("Item %(number)s is added.") % {"number": added.value.order})
            if "add_another" in request.POST:
                return redirect("tasks:plan-item-add", pk=plan.pk)
            return _back_to_item(added.value)
        if added.refused:
            return redirect(plan)
    return render(request, "tasks/plan_item_form.html", {"plan": plan, "form": form, "item": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item, access = _item(request, pk)
    access.require(TasksRight.DRAFT_PLAN, item.plan, now=request.method != "POST")
    form = PlanItemForm(request.POST or None, organizations=plans_selectors.organization_options(), item=item)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.plan_item_update(
                item=item, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("Item %(number)s is saved.") % {"number": item.order})
        if saved.ok or saved.refused:
            return _back_to_item(item)
    return render(request, "tasks/plan_item_form.html", {"plan": item.plan, "form": form, "item": item})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page naming the item, then its deletion."""
    item, access = _item(request, pk)
    plan = item.plan
    access.require(TasksRight.DRAFT_PLAN, plan, now=request.method != "POST")
    if request.method == "POST":
        deleted = run_service(
            request, lambda: services.plan_item_delete(item=item, actor=request.user, access=access)
        )
        if deleted.ok:
            messages.success(request, _("Item %(number)s is deleted.") % {"number": item.order})
        return redirect(plan)
    context = {"plan": plan, "item": item, "quarter": plans_selectors.QUARTER_LABELS[item.target_quarter]}
    return render(request, "tasks/plan_item_delete.html", context)


@login_required
@require_POST
def plan_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item, access = _item(request, pk)
    access.require(TasksRight.DRAFT_PLAN, item.plan, now=False)
    direction = request.POST.get("direction", "")
    if direction not in services.PLAN_ITEM_MOVES:
        return HttpResponseBadRequest()
    moved = run_service(
        request,
        lambda: services.plan_item_move(item=item, actor=request.user, direction=direction, access=access),
    )
    if moved.ok:
        messages.success(request, _("The item is now number %(number)s.") % {"number": moved.value.order})
    return _back_to_item(item)


# --- the directives of its items ("one screen") -----------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_directives(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per item of the approved plan, pre-filled (title, lead agency, deadline at the end of
    its quarter); the ticked rows become directives all together, or none and each refused row
    says why, keeping what was typed."""
    plan, access = _plan(request, pk)
    access.require(TasksRight.CREATE_PLAN_DIRECTIVES, plan, now=request.method != "POST")
    organizations = plans_selectors.organization_options()
    progress = plans_selectors.plan_items_progress(plan)
    data = request.POST if request.method == "POST" else None
    rows = [
        PlanDirectiveRowForm(
            data,
            prefix=f"item-{entry.item.pk}",
            item=entry.item,
            organizations=organizations,
            initial=plan_directive_row_initial(
                services.plan_item_directive_defaults(entry.item, year=plan.year), include=not entry.count
            ),
        )
        for entry in progress
    ]
    refused = False
    if data is not None:
        if all(form.is_valid() for form in rows):
            ticked = [form for form in rows if form.included]
            try:
                created = run_service(
                    request,
                    lambda: services.plan_item_directives_create(
                        plan=plan, actor=request.user, access=access, rows=[form.row() for form in ticked]
                    ),
                    reraise=(services.PlanRowsError,),
                )
            except services.PlanRowsError as error:
                # Not one refusal but one per row: each goes onto its own row, which keeps what was typed.
                for index, row_error in error.rows.items():
                    add_validation_error(ticked[index], row_error)
                refused = True
            else:
                if created.ok:
                    messages.success(
                        request,
                        _("%(count)s directive(s) created from the plan.") % {"count": len(created.value)},
                    )
                    return redirect(plan)
                if created.refused and ticked:  # the plan's state refused: its page says why
                    return redirect(plan)
                # Nothing ticked: the message says so, above the rows as they were.
        else:
            refused = True
    context = {"plan": plan, "rows": list(zip(progress, rows, strict=True)), "refused": refused}
    return render(request, "tasks/plan_directives.html", context)
