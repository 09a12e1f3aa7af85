"""HTTP for the answers to an invitation and the roll (Điều 6.5): an invitee's answer with a
written opinion or a substitute, the presiding person's decision on an absence, the roll, and the
attendance recorded at the meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.forms import run_service

from .. import permissions, services
from ..forms import meetings as forms
from ..permissions import Right
from ..selectors import meetings as selectors
from ..uploads import ALLOWED_TYPES
from ._helpers import meeting_redirect

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
            return meeting_redirect(meeting)
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
            return meeting_redirect(meeting)
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
    # Those who keep the minutes; before the meeting starts (or once it is past correcting) they
    # are told why, and a sheet sent anyway gets the service's message.
    access.require(Right.RECORD_ATTENDANCE, now=False)
    if request.method != "POST":
        refusal = access.refusal(Right.RECORD_ATTENDANCE)
        if refusal:
            messages.error(request, refusal)
            return meeting_redirect(meeting)
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
            # Refused (sent before the start, or once the meeting moved on): said above the sheet,
            # with every mark as typed, rather than on another page that loses them.
            refusal_on_form=True,
        )
        if recorded.ok:
            messages.success(request, _("The attendance is recorded."))
            return redirect("meetings:attendance-record", pk=meeting.pk)
    return render(
        request,
        "meetings/attendance_form.html",
        {"meeting": meeting, "form": form, "summary": context["summary"]},
    )
