"""Configuration of third-party apps, where the portal needs more than their defaults."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_celery_beat.apps import BeatConfig


class AxesConfig(AxesAppConfig):
    """django-axes, named in the admin's language: its own AppConfig gives no verbose name, so the
    admin showed "Axes"."""

    verbose_name = _("Login attempts")


class CeleryBeatConfig(BeatConfig):
    """django-celery-beat, its admin showing each periodic job's name and schedule in the reader's
    language (steering.beat): its own shows a cron line, or a period that the portal's catalogue
    translates as meeting minutes ("Minutes" is "Biên bản" here)."""

    def ready(self) -> None:
        super().ready()
        # The admin classes import the models, which an AppConfig module must not do at import.
        from steering import beat

        beat.register_admin()
