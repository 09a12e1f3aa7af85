from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People and committees")

    def ready(self) -> None:
        # Role assignments drive object permissions: every route that saves or deletes one
        # (admin form, inline, bulk delete, shell) reconciles that person's permissions at once.
        from . import receivers  # noqa: F401

        # The reminder rules read the models: registered once they are loaded, hence here.
        from .reminders import register_member_reminders

        register_member_reminders()
