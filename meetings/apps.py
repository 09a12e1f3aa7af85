from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Registering needs the models loaded, hence here and not at the module's top.
        from .documents.services import register_document_kinds

        # The notification kinds name meetings' models as well: registered here for the same reason.
        from .notifications import register_meeting_notifications

        # The reminder rules read the meetings' models: registered here for the same reason.
        from .reminders import register_meeting_reminders

        register_document_kinds()
        register_meeting_notifications()
        register_meeting_reminders()
