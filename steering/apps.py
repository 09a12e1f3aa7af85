"""Configuration of third-party apps, where the portal needs more than their defaults."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes, named in the admin's language: its own AppConfig gives no verbose name, so the
    admin showed "Axes"."""

    verbose_name = _("Login attempts")
