"""The register of issued documents and the archive's search (joined into reports.urls)."""

from django.urls import path

from . import views_register

urlpatterns = [
    path("committees/<int:committee_pk>/register/", views_register.register, name="register"),
    path(
        "committees/<int:committee_pk>/register/export.<str:fmt>",
        views_register.register_export,
        name="register-export",
    ),
    path("search/", views_register.search, name="search"),
]
