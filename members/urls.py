from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("committees/<int:pk>/", views.committee_detail, name="committee-detail"),
    path("committees/<int:pk>/acting-periods/add/", views.acting_period_add, name="acting-period-add"),
    path("committees/<int:committee_pk>/focal-officers/", views.focal_officers, name="focal-officers"),
    path(
        "committees/<int:committee_pk>/focal-officers/<int:pk>/remove/",
        views.focal_officer_remove,
        name="focal-officer-remove",
    ),
    path("committees/<int:committee_pk>/support-teams/", views.support_teams, name="support-teams"),
    path("committees/<int:committee_pk>/support-teams/<int:pk>/", views.support_team, name="support-team"),
    path(
        "committees/<int:committee_pk>/support-teams/<int:pk>/delete/",
        views.support_team_delete,
        name="support-team-delete",
    ),
    path(
        "committees/<int:committee_pk>/support-teams/<int:pk>/members/add/",
        views.support_team_member_add,
        name="support-team-member-add",
    ),
    path(
        "committees/<int:committee_pk>/support-teams/<int:pk>/members/<int:member_pk>/lead/",
        views.support_team_member_lead,
        name="support-team-member-lead",
    ),
    path(
        "committees/<int:committee_pk>/support-teams/<int:pk>/members/<int:member_pk>/remove/",
        views.support_team_member_remove,
        name="support-team-member-remove",
    ),
    path(
        "committees/<int:committee_pk>/support-teams/<int:pk>/duties/add/",
        views.support_duty_add,
        name="support-duty-add",
    ),
    path(
        "committees/<int:committee_pk>/support-teams/<int:pk>/duties/<int:duty_pk>/",
        views.support_duty_edit,
        name="support-duty-edit",
    ),
    path(
        "committees/<int:committee_pk>/support-teams/<int:pk>/duties/<int:duty_pk>/delete/",
        views.support_duty_delete,
        name="support-duty-delete",
    ),
    path("profile/", views.profile, name="profile"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/preferences/", views.notification_preferences, name="notification-preferences"),
    path("profile/password/", views.password_change, name="password-change"),
    path("assignments/<int:pk>/history/", views.role_assignment_history, name="roleassignment-history"),
]
