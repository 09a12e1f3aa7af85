"""HTTP for the minutes, the conclusions, the notice and a meeting's history (Điều 3, 4.2, 7):
parse, load the meeting with the person's access, require a right of it, call one service or
selector with it, render. What a service refuses is reported by `members.forms.run_service`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.forms import run_service

from .. import permissions, services
from ..forms.minutes import (
    AddendumForm,
    ConclusionForm,
    MinutesCommentAnswerForm,
    MinutesCommentForm,
    MinutesForm,
)
from ..models import Meeting, Minutes
from ..permissions import MeetingAccess, Right
from ..selectors import minutes as selectors
from ._helpers import int_or_none

# --- the minutes --------------------------------------------------------------------------------


def _main_minutes(meeting: Meeting) -> Minutes:
    """The meeting's main minutes; 404 before they are started."""
    minutes = selectors.minutes_main_get(meeting)
    if minutes is None:
        raise Http404
    return minutes


def _answer_form_prefix(comment_pk: int) -> str:
    return f"answer-{comment_pk}"


def _render_detail(
    request: HttpRequest,
    access: MeetingAccess,
    comment_form: MinutesCommentForm,
    answer_form: MinutesCommentAnswerForm | None = None,
) -> HttpResponse:
    """The minutes page; `answer_form` is a submitted answer to show again with its errors."""
    meeting = access.meeting
    page = selectors.minutes_page_for_user(access)
    if page is None:
        raise Http404
    comment_rows = []
    for comment in page.comments:
        form = None
        if page.can_answer_comments:
            if answer_form is not None and answer_form.prefix == _answer_form_prefix(comment.pk):
                form = answer_form
            else:
                form = MinutesCommentAnswerForm(prefix=_answer_form_prefix(comment.pk))
        comment_rows.append((comment, form))
    return render(
        request,
        "meetings/minutes_detail.html",
        {
            "meeting": meeting,
            "page": page,
            "minutes": page.minutes,
            "comment_form": comment_form,
            "comment_rows": comment_rows,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _meeting, access = permissions.access_meeting(request.user, pk)
    return _render_detail(request, access, MinutesCommentForm())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the pre-filled draft, or edit the text with optimistic locking; signed minutes are
    shown read-only (a correction is an addendum)."""
    meeting, access = permissions.access_meeting(request.user, pk)
    minutes = selectors.minutes_main_get(meeting)
    can_edit = access.can(Right.DRAFT_MINUTES, minutes)
    # Signed minutes: whoever reads them gets the read-only page; a save is refused by the service.
    reads_signed = minutes is not None and minutes.locked and access.can_view_minutes(minutes)
    if not (can_edit or reads_signed):
        raise PermissionDenied
    if minutes is None:
        if request.method == "POST":
            started = run_service(
                request, lambda: services.minutes_start(meeting=meeting, actor=request.user, access=access)
            )
            if not started.ok:
                return redirect(meeting)
            messages.success(request, _("The draft minutes are started from the meeting's records."))
            return redirect("meetings:minutes-edit", pk=meeting.pk)
        return render(request, "meetings/minutes_form.html", {"meeting": meeting, "minutes": None})

    context = {
        "meeting": meeting,
        "minutes": minutes,
        "can_edit": can_edit,
        "can_add_addendum": access.can(Right.ADD_ADDENDUM, minutes),
        "record": selectors.minutes_record(minutes) if can_edit else None,
    }
    status = 200
    if request.method == "POST":
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                saved = run_service(
                    request,
                    lambda: services.minutes_update(
                        minutes=minutes,
                        actor=request.user,
                        body=form.cleaned_data["body"],
                        expected_version=form.cleaned_data["version"],
                        access=access,
                    ),
                    form=form,
                    reraise=(services.MinutesStale,),
                )
            except services.MinutesStale as e:
                # Not a refusal but a page of its own: what the person typed, the saved text and
                # the difference; the hidden version moves on so a deliberate re-save works.
                data = request.POST.copy()
                data["version"] = str(e.current.version)
                form = MinutesForm(data)
                context.update(stale=e, diff=selectors.diff_lines(e.diff))
                status = 409
            else:
                if saved.ok:
                    messages.success(request, _("The minutes are saved."))
                if saved.ok or saved.refused:
                    return redirect("meetings:minutes-detail", pk=meeting.pk)
    else:
        form = MinutesForm(initial={"body": minutes.body, "version": minutes.version})
    context["form"] = form
    return render(request, "meetings/minutes_form.html", context, status=status)


@login_required
@require_POST
def minutes_open_review(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    minutes = _main_minutes(meeting)
    access.require(Right.DRAFT_MINUTES, minutes)
    opened = run_service(
        request, lambda: services.minutes_open_review(minutes=minutes, actor=request.user, access=access)
    )
    if opened.ok:
        messages.success(
            request,
            _("The draft is open for the participants' comments until %(date)s.")
            % {"date": opened.value.review_until.strftime("%d/%m/%Y")},
        )
    return redirect("meetings:minutes-detail", pk=meeting.pk)


@login_required
@require_POST
def minutes_comment(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    minutes = _main_minutes(meeting)
    # Readers post; whether comments are still open is the service's answer, with its message.
    access.require(Right.VIEW_MINUTES, minutes)
    form = MinutesCommentForm(request.POST)
    if form.is_valid():
        added = run_service(
            request,
            lambda: services.minutes_comment_add(
                minutes=minutes, actor=request.user, body=form.cleaned_data["body"], access=access
            ),
            form=form,
        )
        if added.ok:
            messages.success(request, _("Your comment is added."))
        if added.ok or added.refused:
            return redirect("meetings:minutes-detail", pk=meeting.pk)
    return _render_detail(request, access, form)


@login_required
@require_POST
def minutes_review_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The presiding person ends the comment window early, so the minutes can be signed."""
    meeting, access = permissions.access_meeting(request.user, pk)
    minutes = _main_minutes(meeting)
    # The presiding person only; whether the window is still open is the service's answer.
    access.require(Right.CLOSE_REVIEW, minutes, now=False)
    if run_service(
        request, lambda: services.minutes_review_close(minutes=minutes, actor=request.user, access=access)
    ).ok:
        messages.success(request, _("The comments are closed: the minutes can be signed."))
    return redirect("meetings:minutes-detail", pk=meeting.pk)


@login_required
@require_POST
def minutes_comment_answer(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    """The support group answers one comment: taken into account or not, with a note."""
    meeting, access = permissions.access_meeting(request.user, pk)
    minutes = _main_minutes(meeting)
    access.require(Right.VIEW_MINUTES, minutes)
    comment = selectors.minutes_comment_get(minutes, comment_pk)
    if comment is None:
        raise Http404
    access.require(Right.ANSWER_COMMENT, comment, now=False)
    form = MinutesCommentAnswerForm(request.POST, prefix=_answer_form_prefix(comment.pk))
    if form.is_valid():
        answered = run_service(
            request,
            lambda: services.minutes_comment_answer(
                comment=comment,
                actor=request.user,
                taken_into_account=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
                access=access,
            ),
            form=form,
        )
        if answered.ok:
            messages.success(request, _("Your answer to the comment is recorded."))
        if answered.ok or answered.refused:
            return redirect(
                f"{reverse('meetings:minutes-detail', kwargs={'pk': meeting.pk})}#comment-{comment.pk}"
            )
    return _render_detail(request, access, MinutesCommentForm(), answer_form=form)


@login_required
@require_POST
def minutes_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign the main minutes, or (with `minutes_pk`) one of their addenda."""
    meeting, access = permissions.access_meeting(request.user, pk)
    target = _main_minutes(meeting)
    raw_pk = request.POST.get("minutes_pk", "").strip()
    if raw_pk:
        minutes_pk = int_or_none(raw_pk)
        target = selectors.minutes_of_meeting_get(meeting, minutes_pk) if minutes_pk else None
        if target is None:
            raise Http404
    # Readers of the text may post; who signs in which capacity (or "already signed") is the
    # service's answer, with its message.
    access.require(Right.VIEW_MINUTES, target)
    if run_service(
        request, lambda: services.minutes_sign(minutes=target, actor=request.user, access=access)
    ).ok:
        messages.success(request, _("Your signature is recorded."))
    return redirect("meetings:minutes-detail", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def minutes_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    """A correction to signed minutes: a new record, linked and signed like the minutes."""
    meeting, access = permissions.access_meeting(request.user, pk)
    minutes = _main_minutes(meeting)
    access.require(Right.ADD_ADDENDUM, minutes)
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request,
            lambda: services.minutes_addendum_create(
                minutes=minutes, actor=request.user, body=form.cleaned_data["body"], access=access
            ),
            form=form,
        )
        if created.ok:
            messages.success(
                request, _("The addendum is recorded. The secretary and the presiding person sign it.")
            )
            return redirect(
                f"{reverse('meetings:minutes-detail', kwargs={'pk': meeting.pk})}#addendum-{created.value.pk}"
            )
        if created.refused:
            return redirect("meetings:minutes-detail", pk=meeting.pk)
    return render(
        request, "meetings/minutes_form.html", {"meeting": meeting, "minutes": minutes, "addendum_form": form}
    )


# --- conclusions and the notice -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def conclusions_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    page = selectors.conclusions_page_for_user(access)
    if page is None:
        raise Http404
    form = ConclusionForm(request.POST or None)
    if request.method == "POST":
        access.require(Right.DRAFT_CONCLUSIONS)
        if form.is_valid():
            added = run_service(
                request,
                lambda: services.conclusion_add(
                    meeting=meeting, actor=request.user, access=access, **form.cleaned_data
                ),
                form=form,
            )
            if added.ok:
                messages.success(request, _("The conclusion is added."))
            if added.ok or added.refused:
                return redirect("meetings:conclusions-edit", pk=meeting.pk)
    return render(request, "meetings/conclusions_form.html", {"meeting": meeting, "page": page, "form": form})


@login_required
@require_POST
def conclusion_delete(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    # Drafters only; whether the conclusions can still change is the service's answer, with its message.
    access.require(Right.DRAFT_CONCLUSIONS, now=False)
    conclusion = selectors.conclusion_of_meeting_get(meeting, conclusion_pk)
    if conclusion is None:
        raise Http404
    if run_service(
        request, lambda: services.conclusion_delete(conclusion=conclusion, actor=request.user, access=access)
    ).ok:
        messages.success(request, _("The conclusion is deleted."))
    return redirect("meetings:conclusions-edit", pk=meeting.pk)


def _conclusion_or_404(meeting: Meeting, conclusion_pk: int):
    conclusion = selectors.conclusion_of_meeting_get(meeting, conclusion_pk)
    if conclusion is None:
        raise Http404
    return conclusion


def _conclusion_row(meeting: Meeting, conclusion) -> HttpResponse:
    """Back to the conclusions' page, at the conclusion's row."""
    url = reverse("meetings:conclusions-edit", kwargs={"pk": meeting.pk})
    return redirect(f"{url}#conclusion-{conclusion.pk}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def conclusion_edit(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    """Change a drafted conclusion until the notice is issued."""
    meeting, access = permissions.access_meeting(request.user, pk)
    # Drafters; the form is offered while the conclusions can change, a late submit gets the
    # service's message.
    access.require(Right.DRAFT_CONCLUSIONS, now=request.method != "POST")
    conclusion = _conclusion_or_404(meeting, conclusion_pk)
    form = ConclusionForm(
        request.POST or None,
        initial={
            "text": conclusion.text,
            "is_instruction": conclusion.is_instruction,
            "lead_organization": conclusion.lead_organization_id,
            "due_date": conclusion.due_date,
            "coordinating_organizations": [org.pk for org in conclusion.coordinating_organizations.all()],
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.conclusion_update(
                conclusion=conclusion, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The conclusion is saved."))
        if saved.ok or saved.refused:
            return _conclusion_row(meeting, conclusion)
    return render(
        request,
        "meetings/conclusion_form.html",
        {"meeting": meeting, "conclusion": conclusion, "form": form},
    )


@login_required
@require_POST
def conclusion_move(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.DRAFT_CONCLUSIONS, now=False)
    conclusion = _conclusion_or_404(meeting, conclusion_pk)
    direction = request.POST.get("direction", "")
    if direction not in services.MOVES:
        return HttpResponseBadRequest()
    moved = run_service(
        request,
        lambda: services.conclusion_move(
            conclusion=conclusion, actor=request.user, direction=direction, access=access
        ),
    )
    if moved.ok:
        messages.success(
            request, _("The conclusion is now number %(number)s.") % {"number": moved.value.order}
        )
    return _conclusion_row(meeting, conclusion)


@login_required
@require_POST
def conclusions_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair (or a deputy for the chair) signs; the numbered notice is issued."""
    meeting, access = permissions.access_meeting(request.user, pk)
    # Signers only; signing out of turn (twice, or before the minutes are signed) is the service's
    # answer, with its message.
    access.require(Right.SIGN_CONCLUSIONS, now=False)
    signed = run_service(
        request, lambda: services.conclusions_sign(meeting=meeting, actor=request.user, access=access)
    )
    if not signed.ok:
        return redirect("meetings:conclusions-edit", pk=meeting.pk)
    messages.success(request, _("Notice %(symbol)s is issued.") % {"symbol": signed.value.symbol})
    return redirect("meetings:notice-detail", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    if not access.may(Right.VIEW_CONCLUSIONS):
        raise Http404
    page = selectors.notice_page(meeting)
    if page is None:
        raise Http404
    return render(
        request, "meetings/notice_detail.html", {"meeting": meeting, "page": page, "notice": page.notice}
    )


# --- history ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def meeting_history(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.VIEW_HISTORY)
    entries = selectors.meeting_history(meeting)
    return render(request, "meetings/meeting_history.html", {"meeting": meeting, "entries": entries})
