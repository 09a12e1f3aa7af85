"""The test suite: `make test`. SQLite unless DATABASE_URL is set."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not Django's in-memory default: an in-memory database shared between threads locks
    # whole tables and ignores the busy timeout, so the threaded tests (two clicks at once) would
    # test something the portal never runs. One file per process; pytest-xdist adds its suffix.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"steering-test-{os.getpid()}.sqlite3")
    }
    # A throwaway file: no need to wait for the disk at each commit.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF"

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"]},
}
