from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Plans and reports")

    def ready(self) -> None:
        # The notification kinds load quarterly reports: registered here, once the models are loaded.
        from .notifications import register_report_notifications

        # The reminder rules read the reports and the committees' thresholds: the same reason.
        from .reminders import register_report_reminders

        register_report_notifications()
        register_report_reminders()
        self._register_agency_requests()

    def _register_agency_requests(self) -> None:
        # The notification kinds and reminder rules of agency reports on request load the models:
        # hence imported here, once the apps are ready.
        from . import requests_notifications, requests_reminders

        requests_notifications.register_request_notifications()
        requests_reminders.register_request_reminders()
