"""HTTP for a meeting's invitee page (Điều 8.2): the page, and one view per form on it — the
invitee list, inviting a guest, creating a guest's account, removing a guest. A form sent with
errors comes back bound, the others empty."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from members.forms import run_service

from .. import permissions, services
from ..forms import meetings as forms
from ..models import Invitation, Meeting
from ..permissions import Right
from ..selectors import meetings as selectors


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
@never_cache  # it shows a new guest's one-time password once: no copy in the browser's cache
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
            # Shown once, on the invitee page this redirects to: messages live in the session
            # (settings.MESSAGE_STORAGE), never in a cookie, and that page is never cached.
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
