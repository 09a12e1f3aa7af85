"""HTTP for the meeting pages: the list and the page of a meeting, preparing it (Điều 8: the
draft, agenda, papers) and its lifecycle (convene, postpone, cancel).

Each view parses input, loads the meeting with the person's access through
`permissions.access_meeting` (404 for people who may not see it), requires a right of that access
(403), calls one service or selector with it and renders or redirects. `members.forms.run_service`
reports what a service refuses: a refusal (MeetingError) as a message, bad input (ValidationError)
under its field with everything typed kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.forms import run_service
from members.permissions import get_committee_for_user

from .. import permissions, services
from ..forms import meetings as forms
from ..models import Meeting
from ..permissions import CommitteeRight, Right
from ..selectors import meetings as selectors
from ._helpers import int_or_none, meeting_redirect


def _meeting_form_page(
    request: HttpRequest,
    form,
    meeting: Meeting,
    *,
    heading: str,
    submit_label: str,
    anchor: str = "",
    multipart: bool = False,
) -> HttpResponse:
    """A form about one meeting (its details, an agenda item, a paper), on the one form page;
    Cancel goes back to the meeting's page (at `anchor`)."""
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "committee": meeting.committee,
            "heading": heading,
            "submit_label": submit_label,
            "cancel_url": meeting.get_absolute_url() + anchor,
            "multipart": multipart,
        },
    )


# --- the list and the detail page ---------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    context = selectors.meeting_list_for_user(
        request.user, committee_id=int_or_none(request.GET.get("committee"))
    )
    return render(request, "meetings/meeting_list.html", context)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    if meeting.is_consultation:
        return redirect(meeting.get_absolute_url())  # its own page: no one meets
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
            return meeting_redirect(created.value)
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
    if meeting.is_consultation:
        return redirect("meetings:consultation-edit", pk=meeting.pk)
    access.require(Right.EDIT)
    options = selectors.meeting_form_options(meeting.committee_id)
    form = forms.MeetingEditForm(request.POST or None, meeting=meeting, **options)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.meeting_update(
                meeting=meeting, actor=request.user, access=access, **form.changes(), **form.confirmations()
            ),
            form=form,
            refusal_on_form=True,
        )
        if saved.ok:
            messages.success(request, _("The meeting is saved."))
            return meeting_redirect(meeting)
    return _meeting_form_page(request, form, meeting, heading=_("Edit the meeting"), submit_label=_("Save"))


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
            return meeting_redirect(meeting)
    return _meeting_form_page(request, form, meeting, heading=_("Add an agenda item"), submit_label=_("Add"))


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
    initial = {"agenda_item": int_or_none(request.GET.get("item"))}
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
            return meeting_redirect(meeting)
    return _meeting_form_page(
        request, form, meeting, heading=_("Upload a paper"), submit_label=_("Upload"), multipart=True
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


# --- editing and reordering the agenda and the papers (while draft or convened) ------------------


def _agenda_row(meeting, item) -> HttpResponse:
    """Back to the meeting's page, at the agenda item's row."""
    return redirect(f"{meeting.get_absolute_url()}#agenda-item-{item.pk}")


@login_required
def agenda_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    # Offered while the agenda can change; a form submitted later gets the service's message.
    access.require(Right.EDIT, now=request.method != "POST")
    item = selectors.agenda_item_get(meeting, item_pk)
    form = forms.AgendaItemForm(
        request.POST or None,
        initial={
            "title": item.title,
            "presenter": item.presenter_id,
            "minutes_allowed": item.minutes_allowed,
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.agenda_item_update(
                item=item, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The agenda item is saved."))
        if saved.ok or saved.refused:
            return _agenda_row(meeting, item)
    return _meeting_form_page(
        request, form, meeting, heading=_("Edit the agenda item"), submit_label=_("Save"), anchor="#agenda"
    )


@login_required
@require_POST
def agenda_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.EDIT, now=False)
    item = selectors.agenda_item_get(meeting, item_pk)
    direction = request.POST.get("direction", "")
    if direction not in services.MOVES:
        return HttpResponseBadRequest()
    moved = run_service(
        request,
        lambda: services.agenda_item_move(item=item, actor=request.user, direction=direction, access=access),
    )
    if moved.ok:
        # Said in words: whoever does not see the table change still learns where the item went.
        messages.success(
            request,
            _("“%(title)s” is now item %(number)s of the agenda.")
            % {"title": moved.value.title, "number": moved.value.order},
        )
    return _agenda_row(meeting, item)


@login_required
def paper_edit(request: HttpRequest, pk: int, paper_pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.EDIT, now=request.method != "POST")
    paper = selectors.paper_get(meeting, paper_pk)
    form = forms.PaperEditForm(
        request.POST or None,
        meeting=meeting,
        file_name=paper.original_name,
        initial={"title": paper.title, "agenda_item": paper.agenda_item_id},
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.paper_update(
                paper=paper, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The paper is saved."))
        if saved.ok or saved.refused:
            return redirect(meeting.get_absolute_url() + "#papers")
    return _meeting_form_page(
        request, form, meeting, heading=_("Edit the paper"), submit_label=_("Save"), anchor="#papers"
    )


@login_required
@require_POST
def paper_move(request: HttpRequest, pk: int, paper_pk: int) -> HttpResponse:
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.EDIT, now=False)
    paper = selectors.paper_get(meeting, paper_pk)
    direction = request.POST.get("direction", "")
    if direction not in services.MOVES:
        return HttpResponseBadRequest()
    moved = run_service(
        request,
        lambda: services.paper_move(paper=paper, actor=request.user, direction=direction, access=access),
    )
    if moved.ok:
        # Said in words: whoever does not see the list change still learns where the paper went.
        if moved.value.agenda_item is None:
            text = _("“%(title)s” is now paper %(number)s of the meeting as a whole.")
        else:
            text = _("“%(title)s” is now paper %(number)s of “%(item)s”.")
        messages.success(
            request,
            text
            % {
                "title": moved.value.title,
                "number": moved.value.order,
                "item": getattr(moved.value.agenda_item, "title", ""),
            },
        )
    return redirect(f"{meeting.get_absolute_url()}#paper-{paper.pk}")


# --- lifecycle (Điều 8.1) -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation, saying what convening sends and to whom; POST: convene."""
    meeting, access = permissions.access_meeting(request.user, pk)
    access.require(Right.CONVENE, now=False)
    if request.method != "POST":
        refusal = access.refusal(Right.CONVENE)
        if refusal:
            messages.error(request, refusal)
            return meeting_redirect(meeting)
        return render(request, "meetings/meeting_convene.html", selectors.convene_context(meeting))
    if run_service(
        request, lambda: services.meeting_convene(meeting=meeting, actor=request.user, access=access)
    ).ok:
        messages.success(request, _("The meeting is convened: the invitations are sent."))
    return meeting_redirect(meeting)


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
            return meeting_redirect(meeting)
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
            return meeting_redirect(meeting)
    return render(
        request, "meetings/meeting_cancel.html", {"form": form, **selectors.cancel_context(meeting)}
    )
