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
    path("profile/", views.profile, name="profile"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/preferences/", views.notification_preferences, name="notification-preferences"),
    path("profile/password/", views.password_change, name="password-change"),
    path("assignments/<int:pk>/history/", views.role_assignment_history, name="roleassignment-history"),
]
