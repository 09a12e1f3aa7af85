from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Registering needs the models loaded, hence here and not at the module's top.
        # The written consultations' reminder rule too (its models, the same reason).
        from .consultation_reminders import register_consultation_reminders
        from .documents.services import register_document_kinds

        # The notification kinds name meetings' models as well: registered here for the same reason.
        from .notifications import register_meeting_notifications

        # The reminder rules read the meetings' models: registered here for the same reason.
        from .reminders import register_meeting_reminders

        register_document_kinds()
        register_meeting_notifications()
        register_meeting_reminders()
        register_consultation_reminders()
