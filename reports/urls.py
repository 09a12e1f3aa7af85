from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("committees/<int:committee_pk>/compliance/", views.compliance, name="compliance"),
]
