"""HTTP for the meeting pages: preparing, convening, answering, the roll, attendance, proposals.

Each view parses input, loads the meeting with the person's access through
`permissions.access_meeting` (404 for people who may not see it), requires a right of that access
(403), calls one service or selector with it and renders or redirects. Refusals (MeetingError)
become a message; bad input (ValidationError) is shown under its field with everything typed kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.permissions import get_committee_for_user

from .. import permissions, services
from ..forms import meetings as forms
from ..models import Invitation, Meeting, MeetingError
from ..permissions import CommitteeRight, Right
from ..selectors import meetings as selectors
from ..uploads import ALLOWED_TYPES


def _show_errors(form: Form, error: ValidationError, field: str | None = None) -> None:
    """Put a service's ValidationError on the form: per field where the form has that field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field if field in form.fields else None, error.messages)


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
        try:
            meeting = services.meeting_create(committee=committee, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _show_errors(form, e)
        except MeetingError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("The meeting draft is created."))
            return _detail(meeting)
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
        try:
            services.meeting_update(meeting=meeting, actor=request.user, access=access, **form.changes())
        except ValidationError as e:
            _show_errors(form, e)
        except MeetingError as e:
            form.add_error(None, e.message)
        else:
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
        try:
            services.agenda_item_add(meeting=meeting, actor=request.user, access=access, **form.cleaned_data)
        except ValidationError as e:
            _show_errors(form, e)
        except MeetingError as e:
            messages.error(request, e.message)
            return _detail(meeting)
        else:
            messages.success(request, _("The agenda item is added."))
            return redirect(meeting.get_absolute_url() + "#agenda")
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
    try:
        services.agenda_item_delete(item=item, actor=request.user, access=access)
    except MeetingError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("The agenda item is removed."))
    return redirect(meeting.get_absolute_url() + "#agenda")


@login_required
def paper_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.EDIT)
    initial = {"agenda_item": _int_or_none(request.GET.get("item"))}
    form = forms.PaperForm(request.POST or None, request.FILES or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_add(
                meeting=meeting,
                actor=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                agenda_item=form.cleaned_data["agenda_item"],
                access=access,
            )
        except ValidationError as e:
            _show_errors(form, e, field="file")
        except MeetingError as e:
            messages.error(request, e.message)
            return _detail(meeting)
        else:
            messages.success(request, _("The paper is uploaded."))
            return redirect(meeting.get_absolute_url() + "#papers")
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


@login_required
def invitees_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.SET_INVITEES)
    context = selectors.invitees_context(meeting)
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.InviteesForm(
        request.POST if action == "set" else None,
        candidates=context["candidates"],
        initial={"users": context["invited_ids"]},
        prefix="invitees",
    )
    guest_form = forms.GuestInviteForm(
        request.POST if action == "add_guest" else None, options=context["guest_options"], prefix="guest"
    )
    account_form = forms.GuestAccountForm(request.POST if action == "new_guest" else None, prefix="account")
    try:
        if action == "new_guest" and account_form.is_valid():
            guest, password = services.guest_account_create(
                meeting=meeting, actor=request.user, access=access, **account_form.cleaned_data
            )
            messages.success(
                request,
                _(
                    "An account is created for %(name)s and invited to this meeting only. Login: %(login)s, "
                    "password: %(password)s — hand it over in person; it is shown only once."
                )
                % {"name": guest, "login": guest.username, "password": password},
            )
            return redirect("meetings:invitees-edit", pk=meeting.pk)
        if action == "set" and form.is_valid():
            services.invitees_set(
                meeting=meeting, actor=request.user, users=form.selected_users(), access=access
            )
            messages.success(request, _("The invitee list is saved."))
            return redirect("meetings:invitees-edit", pk=meeting.pk)
        if action == "add_guest" and guest_form.is_valid():
            services.guest_invite(
                meeting=meeting, actor=request.user, user=guest_form.cleaned_data["user"], access=access
            )
            messages.success(request, _("The guest is invited."))
            return redirect("meetings:invitees-edit", pk=meeting.pk)
        if action == "remove_guest":
            invitation = selectors.invitation_get(
                meeting, _int_or_none(request.POST.get("invitation")) or 0, kind=Invitation.Kind.GUEST
            )
            services.guest_remove(invitation=invitation, actor=request.user, access=access)
            messages.success(request, _("The guest is no longer invited."))
            return redirect("meetings:invitees-edit", pk=meeting.pk)
    except ValidationError as e:
        _show_errors(account_form, e)
    except MeetingError as e:
        messages.error(request, e.message)
        return redirect("meetings:invitees-edit", pk=meeting.pk)
    return render(
        request,
        "meetings/invitees_form.html",
        {"meeting": meeting, "form": form, "guest_form": guest_form, "account_form": account_form, **context},
    )


# --- lifecycle (Điều 8.1) -----------------------------------------------------------------------


@login_required
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    if request.method != "POST":
        return _detail(meeting)
    access.require(Right.CONVENE, now=False)
    try:
        services.meeting_convene(meeting=meeting, actor=request.user, access=access)
    except MeetingError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("The meeting is convened: the invitations are sent."))
    return _detail(meeting)


@login_required
def meeting_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.POSTPONE, now=request.method != "POST")
    form = forms.PostponeForm(
        request.POST or None,
        initial={
            "start_at": forms.minute_precision(meeting.start_at),
            "end_at": forms.minute_precision(meeting.end_at),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_postpone(meeting=meeting, actor=request.user, access=access, **form.cleaned_data)
        except ValidationError as e:
            _show_errors(form, e)
        except MeetingError as e:
            messages.error(request, e.message)
            return _detail(meeting)
        else:
            messages.success(request, _("The meeting is postponed."))
            return _detail(meeting)
    return render(request, "meetings/meeting_postpone.html", {"meeting": meeting, "form": form})


@login_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.CANCEL, now=request.method != "POST")
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"], access=access
            )
        except ValidationError as e:
            _show_errors(form, e)
        except MeetingError as e:
            messages.error(request, e.message)
            return _detail(meeting)
        else:
            messages.success(request, _("The meeting is cancelled."))
            return _detail(meeting)
    return render(request, "meetings/meeting_cancel.html", {"meeting": meeting, "form": form})


# --- answers and the roll (Điều 6.5) ------------------------------------------------------------


@login_required
def invitation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
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
        try:
            services.invitation_respond(
                invitation=invitation, actor=request.user, access=access, **form.cleaned_data
            )
        except ValidationError as e:
            _show_errors(form, e, field="written_opinion_file")
        except MeetingError as e:
            # Answers closed while the form was open: say so above what the person typed.
            form.add_error(None, e.message)
        else:
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
    try:
        services.absence_decide(
            invitation=invitation, actor=request.user, approve=form.accepted, access=access
        )
    except MeetingError as e:
        messages.error(request, e.message)
    else:
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
        try:
            services.attendance_record(meeting=meeting, actor=request.user, marks=form.marks(), access=access)
        except MeetingError as e:
            messages.error(request, e.message)
            return _detail(meeting)
        else:
            messages.success(request, _("The attendance is recorded."))
            return redirect("meetings:attendance-record", pk=meeting.pk)
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
            try:
                services.proposal_create(committee=committee, actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                _show_errors(form, e)
            except MeetingError as e:
                messages.error(request, e.message)
                return redirect("meetings:proposal-list", committee_pk=committee.pk)
            else:
                messages.success(request, _("Your proposal is sent to the chair and the deputies."))
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
    try:
        proposal = services.proposal_decide(
            proposal=proposal, actor=request.user, accept=form.accepted, note=form.cleaned_data["note"]
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return back
    except MeetingError as e:
        messages.error(request, e.message)
        return back
    if proposal.meeting is not None:
        messages.success(request, _("The proposal is accepted: prepare the meeting's draft."))
        return redirect("meetings:meeting-edit", pk=proposal.meeting.pk)
    messages.success(request, _("The proposal is declined."))
    return back
