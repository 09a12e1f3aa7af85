from django.urls import path

from . import views, views_register

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
