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
