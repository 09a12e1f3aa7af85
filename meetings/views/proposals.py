"""HTTP for the proposals of an extraordinary meeting (Điều 8.1): the standing member proposes,
the chair decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.forms import run_service
from members.permissions import get_committee_for_user

from .. import permissions, services
from ..forms import meetings as forms
from ..permissions import CommitteeRight
from ..selectors import meetings as selectors

# --- proposals of an extraordinary meeting (Điều 8.1) -------------------------------------------


@login_required
def proposal_list(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee = get_committee_for_user(request.user, committee_pk, "view_committee_business")
    access = permissions.CommitteeAccess(request.user, committee.pk)
    access.require(CommitteeRight.VIEW_PROPOSALS)
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST":
        access.require(CommitteeRight.PROPOSE_MEETING)
        if form.is_valid():
            proposed = run_service(
                request,
                lambda: services.proposal_create(
                    committee=committee, actor=request.user, **form.cleaned_data
                ),
                form=form,
            )
            if proposed.ok:
                messages.success(request, _("Your proposal is sent to the chair and the deputies."))
            if proposed.ok or proposed.refused:
                return redirect("meetings:proposal-list", committee_pk=committee.pk)
    context = selectors.proposal_list_context(committee, access)
    return render(request, "meetings/proposal_list.html", {"form": form, **context})


@login_required
@require_POST
def proposal_decide(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_user(request.user, proposal_pk)
    permissions.CommitteeAccess(request.user, proposal.committee_id).require(
        CommitteeRight.DECIDE_PROPOSAL, proposal
    )
    back = redirect("meetings:proposal-list", committee_pk=proposal.committee_id)
    form = forms.DecisionForm(request.POST, yes="accept", no="decline")
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to decline."))
        return back
    decided = run_service(
        request,
        lambda: services.proposal_decide(
            proposal=proposal, actor=request.user, accept=form.accepted, note=form.cleaned_data["note"]
        ),
    )
    if not decided.ok:
        return back
    proposal = decided.value
    if proposal.meeting is not None:
        messages.success(request, _("The proposal is accepted: prepare the meeting's draft."))
        return redirect("meetings:meeting-edit", pk=proposal.meeting.pk)
    messages.success(request, _("The proposal is declined."))
    return back
