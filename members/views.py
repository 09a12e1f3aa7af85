"""HTTP for the members app: parse, load through an access helper, call one selector, render."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import permissions, selectors, services
from .forms import (
    ChairActingPeriodForm,
    FocalOfficerForm,
    NotificationFilterForm,
    NotificationPreferencesForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
    SupportDutyForm,
    SupportTeamForm,
    SupportTeamMemberForm,
    run_service,
)
from .models import RoleAssignment


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = permissions.get_committee_for_user(request.user, pk)
    composition = selectors.committee_composition(committee)
    return render(
        request,
        "members/committee_detail.html",
        {
            "composition": composition,
            "committee": committee,
            "can_view_assignment_history": permissions.can_view_assignment_history(request.user),
            "can_record_acting_period": permissions.can_record_acting_period(request.user, committee),
            "can_name_focal_officers": permissions.can_name_focal_officers(request.user, committee),
            "can_manage_support_teams": permissions.can_manage_support_teams(request.user, committee),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def acting_period_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair records an absence and the deputy who acts for them meanwhile (Điều 4.1)."""
    committee = permissions.get_committee_for_user(request.user, pk)
    permissions.ensure_can_record_acting_period(request.user, committee)
    form = ChairActingPeriodForm(request.POST or None, deputies=selectors.committee_deputies(committee))
    if request.method == "POST" and form.is_valid():
        recorded = run_service(
            request,
            lambda: services.chair_acting_period_record(
                committee=committee, actor=request.user, **form.cleaned_data
            ),
            form=form,
        )
        if recorded.ok:
            messages.success(request, _("The acting period is recorded; the deputy is told."))
            return redirect(committee)
    return render(request, "members/acting_period_form.html", {"committee": committee, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def focal_officers(request: HttpRequest, committee_pk: int) -> HttpResponse:
    """An agency's member sees its focal officers in the committee and names one (Điều 9.3):
    404 without a role in the committee, 403 for anyone but a member."""
    committee = permissions.get_committee_for_user(request.user, committee_pk)
    agencies = permissions.ensure_can_name_focal_officers(request.user, committee)
    page = selectors.focal_officers_for_member(committee, request.user, agencies)
    form = FocalOfficerForm(
        request.POST or None, candidates=page.candidates, initial={"start_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        named = run_service(
            request,
            lambda: services.focal_officer_name(committee=committee, actor=request.user, **form.cleaned_data),
            form=form,
        )
        if named.ok:
            messages.success(
                request,
                _("%(person)s is named focal officer from %(date)s and is told.")
                % {"person": named.value.user, "date": named.value.start_date.strftime("%d/%m/%Y")},
            )
            return redirect("members:focal-officers", committee_pk=committee.pk)
    return render(
        request, "members/focal_officer_list.html", {"committee": committee, "page": page, "form": form}
    )


@login_required
@require_POST
def focal_officer_remove(request: HttpRequest, committee_pk: int, pk: int) -> HttpResponse:
    """The agency's member removes a focal officer: the term ends today (one not started yet is
    withdrawn). Another agency's officer: 403 (the service's answer)."""
    committee = permissions.get_committee_for_user(request.user, committee_pk)
    permissions.ensure_can_name_focal_officers(request.user, committee)
    assignment = selectors.focal_officer_assignment_get(committee, pk)
    if assignment is None:
        raise Http404
    removed = run_service(
        request, lambda: services.focal_officer_remove(assignment=assignment, actor=request.user)
    )
    if removed.ok and removed.value is None:
        messages.success(
            request, _("The naming of %(person)s is withdrawn; they are told.") % {"person": assignment.user}
        )
    elif removed.ok:
        messages.success(
            request,
            _("%(person)s is no longer a focal officer after today; they are told.")
            % {"person": assignment.user},
        )
    return redirect("members:focal-officers", committee_pk=committee.pk)


# --- the support group's sub-teams and duties (Điều 4.3, 7.8) -------------------------------------


def _managed_committee(request: HttpRequest, committee_pk: int):
    """The committee, for its deputies and support group's leader: 404 without a role there, 403
    for the other roles."""
    committee = permissions.get_committee_for_user(request.user, committee_pk)
    permissions.ensure_can_manage_support_teams(request.user, committee)
    return committee


def _managed_team(request: HttpRequest, committee_pk: int, pk: int):
    committee = _managed_committee(request, committee_pk)
    team = selectors.support_team_get(committee, pk)
    if team is None:
        raise Http404  # another committee's sub-team, or none
    return team


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def support_teams(request: HttpRequest, committee_pk: int) -> HttpResponse:
    """The committee's sub-teams with their members and duties, and the form of a new one."""
    committee = _managed_committee(request, committee_pk)
    form = SupportTeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request,
            lambda: services.support_team_create(
                committee=committee, actor=request.user, **form.cleaned_data
            ),
            form=form,
        )
        if created.ok:
            messages.success(request, _("The sub-team %(name)s is created.") % {"name": created.value.name})
            return redirect("members:support-team", committee_pk=committee.pk, pk=created.value.pk)
    return render(
        request,
        "members/support_team_list.html",
        {"committee": committee, "teams": selectors.support_teams_with_duties(committee), "form": form},
    )


def _team_page(request: HttpRequest, team, *, edit_form=None, member_form=None) -> HttpResponse:
    committee = team.committee
    teams = [t for t in selectors.support_teams_with_duties(committee) if t.pk == team.pk]
    candidates = selectors.support_group_people(committee).exclude(pk__in=team.memberships.values("user_id"))
    return render(
        request,
        "members/support_team_detail.html",
        {
            "committee": committee,
            "team": teams[0] if teams else team,
            "edit_form": edit_form or SupportTeamForm(initial={"name": team.name, "domain": team.domain}),
            "member_form": member_form or SupportTeamMemberForm(candidates=candidates),
            "has_candidates": candidates.exists(),
            "followed_count": team.followed_directives.count(),
            "history": selectors.support_duty_history(team),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def support_team(request: HttpRequest, committee_pk: int, pk: int) -> HttpResponse:
    """One sub-team: its name and field (POST changes them), its members and their duties."""
    team = _managed_team(request, committee_pk, pk)
    if request.method != "POST":
        return _team_page(request, team)
    form = SupportTeamForm(request.POST)
    if form.is_valid():
        saved = run_service(
            request,
            lambda: services.support_team_update(team=team, actor=request.user, **form.cleaned_data),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The sub-team is saved."))
            return redirect("members:support-team", committee_pk=committee_pk, pk=team.pk)
    return _team_page(request, team, edit_form=form)


@login_required
@require_POST
def support_team_delete(request: HttpRequest, committee_pk: int, pk: int) -> HttpResponse:
    team = _managed_team(request, committee_pk, pk)
    deleted = run_service(request, lambda: services.support_team_delete(team=team, actor=request.user))
    if not deleted.ok:
        return redirect("members:support-team", committee_pk=committee_pk, pk=team.pk)
    messages.success(request, _("The sub-team %(name)s is deleted.") % {"name": team.name})
    return redirect("members:support-teams", committee_pk=committee_pk)


@login_required
@require_POST
def support_team_member_add(request: HttpRequest, committee_pk: int, pk: int) -> HttpResponse:
    team = _managed_team(request, committee_pk, pk)
    candidates = selectors.support_group_people(team.committee)
    form = SupportTeamMemberForm(request.POST, candidates=candidates)
    if form.is_valid():
        added = run_service(
            request,
            lambda: services.support_team_member_add(team=team, actor=request.user, **form.cleaned_data),
            form=form,
        )
        if added.ok:
            messages.success(request, _("%(person)s joins the sub-team.") % {"person": added.value.user})
            return redirect("members:support-team", committee_pk=committee_pk, pk=team.pk)
    return _team_page(request, team, member_form=form)


def _membership(request: HttpRequest, committee_pk: int, pk: int, member_pk: int):
    team = _managed_team(request, committee_pk, pk)
    membership = selectors.support_team_membership_get(team, member_pk)
    if membership is None:
        raise Http404
    return team, membership


@login_required
@require_POST
def support_team_member_lead(
    request: HttpRequest, committee_pk: int, pk: int, member_pk: int
) -> HttpResponse:
    """Make the person the sub-team's lead (`is_lead=1`), or no longer (anything else)."""
    team, membership = _membership(request, committee_pk, pk, member_pk)
    is_lead = request.POST.get("is_lead") == "1"
    done = run_service(
        request,
        lambda: services.support_team_member_set_lead(
            membership=membership, actor=request.user, is_lead=is_lead
        ),
    )
    if done.ok:
        message = (
            _("%(person)s leads the sub-team.") if is_lead else _("%(person)s no longer leads the sub-team.")
        )
        messages.success(request, message % {"person": membership.user})
    return redirect("members:support-team", committee_pk=committee_pk, pk=team.pk)


@login_required
@require_POST
def support_team_member_remove(
    request: HttpRequest, committee_pk: int, pk: int, member_pk: int
) -> HttpResponse:
    team, membership = _membership(request, committee_pk, pk, member_pk)
    done = run_service(
        request, lambda: services.support_team_member_remove(membership=membership, actor=request.user)
    )
    if done.ok:
        messages.success(
            request,
            _("%(person)s leaves the sub-team, with their duties in it.") % {"person": membership.user},
        )
    return redirect("members:support-team", committee_pk=committee_pk, pk=team.pk)


def _duty_form(team, data=None, **kwargs) -> SupportDutyForm:
    return SupportDutyForm(
        data,
        members=selectors.support_team_people(team),
        agencies=selectors.committee_agencies(team.committee),
        **kwargs,
    )


def _duty_page(request: HttpRequest, team, form: SupportDutyForm, duty=None) -> HttpResponse:
    return render(
        request,
        "members/support_duty_form.html",
        {"committee": team.committee, "team": team, "form": form, "duty": duty},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def support_duty_add(request: HttpRequest, committee_pk: int, pk: int) -> HttpResponse:
    team = _managed_team(request, committee_pk, pk)
    initial = {"start_date": timezone.localdate()}
    person = request.GET.get("user", "")
    if person.isascii() and person.isdigit() and len(person) < 12:  # "²" is a digit int() refuses
        initial["user"] = int(person)
    form = _duty_form(team, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.support_duty_save(team=team, actor=request.user, **form.cleaned_data),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The duty of %(person)s is assigned.") % {"person": saved.value.user})
            return redirect("members:support-team", committee_pk=committee_pk, pk=team.pk)
    return _duty_page(request, team, form)


def _duty(request: HttpRequest, committee_pk: int, pk: int, duty_pk: int):
    team = _managed_team(request, committee_pk, pk)
    duty = selectors.support_duty_get(team, duty_pk)
    if duty is None:
        raise Http404
    return team, duty


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def support_duty_edit(request: HttpRequest, committee_pk: int, pk: int, duty_pk: int) -> HttpResponse:
    team, duty = _duty(request, committee_pk, pk, duty_pk)
    initial = {
        "user": duty.user_id,
        "areas": duty.areas,
        "agencies": list(duty.agencies.values_list("pk", flat=True)),
        "tasks": duty.tasks,
        "start_date": duty.start_date,
        "end_date": duty.end_date,
    }
    form = _duty_form(team, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.support_duty_save(team=team, actor=request.user, duty=duty, **form.cleaned_data),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The duty of %(person)s is saved.") % {"person": saved.value.user})
            return redirect("members:support-team", committee_pk=committee_pk, pk=team.pk)
    return _duty_page(request, team, form, duty)


@login_required
@require_POST
def support_duty_delete(request: HttpRequest, committee_pk: int, pk: int, duty_pk: int) -> HttpResponse:
    team, duty = _duty(request, committee_pk, pk, duty_pk)
    done = run_service(request, lambda: services.support_duty_delete(duty=duty, actor=request.user))
    if done.ok:
        messages.success(request, _("The duty of %(person)s is withdrawn.") % {"person": duty.user})
    return redirect("members:support-team", committee_pk=committee_pk, pk=team.pk)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("members:profile")
    else:
        form = ProfileForm(instance=request.user)
    roles = (
        RoleAssignment.objects.filter(user=request.user)
        .select_related("committee", "organization")
        .order_by("-start_date")
    )
    return render(request, "members/profile.html", {"form": form, "roles": roles})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PasswordChangeForm(request.user, request.POST)
        if form.is_valid():
            user = form.save()
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect("members:profile")
    else:
        form = PasswordChangeForm(request.user)
    return render(request, "members/password_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    """The person's notifications, filtered by kind and read state (GET), 25 a page; POST marks
    them all read. A filter value not offered is ignored, with a message on the field."""
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("members:notification-list")
    form = NotificationFilterForm(request.GET or None, kinds=selectors.notification_kind_choices())
    filters = form.filters() if form.is_bound else {"kind": None, "read": None}
    page = selectors.notification_page_for_user(request.user, page=request.GET.get("page"), **filters)
    return render(
        request,
        "members/notification_list.html",
        {
            "form": form,
            "page_obj": page,
            "notifications": page.object_list,
            "filtered": any(value is not None for value in filters.values()),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Which notifications are e-mailed to the person, and the daily digest; the portal shows
    them all whatever they choose."""
    form = NotificationPreferencesForm(
        request.POST or None,
        sections=selectors.notification_preference_sections(request.user),
        digest=request.user.email_digest,
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.notification_preferences_save(
                user=request.user, by_email=form.choices(), digest=form.cleaned_data["digest"]
            ),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("members:notification-preferences")
    return render(
        request,
        "members/notification_preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


@login_required
def role_assignment_history(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.ensure_can_view_assignment_history(request.user)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "committee", "organization"), pk=pk
    )
    history = selectors.role_assignment_history(assignment)
    return render(
        request,
        "members/roleassignment_history.html",
        {
            "assignment": assignment,
            "history": history,
            "terms": selectors.role_assignment_terms(assignment),
            "can_view_composition": permissions.can_view_composition(request.user, assignment.committee),
        },
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page (settings' handler403). A former holder of a role who follows a link to the
    committee's business is told their term ended, when, and whom to contact; nothing of what the
    link pointed to is shown, only the committee's name."""
    if isinstance(exception, permissions.TermEnded):
        context = {
            "committee": exception.committee,
            "ended_on": exception.ended_on,
            "contacts": selectors.committee_contacts(exception.committee),
        }
        return render(request, "members/term_ended.html", context, status=403)
    return render(request, "403.html", status=403)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} or 503 {"status": "degraded"}; the parts' details (vendor, transport,
    error) only for administrators and monitors on the server itself."""
    state = selectors.system_health()
    ok = all(part["ok"] for part in state.values())
    body: dict[str, object] = {"status": "ok" if ok else "degraded"}
    # With the database down the session (and so request.user) cannot be read: judge by the
    # caller's address alone, rather than answer a 500 to a logged-in monitor.
    user = request.user if state["database"]["ok"] else AnonymousUser()
    if permissions.can_view_system_health_details(user, request.META):
        body.update(state)
    return JsonResponse(body, status=200 if ok else 503)


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgot my password": the same neutral page whether the address is known or not, and
    whether or not the request was refused for being one too many (issue #14, item 6)."""

    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        services.password_reset_request(
            email=form.cleaned_data["email"],
            ip_address=get_client_ip_address(self.request) or "",
            language=get_language(),
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link of the e-mail: valid for PASSWORD_RESET_TIMEOUT and only until the password
    changes. The new password changes the session auth hash, so every other session ends."""

    form_class = SetPasswordForm
