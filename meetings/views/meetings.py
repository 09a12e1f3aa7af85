"""HTTP for the meeting pages: preparing, convening, answering, the roll, attendance, proposals.

Each view parses input, loads the meeting with the person's access through
`permissions.access_meeting` (404 for people who may not see it), requires a right of that access
(403), calls one service or selector with it and renders or redirects. `members.forms.run_service` reports what a service refuses: a refusal
(MeetingError) as a message, bad input (ValidationError) under its field with everything typed
kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.forms import run_service
from members.permissions import get_committee_for_user

from .. import permissions, services
from ..forms import meetings as forms
from ..models import Invitation, Meeting
from ..permissions import CommitteeRight, Right
from ..selectors import meetings as selectors
from ..uploads import ALLOWED_TYPES


def _detail(meeting: Meeting) -> HttpResponse:
    return redirect("meetings:meeting-detail", pk=meeting.pk)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# --- the list and the detail page ---------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    context = selectors.meeting_list_for_user(
        request.user, committee_id=_int_or_none(request.GET.get("committee"))
    )
    return render(request, "meetings/meeting_list.html", context)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _meeting, access = permissions.access_meeting(request.user, pk)
    return render(request, "meetings/meeting_detail.html", selectors.meeting_detail_context(access))


# --- preparing (Điều 8) -------------------------------------------------------------------------


@login_required
def meeting_create(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee = get_committee_for_user(request.user, committee_pk, "view_committee_business")
    permissions.CommitteeAccess(request.user, committee.pk).require(CommitteeRight.CREATE_MEETING)
    options = selectors.meeting_form_options(committee.pk)
    form = forms.MeetingForm(request.POST or None, initial={"kind": request.GET.get("kind")}, **options)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request,
            lambda: services.meeting_create(committee=committee, actor=request.user, **form.cleaned_data),
            form=form,
            refusal_on_form=True,
        )
        if created.ok:
            messages.success(request, _("The meeting draft is created."))
            return _detail(created.value)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "committee": committee,
            "heading": _("New meeting"),
            "submit_label": _("Create the draft"),
            "cancel_url": reverse("meetings:meeting-list") + f"?committee={committee.pk}",
        },
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.EDIT)
    options = selectors.meeting_form_options(meeting.committee_id)
    form = forms.MeetingEditForm(request.POST or None, meeting=meeting, **options)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.meeting_update(
                meeting=meeting, actor=request.user, access=access, **form.changes()
            ),
            form=form,
            refusal_on_form=True,
        )
        if saved.ok:
            messages.success(request, _("The meeting is saved."))
            return _detail(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "committee": meeting.committee,
            "heading": _("Edit the meeting"),
            "submit_label": _("Save"),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@login_required
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.EDIT)
    form = forms.AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = run_service(
            request,
            lambda: services.agenda_item_add(
                meeting=meeting, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
        )
        if added.ok:
            messages.success(request, _("The agenda item is added."))
            return redirect(meeting.get_absolute_url() + "#agenda")
        if added.refused:
            return _detail(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "committee": meeting.committee,
            "heading": _("Add an agenda item"),
            "submit_label": _("Add"),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@login_required
@require_POST
def agenda_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.EDIT)
    item = selectors.agenda_item_get(meeting, item_pk)
    if run_service(
        request, lambda: services.agenda_item_delete(item=item, actor=request.user, access=access)
    ).ok:
        messages.success(request, _("The agenda item is removed."))
    return redirect(meeting.get_absolute_url() + "#agenda")


@login_required
def paper_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.EDIT)
    initial = {"agenda_item": _int_or_none(request.GET.get("item"))}
    form = forms.PaperForm(request.POST or None, request.FILES or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        uploaded = run_service(
            request,
            lambda: services.paper_add(
                meeting=meeting,
                actor=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                agenda_item=form.cleaned_data["agenda_item"],
                access=access,
            ),
            form=form,
            field="file",
        )
        if uploaded.ok:
            messages.success(request, _("The paper is uploaded."))
            return redirect(meeting.get_absolute_url() + "#papers")
        if uploaded.refused:
            return _detail(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "committee": meeting.committee,
            "heading": _("Upload a paper"),
            "submit_label": _("Upload"),
            "cancel_url": meeting.get_absolute_url(),
            "multipart": True,
        },
    )


@login_required
def paper_download(request: HttpRequest, pk: int, paper_pk: int) -> FileResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk)
    paper = selectors.paper_get(meeting, paper_pk)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=paper.original_name, content_type=paper.content_type
    )


def _invitees_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    context: dict | None = None,
    form: forms.InviteesForm | None = None,
    guest_form: forms.GuestInviteForm | None = None,
    account_form: forms.GuestAccountForm | None = None,
) -> HttpResponse:
    """The invitee page: a form submitted with errors comes back bound (what was typed kept),
    the others empty."""
    if context is None:
        context = selectors.invitees_context(meeting)
    if form is None:
        form = forms.InviteesForm(
            candidates=context["candidates"], initial={"users": context["invited_ids"]}, prefix="invitees"
        )
    if guest_form is None:
        guest_form = forms.GuestInviteForm(options=context["guest_options"], prefix="guest")
    if account_form is None:
        account_form = forms.GuestAccountForm(prefix="account")
    return render(
        request,
        "meetings/invitees_form.html",
        {"meeting": meeting, "form": form, "guest_form": guest_form, "account_form": account_form, **context},
    )


def _invitees(meeting: Meeting) -> HttpResponse:
    return redirect("meetings:invitees-edit", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def invitees_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitee page; each of its forms posts to a view of its own below."""
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.SET_INVITEES)
    return _invitees_page(request, meeting)


@login_required
@require_POST
def invitees_set(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.SET_INVITEES)
    context = selectors.invitees_context(meeting)
    form = forms.InviteesForm(
        request.POST,
        candidates=context["candidates"],
        initial={"users": context["invited_ids"]},
        prefix="invitees",
    )
    if form.is_valid():
        saved = run_service(
            request,
            lambda: services.invitees_set(
                meeting=meeting, actor=request.user, users=form.selected_users(), access=access
            ),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The invitee list is saved."))
        if saved.ok or saved.refused:
            return _invitees(meeting)
    return _invitees_page(request, meeting, context=context, form=form)


@login_required
@require_POST
def guest_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.SET_INVITEES)
    context = selectors.invitees_context(meeting)
    guest_form = forms.GuestInviteForm(request.POST, options=context["guest_options"], prefix="guest")
    if guest_form.is_valid():
        invited = run_service(
            request,
            lambda: services.guest_invite(
                meeting=meeting, actor=request.user, user=guest_form.cleaned_data["user"], access=access
            ),
            form=guest_form,
        )
        if invited.ok:
            messages.success(request, _("The guest is invited."))
        if invited.ok or invited.refused:
            return _invitees(meeting)
    return _invitees_page(request, meeting, context=context, guest_form=guest_form)


@login_required
@require_POST
def guest_account_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.SET_INVITEES)
    account_form = forms.GuestAccountForm(request.POST, prefix="account")
    if account_form.is_valid():
        created = run_service(
            request,
            lambda: services.guest_account_create(
                meeting=meeting, actor=request.user, access=access, **account_form.cleaned_data
            ),
            form=account_form,
        )
        if created.ok:
            guest, password = created.value
            messages.success(
                request,
                _(
                    "An account is created for %(name)s and invited to this meeting only. Login: %(login)s, "
                    "password: %(password)s — hand it over in person; it is shown only once."
                )
                % {"name": guest, "login": guest.username, "password": password},
            )
        if created.ok or created.refused:
            return _invitees(meeting)
    return _invitees_page(request, meeting, account_form=account_form)


@login_required
@require_POST
def guest_remove(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.SET_INVITEES)
    invitation = selectors.invitation_get(meeting, invitation_pk, kind=Invitation.Kind.GUEST)
    if run_service(
        request, lambda: services.guest_remove(invitation=invitation, actor=request.user, access=access)
    ).ok:
        messages.success(request, _("The guest is no longer invited."))
    return _invitees(meeting)


# --- lifecycle (Điều 8.1) -----------------------------------------------------------------------


@login_required
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    if request.method != "POST":
        return _detail(meeting)
    access.require(Right.CONVENE, now=False)
    if run_service(
        request, lambda: services.meeting_convene(meeting=meeting, actor=request.user, access=access)
    ).ok:
        messages.success(request, _("The meeting is convened: the invitations are sent."))
    return _detail(meeting)


@login_required
def meeting_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    # The form is offered only while the meeting can be postponed; a form submitted after the
    # meeting moved on gets the service's message instead of a 403.
    access.require(Right.POSTPONE, now=request.method != "POST")
    form = forms.PostponeForm(
        request.POST or None,
        initial={
            "start_at": forms.minute_precision(meeting.start_at),
            "end_at": forms.minute_precision(meeting.end_at),
        },
    )
    if request.method == "POST" and form.is_valid():
        postponed = run_service(
            request,
            lambda: services.meeting_postpone(
                meeting=meeting, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
        )
        if postponed.ok:
            messages.success(request, _("The meeting is postponed."))
        if postponed.ok or postponed.refused:
            return _detail(meeting)
    return render(request, "meetings/meeting_postpone.html", {"meeting": meeting, "form": form})


@login_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    # As for postponing: no form once the meeting cannot be cancelled, a message for a late submit.
    access.require(Right.CANCEL, now=request.method != "POST")
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cancelled = run_service(
            request,
            lambda: services.meeting_cancel(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"], access=access
            ),
            form=form,
        )
        if cancelled.ok:
            messages.success(request, _("The meeting is cancelled."))
        if cancelled.ok or cancelled.refused:
            return _detail(meeting)
    return render(request, "meetings/meeting_cancel.html", {"meeting": meeting, "form": form})


# --- answers and the roll (Điều 6.5) ------------------------------------------------------------


@login_required
def invitation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    # Invitees only; whether answers are still taken is the service's answer, with its message.
    access.require(Right.ANSWER, now=False)
    invitation = access.invitation
    if request.method != "POST":
        refusal = access.refusal(Right.ANSWER)
        if refusal:
            messages.error(request, refusal)
            return _detail(meeting)
    form = forms.InvitationResponseForm(
        request.POST or None,
        request.FILES or None,
        initial=forms.InvitationResponseForm.initial_for(invitation),
    )
    if request.method == "POST" and form.is_valid():
        # Answers closed while the form was open: the refusal is said above what the person typed.
        answered = run_service(
            request,
            lambda: services.invitation_respond(
                invitation=invitation, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
            field="written_opinion_file",
            refusal_on_form=True,
        )
        if answered.ok:
            messages.success(request, _("Your answer is recorded."))
            return _detail(meeting)
    return render(
        request, "meetings/invitation_form.html", {"meeting": meeting, "invitation": invitation, "form": form}
    )


@login_required
def opinion_download(request: HttpRequest, pk: int, invitation_pk: int) -> FileResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    invitation = selectors.invitation_get(meeting, invitation_pk)
    access.require(Right.VIEW_WRITTEN_OPINION, invitation, now=False)
    if not invitation.written_opinion_file:
        raise Http404
    name = invitation.written_opinion_file.name.rsplit("/", 1)[-1]
    content_type = ALLOWED_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    try:
        handle = invitation.written_opinion_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


@login_required
@require_POST
def absence_decide(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.DECIDE_ABSENCE)
    invitation = selectors.invitation_get(meeting, invitation_pk)
    form = forms.DecisionForm(request.POST, yes="approve", no="refuse")
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to refuse."))
        return redirect("meetings:meeting-roll", pk=meeting.pk)
    decided = run_service(
        request,
        lambda: services.absence_decide(
            invitation=invitation, actor=request.user, approve=form.accepted, access=access
        ),
    )
    if decided.ok:
        messages.success(
            request, _("The absence is approved.") if form.accepted else _("The absence is refused.")
        )
    return redirect("meetings:meeting-roll", pk=meeting.pk)


@login_required
def meeting_roll(request: HttpRequest, pk: int) -> HttpResponse:
    _meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.VIEW_ROLL)
    context = selectors.meeting_roll_context(access)
    template = (
        "meetings/_meeting_roll_table.html"
        if request.headers.get("HX-Request")
        else "meetings/meeting_roll.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.RECORD_ATTENDANCE)
    context = selectors.attendance_context(meeting)
    form = forms.AttendanceForm(
        request.POST or None, invitations=context["invitations"], initial_marks=context["initial_marks"]
    )
    if request.method == "POST" and form.is_valid():
        recorded = run_service(
            request,
            lambda: services.attendance_record(
                meeting=meeting, actor=request.user, marks=form.marks(), access=access
            ),
            form=form,
        )
        if recorded.ok:
            messages.success(request, _("The attendance is recorded."))
            return redirect("meetings:attendance-record", pk=meeting.pk)
        if recorded.refused:
            return _detail(meeting)
    return render(
        request,
        "meetings/attendance_form.html",
        {"meeting": meeting, "form": form, "summary": context["summary"]},
    )


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
