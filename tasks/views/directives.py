"""HTTP for one directive: its page with the timeline, the actions on it, its evidence files,
the ad-hoc directive's form and its correction, and "Việc của tôi".

Each action is a POST of one form of the directive page. It loads the directive with the
person's access (`access_directive`: 404 for people who may not see it), requires the right of
the person only (`now=False`: a form sent after the directive moved on gets the service's
message, not a 403), runs one service through `members.forms.run_service`, then goes back to the
page. A refusal (DirectiveError) is shown as a message; bad input (ValidationError) re-renders the
page with that form bound, open, and what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.forms import PortalForm, run_service
from members.permissions import get_committee_for_user

from .. import selectors, services
from ..forms import (
    ACTION_FORMS,
    AcceptForm,
    CancelForm,
    ContributionForm,
    DirectiveEditForm,
    DirectiveForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FollowUpTeamForm,
    ProgressForm,
    ProposeAcceptanceForm,
    ReportDoneForm,
    ReturnForm,
    UrgeForm,
)
from ..models import Directive
from ..permissions import (
    DirectiveAccess,
    DirectiveRight,
    TasksAccess,
    TasksRight,
    access_directive,
    access_extension_request,
    get_evidence_for_user,
)

R = DirectiveRight
TIMELINE = "#timeline"


# --- the page -------------------------------------------------------------------------------------


def _new_form(form_class: type[PortalForm], access: DirectiveAccess, data=None, files=None) -> PortalForm:
    """One action form of the page, bound to what was sent when `data` is given."""
    kwargs: dict[str, Any] = {"prefix": form_class.PREFIX}
    if form_class is ContributionForm:
        kwargs["agency_ids"] = sorted(access.contributing_agency_ids)
    if form_class is ProgressForm and data is None:
        kwargs["initial"] = {"percent": access.directive.percent}
    if form_class is FollowUpTeamForm:
        kwargs["teams"] = selectors.follow_up_teams(access.directive.committee_id)
        if data is None:
            kwargs["initial"] = {"team": access.directive.follow_up_team_id}
    return form_class(data, files, **kwargs)


def _page(request: HttpRequest, access: DirectiveAccess, bound: PortalForm | None = None) -> HttpResponse:
    """The directive's page: what it is, where it stands, its timeline, and the forms of what the
    person can do now (`bound`, sent with errors, in place of its blank form)."""
    directive = selectors.directive_for_page(access.directive)
    pending = selectors.pending_extension(directive)
    access.know_pending_extension(pending)
    flags = access.page_flags()
    shown = {
        "progress_form": flags["can_post_progress"],
        "contribution_form": flags["can_add_contribution"],
        "done_form": flags["can_report_done"],
        "extension_form": flags["can_request_extension"],
        "decide_form": flags["can_decide_extension"],
        "propose_form": flags["can_propose_acceptance"],
        "accept_form": flags["can_accept"],
        "return_form": flags["can_accept"],
        "cancel_form": flags["can_cancel"],
        "urge_form": flags["can_urge"],
        "follow_up_form": flags["can_set_follow_up_team"],
    }
    action_forms = {
        name: bound if bound is not None and type(bound) is form_class else _new_form(form_class, access)
        for name, form_class in ACTION_FORMS.items()
        if shown[name]
    }
    context = {
        "directive": directive,
        "coordinating": list(directive.coordinating_organizations.all()),
        "timeline": selectors.directive_timeline(directive),
        "pending_extension": pending,
        "open_form": bound.PREFIX if bound is not None else "",
        "has_actions": any(shown.values()) or flags["can_edit"],
        **flags,
        **action_forms,
    }
    return render(request, "tasks/directive_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, access_directive(request.user, pk))


def _act(
    request: HttpRequest,
    access: DirectiveAccess,
    form_class: type[PortalForm],
    call: Callable[[dict], Any],
    success: Callable[[Any], str],
) -> HttpResponse:
    """Bind the action's form, run its service, and say how it went (see the module's docstring)."""
    form = _new_form(form_class, access, request.POST, request.FILES)
    if form.is_valid():
        done = run_service(request, lambda: call(form.cleaned_data), form=form)
        if done.ok:
            messages.success(request, success(done.value))
        if done.ok or done.refused:
            return redirect(access.directive.get_absolute_url() + TIMELINE)
    return _page(request, access, bound=form)


@login_required
@require_POST
def progress_post(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    access.require(R.POST_PROGRESS, now=False)
    return _act(
        request,
        access,
        ProgressForm,
        lambda data: services.progress_post(
            directive=access.directive,
            actor=request.user,
            text=data["text"],
            percent=data["percent"],
            files=data["files"],
            access=access,
        ),
        lambda _event: _("The progress update is posted."),
    )


@login_required
@require_POST
def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    access.require(R.ADD_CONTRIBUTION, now=False)
    return _act(
        request,
        access,
        ContributionForm,
        lambda data: services.contribution_add(
            directive=access.directive,
            actor=request.user,
            text=data["text"],
            organization=data.get("organization"),
            files=data["files"],
            access=access,
        ),
        lambda _event: _("Your agency's contribution is added."),
    )


@login_required
@require_POST
def report_done(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    access.require(R.REPORT_DONE, now=False)
    return _act(
        request,
        access,
        ReportDoneForm,
        lambda data: services.directive_report_done(
            directive=access.directive, actor=request.user, access=access, **data
        ),
        lambda _directive: _("The work is reported done: it now waits for acceptance."),
    )


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    access.require(R.REQUEST_EXTENSION, now=False)
    return _act(
        request,
        access,
        ExtensionRequestForm,
        lambda data: services.extension_request(
            directive=access.directive, actor=request.user, access=access, **data
        ),
        lambda _request: _("The request for a new deadline is sent for a decision."),
    )


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or refuse a request for a new deadline (`pk` is the request's)."""
    extension, access = access_extension_request(request.user, pk)
    access.require(R.DECIDE_EXTENSION, extension, now=False)
    return _act(
        request,
        access,
        ExtensionDecisionForm,
        lambda data: services.extension_decide(
            request=extension,
            actor=request.user,
            approve=data["decision"] == ExtensionDecisionForm.APPROVE,
            note=data["note"],
            access=access,
        ),
        lambda decided: (
            _("The new deadline is approved.")
            if decided.status == decided.Status.APPROVED
            else _("The new deadline is refused: the lead agency is told why.")
        ),
    )


@login_required
@require_POST
def acceptance_propose(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    access.require(R.PROPOSE_ACCEPTANCE, now=False)
    return _act(
        request,
        access,
        ProposeAcceptanceForm,
        lambda data: services.acceptance_propose(
            directive=access.directive, actor=request.user, note=data["note"], access=access
        ),
        lambda _directive: _("Acceptance is proposed to the chair's side."),
    )


@login_required
@require_POST
def directive_accept(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    access.require(R.ACCEPT, now=False)
    return _act(
        request,
        access,
        AcceptForm,
        lambda data: services.directive_accept(
            directive=access.directive, actor=request.user, note=data["note"], access=access
        ),
        lambda _directive: _("The work is accepted: the directive is closed."),
    )


@login_required
@require_POST
def directive_return(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    access.require(R.ACCEPT, now=False)
    return _act(
        request,
        access,
        ReturnForm,
        lambda data: services.directive_return(
            directive=access.directive, actor=request.user, reason=data["reason"], access=access
        ),
        lambda _directive: _("The work is returned to the lead agency with your reason."),
    )


@login_required
@require_POST
def directive_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    access.require(R.CANCEL, now=False)
    return _act(
        request,
        access,
        CancelForm,
        lambda data: services.directive_cancel(
            directive=access.directive, actor=request.user, reason=data["reason"], access=access
        ),
        lambda _directive: _("The directive is cancelled."),
    )


@login_required
@require_POST
def directive_urge(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_directive(request.user, pk)
    access.require(R.URGE, now=False)
    return _act(
        request,
        access,
        UrgeForm,
        lambda data: services.directive_urge(
            directive=access.directive, actor=request.user, note=data["note"], access=access
        ),
        lambda _event: _("The lead agency is urged: its member and focal officers are told."),
    )


@login_required
@require_POST
def follow_up_team_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the directive to a support sub-team of its committee to follow up (Điều 4.3, 7.8)."""
    access = access_directive(request.user, pk)
    access.require(R.SET_FOLLOW_UP_TEAM, now=False)
    return _act(
        request,
        access,
        FollowUpTeamForm,
        lambda data: services.follow_up_team_set(
            directive=access.directive, actor=request.user, team=data["team"], access=access
        ),
        lambda directive: (
            _("The sub-team %(team)s follows up the directive; its members are told.")
            % {"team": directive.follow_up_team.name}
            if directive.follow_up_team
            else _("No sub-team follows up the directive any more.")
        ),
    )


# --- evidence -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file of the timeline, as a download with the type checked when it was stored (never
    sniffed by the browser), to anyone who may see the directive."""
    evidence = get_evidence_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


# --- creating and correcting ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def directive_create(request: HttpRequest, committee_pk: int) -> HttpResponse:
    """An ad-hoc directive of the chair or a deputy, entered with the document that gave it."""
    committee = get_committee_for_user(request.user, committee_pk, "view_committee_business")
    access = TasksAccess(request.user, committee.pk)
    access.require(TasksRight.CREATE_DIRECTIVE)
    form = DirectiveForm(request.POST or None, initial={"priority": Directive.Priority.NORMAL})
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request,
            lambda: services.directive_create(
                committee=committee, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
            refusal_on_form=True,
        )
        if created.ok:
            messages.success(request, _("The directive is assigned: the lead agency is told."))
            return redirect(created.value)
    return render(
        request,
        "tasks/directive_form.html",
        {
            "form": form,
            "committee": committee,
            "heading": _("New directive"),
            "submit_label": _("Assign the directive"),
            "cancel_url": committee.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct what an open directive asks, of whom, how urgently (not its deadline)."""
    access = access_directive(request.user, pk)
    # Offered while the directive is open; a form sent after it closed gets the service's message.
    access.require(R.EDIT, now=request.method != "POST")
    directive = access.directive
    form = DirectiveEditForm(request.POST or None, initial=DirectiveEditForm.initial_for(directive))
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.directive_update(
                directive=directive, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The directive is saved."))
        if saved.ok or saved.refused:
            return redirect(directive)
    return render(
        request,
        "tasks/directive_form.html",
        {
            "form": form,
            "committee": directive.committee,
            "directive": directive,
            "heading": _("Edit the directive"),
            "submit_label": _("Save"),
            "cancel_url": directive.get_absolute_url(),
        },
    )


# --- "Việc của tôi" -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def my_work(request: HttpRequest) -> HttpResponse:
    """What the person's agencies lead or coordinate, by timeliness, and what waits for them."""
    return render(request, "tasks/my_work.html", {"work": selectors.my_work(request.user)})
