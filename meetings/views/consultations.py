"""HTTP for a written consultation of the members (issue #13): asking (the secretariat prepares it
for the person asking), the request page, sending it, each member's answer (a focal officer of
the member's agency may prepare it), the answer's file, and the summary after the deadline. The
decision uses the conclusions' pages and the notice (views/minutes.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from members.forms import run_service
from members.permissions import get_committee_for_user

from .. import permissions, services
from ..forms import consultations as forms
from ..models import ConsultationAnswer, Invitation, Meeting
from ..permissions import CommitteeRight, Right
from ..selectors import consultations as selectors
from ..uploads import ALLOWED_TYPES


def _consultation(request: HttpRequest, pk: int):
    """The consultation with the person's access; 404 for a meeting of another kind."""
    meeting, access = permissions.access_meeting(request.user, pk)
    if not meeting.is_consultation:
        raise Http404
    return meeting, access


def _back(meeting: Meeting) -> HttpResponse:
    return redirect("meetings:consultation-detail", pk=meeting.pk)


@login_required
def consultation_create(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee = get_committee_for_user(request.user, committee_pk, "view_committee_business")
    permissions.CommitteeAccess(request.user, committee.pk).require(CommitteeRight.CREATE_MEETING)
    form = forms.ConsultationForm(request.POST or None, **selectors.consultation_form_options(committee))
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request,
            lambda: services.consultation_create(
                committee=committee, actor=request.user, **form.cleaned_data
            ),
            form=form,
            refusal_on_form=True,
        )
        if created.ok:
            messages.success(
                request,
                _("The consultation is drafted: attach the draft document, then send it to the members."),
            )
            return _back(created.value)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "committee": committee,
            "heading": _("New written consultation"),
            "submit_label": _("Create the draft"),
            "cancel_url": reverse("meetings:meeting-list"),
        },
    )


@login_required
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft consultation's details, before it is sent."""
    meeting, access = _consultation(request, pk)
    access.require(Right.EDIT)
    consultation = meeting.consultation
    initial = {
        "title": meeting.title,
        "asked_by": str(consultation.asked_by_id),
        "matter": consultation.matter,
        "questions": "\n".join(consultation.questions),
        "deadline": forms.minute_precision(consultation.deadline),
    }
    form = forms.ConsultationEditForm(
        request.POST or None, initial=initial, **selectors.consultation_form_options(meeting.committee)
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.consultation_update(
                meeting=meeting, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
            refusal_on_form=True,
        )
        if saved.ok:
            messages.success(request, _("The consultation is saved."))
            return _back(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "committee": meeting.committee,
            "heading": _("Edit the consultation"),
            "submit_label": _("Save"),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _meeting, access = _consultation(request, pk)
    return render(request, "meetings/consultation_detail.html", selectors.consultation_context(access))


@login_required
def consultation_send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation (to whom, the deadline); POST: send."""
    meeting, access = _consultation(request, pk)
    access.require(Right.CONVENE, now=False)
    if request.method != "POST":
        refusal = access.refusal(Right.CONVENE)
        if refusal:
            messages.error(request, refusal)
            return _back(meeting)
        return render(
            request,
            "meetings/consultation_send.html",
            {
                "meeting": meeting,
                "consultation": meeting.consultation,
                "invitations": list(meeting.invitations.select_related("user", "user__organization")),
            },
        )
    if run_service(
        request, lambda: services.consultation_send(meeting=meeting, actor=request.user, access=access)
    ).ok:
        messages.success(request, _("The consultation is sent: the members are notified with the deadline."))
    return _back(meeting)


@login_required
def consultation_answer(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    """The member's answer: the member sends it; a focal officer of the member's agency
    prepares it for the member to send."""
    meeting, access = _consultation(request, pk)
    invitation = get_object_or_404(
        Invitation.objects.select_related("user"), meeting=meeting, pk=invitation_pk
    )
    may_send = access.may(Right.CONSULT_SEND_ANSWER, invitation)
    if not (may_send or access.may(Right.CONSULT_PREPARE_ANSWER, invitation)):
        raise PermissionDenied  # the member answers; a focal officer of their agency prepares
    answer = ConsultationAnswer.objects.filter(invitation=invitation).first()
    initial = {"position": answer.position, "comments": answer.comments} if answer else {}
    form = forms.AnswerForm(request.POST or None, request.FILES or None, initial=initial)
    refusal = access.refusal(Right.CONSULT_PREPARE_ANSWER, invitation)
    if request.method == "POST" and refusal is None and form.is_valid():
        send = may_send and "send" in request.POST
        saved = run_service(
            request,
            lambda: services.consultation_answer_save(
                invitation=invitation,
                actor=request.user,
                position=form.cleaned_data["position"],
                comments=form.cleaned_data["comments"],
                upload=form.cleaned_data["file"],
                send=send,
                access=access,
            ),
            form=form,
            refusal_on_form=True,
        )
        if saved.ok:
            messages.success(
                request,
                _("Your answer is sent.")
                if send
                else _("The answer is prepared: the member checks and sends it."),
            )
            return _back(meeting)
    elif request.method == "POST" and refusal:
        messages.error(request, refusal)
        return _back(meeting)
    return render(
        request,
        "meetings/consultation_answer.html",
        {
            "form": form,
            "meeting": meeting,
            "consultation": meeting.consultation,
            "invitation": invitation,
            "answer": answer,
            "may_send": may_send,
            "refusal": refusal,
        },
    )


@login_required
def consultation_answer_file(request: HttpRequest, pk: int, invitation_pk: int) -> FileResponse:
    meeting, access = _consultation(request, pk)
    invitation = get_object_or_404(Invitation, meeting=meeting, pk=invitation_pk)
    if not access.can(Right.CONSULT_READ_ANSWER, invitation):
        raise Http404
    answer = ConsultationAnswer.objects.filter(invitation=invitation).first()
    if answer is None or not answer.file:
        raise Http404
    ext = answer.original_name.rsplit(".", 1)[-1].lower()
    try:
        handle = answer.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=answer.original_name,
        content_type=ALLOWED_TYPES.get(ext, "application/octet-stream"),
    )


@login_required
def consultation_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat's summary after the deadline: the generated text to edit, and a
    confirmation that compiling closes the answers; then editable until the decision."""
    meeting, access = _consultation(request, pk)
    access.require(Right.CONSULT_COMPILE, now=False)
    consultation = meeting.consultation
    refusal = access.refusal(Right.CONSULT_COMPILE)
    if refusal:
        messages.error(request, refusal)
        return _back(meeting)
    initial = {"summary": consultation.summary or services.summary_text(meeting)}
    form = forms.SummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        compiled = run_service(
            request,
            lambda: services.consultation_summary_compile(
                meeting=meeting, actor=request.user, summary=form.cleaned_data["summary"], access=access
            ),
            form=form,
            refusal_on_form=True,
        )
        if compiled.ok:
            messages.success(
                request, _("The summary is saved: the answers are closed and the chair can decide.")
            )
            return _back(meeting)
    return render(
        request,
        "meetings/consultation_summary.html",
        {
            "form": form,
            "meeting": meeting,
            "consultation": consultation,
            "closing": meeting.status == Meeting.Status.CONVENED,
        },
    )
