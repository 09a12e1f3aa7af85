from django.urls import path

from . import views, views_register, views_requests

app_name = "reports"

urlpatterns = [
    path("theo-doi/", views.overview, name="overview"),
    path("committees/<int:committee_pk>/compliance/", views.compliance, name="compliance"),
    # The register of issued documents and the archive's search (views_register.py).
    path("committees/<int:committee_pk>/register/", views_register.register, name="register"),
    path(
        "committees/<int:committee_pk>/register/export.<str:fmt>",
        views_register.register_export,
        name="register-export",
    ),
    path("search/", views_register.search, name="search"),
]

# --- agency reports on request (views_requests.py) --------------------------------------------------
urlpatterns += [
    path("committees/<int:committee_pk>/requests/", views_requests.request_list, name="request-list"),
    path("committees/<int:committee_pk>/requests/new/", views_requests.request_create, name="request-create"),
    path("requests/<int:pk>/", views_requests.request_detail, name="request-detail"),
    path("requests/<int:pk>/report/", views_requests.request_submit, name="request-submit"),
    path("requests/<int:pk>/close/", views_requests.request_close, name="request-close"),
    path("requests/<int:pk>/reports.zip", views_requests.request_export, name="request-export"),
    path("requests/<int:pk>/compiled/", views_requests.request_compiled, name="request-compiled"),
    path("request-files/<int:pk>/", views_requests.request_attachment, name="request-attachment"),
    path("request-report-files/<int:pk>/", views_requests.submission_file, name="request-submission-file"),
]
