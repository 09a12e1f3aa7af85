from django.urls import path

from . import views, views_quarterly, views_register, views_requests

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
    # The quarterly report (views_quarterly.py).
    path("committees/<int:committee_pk>/reports/", views_quarterly.report_list, name="quarterly-list"),
    path(
        "committees/<int:committee_pk>/reports/new/", views_quarterly.report_create, name="quarterly-create"
    ),
    path("reports/<int:pk>/", views_quarterly.report_detail, name="quarterly-detail"),
    path("reports/<int:pk>/edit/", views_quarterly.report_edit, name="quarterly-edit"),
    path("reports/<int:pk>/refresh/", views_quarterly.report_refresh, name="quarterly-refresh"),
    path("reports/<int:pk>/submit/", views_quarterly.report_submit, name="quarterly-submit"),
    path("reports/<int:pk>/return/", views_quarterly.report_return, name="quarterly-return"),
    path("reports/<int:pk>/approve/", views_quarterly.report_approve, name="quarterly-approve"),
    path("reports/<int:pk>/pdf/", views_quarterly.report_pdf, name="quarterly-pdf"),
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
