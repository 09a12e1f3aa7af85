from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Directives")

    def ready(self) -> None:
        # The receivers import the services, which need the models loaded: hence here.
        from . import receivers  # noqa: F401

        # The notification kinds load directives: registered here for the same reason.
        from .notifications import register_task_notifications

        # The reminder rules read the models and urge through the services: the same reason.
        from .reminders import register_task_reminders

        register_task_notifications()
        register_task_reminders()
