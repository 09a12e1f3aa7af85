"""The administration: accounts, agencies, committees and their role assignments.

Who may do what here (issue #9): a saved term keeps its person, committee, role and decision (they
are read-only; "End this term and start a new one" changes them); nobody gives themselves a
committee role or changes their own; only a superuser grants staff or superuser status, groups or
permissions; every change to a role assignment or to an account's privileges is a security event
(members/audit.py) besides Django's LogEntry and the history.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminDateWidget
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import audit, permissions, services
from .forms import run_service
from .models import (
    ChairActingPeriod,
    Committee,
    Notification,
    Organization,
    RoleAssignment,
    SupportDuty,
    SupportTeam,
    SupportTeamMembership,
    User,
)
from .notifications import notification_kind, notification_text
from .services import role_assignments_validate_together

Reason = RoleAssignment.ChangeReason

#: What only a superuser may grant: with any of these a staff account could make itself all-powerful.
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "position", "organization", "is_active", "is_staff"]
    list_select_related = ["organization"]
    list_filter = ["is_active", "is_staff", "organization"]
    search_fields = ["username", "full_name", "email", "position"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "position", "organization", "email", "phone"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "organization", "password1", "password2"],
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [name for name in PRIVILEGE_FIELDS if name not in fields]
        return fields

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        # A superuser's account (its password above all) is a superuser's business.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context=None):
        # Restoring an old version of an account restores its staff and superuser status and its
        # password of then, which the read-only fields do not hold back: a superuser's business.
        if request.method == "POST" and not request.user.is_superuser:
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # groups and permissions are m2m
        changed = set(form.changed_data) & set(PRIVILEGE_FIELDS)
        if change and changed:
            audit.user_privileges_event(form.instance, actor=request.user, changed=changed)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """A group's permissions are granted to its members: only a superuser changes them."""

    def get_readonly_fields(self, request: HttpRequest, obj: Group | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser and "permissions" not in fields:
            fields.append("permissions")
        return fields


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_code", "kind", "parent"]
    list_select_related = ["parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_code"]


class RoleAssignmentInlineForm(forms.ModelForm):
    """A saved row keeps its person, role and decision (disabled: what is posted for them is
    ignored); new rows are entered freely."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in RoleAssignment.TERM_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True


class RoleAssignmentInlineFormSet(BaseInlineFormSet):
    """Rows saved together are checked against each other too: two chairs entered on one page
    get a message, not a database error. A row giving the administrator a role, or changing
    their own, is refused with a message."""

    actor: User | None = None  # set per request by RoleAssignmentInline.get_formset

    def clean(self) -> None:
        super().clean()
        rows = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        errors = role_assignments_validate_together([form.instance for form in rows])
        for index, message in errors.items():
            rows[index].add_error("role", message)
        for form in rows:
            person = form.cleaned_data.get("user")
            if form.has_changed() and not permissions.can_manage_role_assignment(self.actor, person):
                form.add_error(
                    None if form.fields["user"].disabled else "user", permissions.own_role_refusal()
                )


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentInlineForm
    formset = RoleAssignmentInlineFormSet
    extra = 0
    fields = ["user", "role", "organization", "start_date", "end_date", "decision_number", "decision_date"]
    autocomplete_fields = ["user", "organization"]

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a new class on every call
        formset.actor = request.user
        return formset


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_code", "parent_body", "decision_number", "decision_date"]
    search_fields = ["name", "short_code"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["name", "short_code", "parent_body", "decision_number", "decision_date"]}),
        (_("Documents"), {"fields": ["place_name", "signs_on_behalf_of", "print_signer_post"]}),
        (_("Directives"), {"fields": ["standing_member_decides_extensions"]}),
        (_("Written consultations"), {"fields": ["consultation_answers_visible"]}),
        (
            _("Compliance thresholds"),
            {
                "fields": [
                    "compliance_quarter_amber_days",
                    "compliance_month_amber_days",
                    "minutes_sign_working_days",
                    "conclusions_sign_working_days",
                    "directive_red_overdue_days",
                    "work_plan_grace_days",
                    "role_term_amber_days",
                    "quarterly_report_working_days",
                ]
            },
        ),
        (None, {"fields": ["description"]}),
    ]

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        assignments = formset.save(commit=False)
        for assignment in formset.deleted_objects:
            audit.role_assignment_event("deleted in the admin", assignment, actor=request.user)
            assignment.delete()
        for assignment in assignments:
            added = assignment.pk is None
            assignment._change_reason = Reason.APPOINTED if added else Reason.CORRECTED
            assignment.save()
            action = "added in the admin" if added else "changed in the admin"
            audit.role_assignment_event(action, assignment, actor=request.user)
        formset.save_m2m()
        return None


class RoleAssignmentAdminForm(forms.ModelForm):
    """Refuses a role for the administrator themselves, and a change to their own assignment."""

    actor: User | None = None  # set per request by RoleAssignmentAdmin.get_form

    def clean(self) -> dict:
        cleaned = super().clean()
        person = cleaned.get("user") if "user" in self.fields else self.instance.user_id
        if not permissions.can_manage_role_assignment(self.actor, person):
            raise ValidationError(permissions.own_role_refusal())
        return cleaned

    def _update_errors(self, errors: ValidationError) -> None:
        # The model's rules may name a field that is read-only on a saved term (the role, for a
        # chair whose corrected dates overlap another chair's): its message goes above the form,
        # where Django would raise ValueError (a 500) for a field the form lacks.
        if hasattr(errors, "error_dict"):
            placed: dict[str, list] = {}
            for name, messages_ in errors.error_dict.items():
                placed.setdefault(name if name in self.fields else NON_FIELD_ERRORS, []).extend(messages_)
            errors = ValidationError(placed)
        super()._update_errors(errors)


class RoleAssignmentEndAndStartForm(forms.Form):
    """End a term on a date and start the person's new one, by its decision, the next day.
    An admin page's form: it renders with the admin's widgets and look, not the portal's."""

    end_date = forms.DateField(
        label=_("The current term ends on"),
        widget=AdminDateWidget,
        help_text=_("The new term starts the next day."),
    )
    role = forms.ChoiceField(label=_("New role"), choices=RoleAssignment.Role.choices)
    organization = forms.ModelChoiceField(
        label=capfirst(RoleAssignment._meta.get_field("organization").verbose_name),
        queryset=Organization.objects.all(),
        required=False,
    )
    decision_number = forms.CharField(
        label=capfirst(RoleAssignment._meta.get_field("decision_number").verbose_name), max_length=64
    )
    decision_date = forms.DateField(
        label=capfirst(RoleAssignment._meta.get_field("decision_date").verbose_name), widget=AdminDateWidget
    )
    note = forms.CharField(
        label=capfirst(RoleAssignment._meta.get_field("note").verbose_name), max_length=255, required=False
    )

    def __init__(self, *args, assignment: RoleAssignment, actor: User, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "end_date": timezone.localdate(),
                "role": assignment.role,
                "organization": assignment.organization_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.actor = actor

    def clean(self) -> dict:
        cleaned = super().clean()
        if not permissions.can_manage_role_assignment(self.actor, self.assignment.user_id):
            raise ValidationError(permissions.own_role_refusal())
        return cleaned


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "user",
        "committee",
        "role",
        "organization",
        "start_date",
        "end_date",
        "decision_number",
        "history_link",
    ]
    list_filter = ["committee", "role"]
    search_fields = ["user__full_name", "user__username", "decision_number"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "committee", "organization"]
    date_hierarchy = "start_date"
    form = RoleAssignmentAdminForm
    change_form_template = "admin/members/roleassignment/change_form.html"

    @admin.display(description=_("history"))
    def history_link(self, obj: RoleAssignment) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("members:roleassignment-history", args=[obj.pk]), _("history")
        )

    def get_readonly_fields(self, request: HttpRequest, obj: RoleAssignment | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += [name for name in RoleAssignment.TERM_FIELDS if name not in fields]
        return fields

    def get_form(self, request: HttpRequest, obj: RoleAssignment | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a new class on every call
        form.actor = request.user
        return form

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form, change: bool) -> None:
        obj._change_reason = Reason.CORRECTED if change else Reason.APPOINTED
        super().save_model(request, obj, form, change)
        action = "changed in the admin" if change else "added in the admin"
        audit.role_assignment_event(action, obj, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        audit.role_assignment_event("deleted in the admin", obj, actor=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for obj in queryset.select_related("user", "committee"):
            audit.role_assignment_event("deleted in the admin", obj, actor=request.user)
        super().delete_queryset(request, queryset)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "end_and_start_url": reverse("admin:members_roleassignment_end_and_start", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/end-and-start/",
                self.admin_site.admin_view(self.end_and_start_view),
                name="members_roleassignment_end_and_start",
            ),
            *super().get_urls(),
        ]

    def end_and_start_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """End this term on a date and start the new role (or the re-appointment) by its decision."""
        assignment = self.get_object(request, unquote(object_id))
        if assignment is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_change_permission(request, assignment) and self.has_add_permission(request)):
            raise PermissionDenied
        form = RoleAssignmentEndAndStartForm(
            request.POST if request.method == "POST" else None, assignment=assignment, actor=request.user
        )
        if request.method == "POST" and form.is_valid():
            outcome = run_service(
                request,
                lambda: services.role_assignment_end_and_start(
                    assignment=assignment, actor=request.user, **form.cleaned_data
                ),
                form=form,
            )
            if outcome.ok:
                new = outcome.value
                assignment.refresh_from_db()
                end_date = str(RoleAssignment._meta.get_field("end_date").verbose_name)
                self.log_change(request, assignment, [{"changed": {"fields": [end_date]}}])
                self.log_addition(request, new, [{"added": {}}])
                self.message_user(
                    request,
                    _("The term ended on %(end)s; the new term starts on %(start)s.")
                    % {
                        "end": assignment.end_date.strftime("%d/%m/%Y"),
                        "start": new.start_date.strftime("%d/%m/%Y"),
                    },
                    messages.SUCCESS,
                )
                return redirect("admin:members_roleassignment_change", new.pk)
        fieldsets = [(None, {"fields": list(form.fields)})]
        adminform = helpers.AdminForm(form, fieldsets, {})
        context = {
            **self.admin_site.each_context(request),
            "title": _("End this term and start a new one"),
            "opts": self.opts,
            "original": assignment,
            "adminform": adminform,
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + adminform.media,
        }
        return TemplateResponse(request, "admin/members/roleassignment/end_and_start.html", context)


class SupportTeamMembershipInline(admin.TabularInline):
    model = SupportTeamMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(SupportTeam)
class SupportTeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee", "domain"]
    list_filter = ["committee"]
    inlines = [SupportTeamMembershipInline]


@admin.register(SupportTeamMembership)
class SupportTeamMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "team", "is_lead"]
    list_filter = ["team__committee", "team"]


@admin.register(SupportDuty)
class SupportDutyAdmin(SimpleHistoryAdmin):
    """The deputies and the support group's leader assign duties on the portal; the administrator
    corrects them here."""

    list_display = ["user", "team", "start_date", "end_date"]
    list_filter = ["team__committee", "team"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["agencies"]


@admin.register(ChairActingPeriod)
class ChairActingPeriodAdmin(SimpleHistoryAdmin):
    """Administrators record the chair's absence for them (the chair does it on the composition
    page); the rules are ChairActingPeriod.clean's, as for the chair's form."""

    list_display = ["committee", "deputy", "start_date", "end_date", "reason", "created_by"]
    list_select_related = ["committee", "deputy", "created_by"]
    list_filter = ["committee"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["deputy"]
    fields = ["committee", "deputy", "start_date", "end_date", "reason"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox as administrators see it: where each notification's e-mail stands (filter by
    status: those that could not be e-mailed, with their last error), and "e-mail again" for those
    given up, once the address or the mail server is mended. Rows are written by the services."""

    list_display = [
        "created_at",
        "user",
        "kind_label",
        "email_status",
        "email_attempts",
        "emailed_at",
        "email_error",
    ]
    list_filter = ["email_status", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__full_name", "user__email", "kind", "occurrence_key"]
    date_hierarchy = "created_at"
    actions = ["email_again"]
    readonly_fields = [
        "user",
        "kind",
        "text",
        "url",
        "created_at",
        "read_at",
        "email_status",
        "email_attempts",
        "email_next_attempt_at",
        "emailed_at",
        "email_error",
        "occurrence_key",
    ]
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Nothing of a notification is edited here (its page is read-only); the permission opens
        # the list's "e-mail again" action.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("notification kind"), ordering="kind")
    def kind_label(self, obj: Notification) -> str:
        try:
            return notification_kind(obj.kind).label_text
        except KeyError:
            return obj.kind

    @admin.display(description=_("message"))
    def text(self, obj: Notification) -> str:
        return notification_text(obj)

    @admin.action(
        description=_("E-mail again the selected notifications that could not be e-mailed"),
        permissions=["change"],
    )
    def email_again(self, request: HttpRequest, queryset) -> None:
        count = services.notification_emails_retry(
            notification_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d notification waits to be e-mailed again.",
                "%(count)d notifications wait to be e-mailed again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
