from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Plans and reports")

    def ready(self) -> None:
        # The notification kinds load reports and the reminder rules read them: the models must
        # be loaded first, hence here (as tasks.apps does).
        from .notifications import register_report_notifications
        from .reminders import register_report_reminders

        register_report_notifications()
        register_report_reminders()
