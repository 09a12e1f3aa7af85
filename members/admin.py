from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ChairActingPeriod,
    Committee,
    Organization,
    RoleAssignment,
    SupportTeam,
    SupportTeamMembership,
    User,
)
from .services import role_assignments_validate_together


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


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_code", "kind", "parent"]
    list_select_related = ["parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_code"]


class RoleAssignmentInlineFormSet(BaseInlineFormSet):
    """Rows saved together are checked against each other too: two chairs entered on one page
    get a message, not a database error."""

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


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = RoleAssignmentInlineFormSet
    extra = 0
    fields = ["user", "role", "organization", "start_date", "end_date", "decision_number", "decision_date"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_code", "parent_body", "decision_number", "decision_date"]
    search_fields = ["name", "short_code"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["name", "short_code", "parent_body", "decision_number", "decision_date"]}),
        (_("Documents"), {"fields": ["place_name", "signs_on_behalf_of", "print_signer_post"]}),
        (None, {"fields": ["description"]}),
    ]


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

    @admin.display(description=_("history"))
    def history_link(self, obj: RoleAssignment) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("members:roleassignment-history", args=[obj.pk]), _("history")
        )


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
