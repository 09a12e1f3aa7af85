"""The Celery app. Jobs live in each app's jobs.py (`tasks/` is the directives app)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings.dev")

app = Celery("steering")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")
