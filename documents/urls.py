"""URLs of documents rendered in a job (included under "documents/")."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("jobs/<uuid:pk>/", views.render_job_detail, name="render-job-detail"),
    path("jobs/<uuid:pk>/status/", views.render_job_fragment, name="render-job-status"),
    path("jobs/<uuid:pk>/file/", views.render_job_file, name="render-job-file"),
    path("jobs/<uuid:pk>/retry/", views.render_job_retry, name="render-job-retry"),
]
