"""Settings shared by every environment. Whatever differs between machines comes from the
environment (see README, "Configuration")."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("STEERING_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's widget templates, for the form renderer below (it loads through TEMPLATES).
    "django.forms",
    "guardian",
    "simple_history",
    "django_filters",
    "steering.apps.AxesConfig",  # django-axes under a translated name
    "steering.apps.CeleryBeatConfig",  # django-celery-beat: the periodic jobs in the admin
    "members",
    "documents",
    "meetings",
    "tasks",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "members.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last: it inspects the authentication outcome of the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "steering.urls"
WSGI_APPLICATION = "steering.wsgi.application"
ASGI_APPLICATION = "steering.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "members.context_processors.navigation",
            ],
        },
    },
]

# Every form and field renders through templates/forms/ (members.forms explains the convention).
FORM_RENDERER = "members.forms.PortalFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The portal, the Celery worker and beat share the file. Every transaction takes the write
    # lock when it begins (IMMEDIATE): SQLite's default (DEFERRED) takes it at the first write,
    # and a transaction that has read and then finds another one writing fails at once with
    # "database is locked" (a 500 for the second of two clicks on "convene"). Taken up front,
    # the second waits up to `timeout` seconds, then reads what the first wrote and gets the
    # service's "already done" message. SQLite ignores select_for_update(); this is its lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username+IP before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A password reset link works once (its token hashes the password) and for one hour.
PASSWORD_RESET_TIMEOUT = 60 * 60

# Login throttling (django-axes): 5 failures for one username from one IP lock that pair out
# for 15 minutes; the locked-out page explains it in the user's language.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# django-guardian. Object permissions are granted only by members.permissions from role
# assignments. Never let a global (model-level) permission stand for "every object":
# the checks in */permissions.py pass accept_global_perms=False and with_superuser=False, and
# the legacy union behaviour fixed in guardian 3.5.1 stays off.
GUARDIAN_LEGACY_GLOBAL_PERMS_GROUP_UNION = False
GUARDIAN_AUTO_PREFETCH = False
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: anonymous visitors hold nothing

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["steering.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# Uploaded papers live outside the static root and are served only through permission-checked
# views (meetings issue); there is deliberately no public MEDIA_URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))

SESSION_COOKIE_HTTPONLY = True
# Messages live in the session (the database), never in a cookie: one of them hands over a new
# guest's one-time password (meetings.views.invitees.guest_account_create), and a cookie would
# carry it to the browser's disk, to proxies' logs and back with every request.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day
X_FRAME_OPTIONS = "DENY"

# Email: the console (the terminal of `make run`) unless EMAIL_HOST names an SMTP server;
# EMAIL_BACKEND overrides both.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A mail server that hangs holds one e-mail this long, never the whole outbox (members.outbox
# sends its batch of 20 within its 10-minute claim).
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ban-chi-dao@localhost")
# The portal's address, for links in e-mails and calendar entries.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport under var/, which
# needs no server, so `make run` still runs scheduled jobs on a bare machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
BROKER_DIR = VAR_DIR / "broker"
# Publishing a job from a request is best effort (members.jobs.enqueue): a broker that refuses
# or hangs costs the request at most these timeouts (seconds), and no publish is retried; the
# outbox's sweep sends what was not published. kombu's redis transport applies socket_timeout to
# its synchronous commands (a publish), not to the worker's BRPOP, which its event loop watches.
BROKER_TIMEOUT = float(os.environ.get("BROKER_TIMEOUT", "1"))
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
# A job's countdown/eta must stay under the visibility timeout (a longer one is delivered twice).
BROKER_VISIBILITY_TIMEOUT = 3600
REDIS_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": BROKER_TIMEOUT,
    "socket_timeout": BROKER_TIMEOUT,
    # A publish that finds no connection opens one once, without kombu's retries and their
    # sleeps (2 s and more for a refused port). The worker's own connection keeps Celery's retries
    # (broker_connection_max_retries); beat's next tick publishes again.
    "max_retries": 0,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = dict(REDIS_BROKER_TRANSPORT_OPTIONS)
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    # The transport expects its folders to exist, in the web process and the worker alike.
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_IGNORE_RESULT = True
# No result backend, so nothing to clean: without this, beat would add Celery's
# "celery.backend_cleanup" job to the administrator's list.
CELERY_RESULT_EXPIRES = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A job is acknowledged when it ends (acks_late): one still running when Redis's visibility
# timeout (1 h) passes would be handed to a second worker. No job may run that long.
CELERY_TASK_TIME_LIMIT = 30 * 60

# The periodic jobs (django-celery-beat). Declared here once with their first schedule; the beat's
# scheduler (steering.beat) installs each one missing from the database, where the administrator
# sees it (Công việc định kỳ: schedule, on/off, last run) and may change it; a change made there
# survives restarts. Times are Asia/Ho_Chi_Minh (CELERY_TIMEZONE): crontabs are stored with it.
# Exactly one beat runs: `celery worker -B` in scripts/run_all.sh, or one `celery beat` process.
CELERY_BEAT_SCHEDULER = "steering.beat:PortalDatabaseScheduler"
DJANGO_CELERY_BEAT_TZ_AWARE = USE_TZ
# Write each job's last run to the database as soon as beat sends it (the admin's "last run").
CELERY_BEAT_SYNC_EVERY = 1
CELERY_BEAT_SCHEDULE = {
    "reconcile-role-permissions-daily": {
        # Terms start and end at midnight: grant and revoke what the date change implies.
        "task": "members.jobs.reconcile_role_permissions",
        "schedule": crontab(hour=0, minute=5),
    },
    "cleanup-render-jobs-daily": {
        # Documents rendered in a job are kept a day for their download, then deleted.
        "task": "documents.jobs.cleanup_render_jobs",
        "schedule": crontab(hour=2, minute=15),
    },
    "send-pending-emails": {
        # The outbox sweep: e-mail the notifications left unsent (broker down, mail server busy).
        # A sweep not started within the minute is dropped: the next one does its work.
        "task": "members.jobs.send_pending_emails",
        "schedule": crontab(minute="*"),
        "options": {"expire_seconds": 50},
    },
    "send-daily-digests": {
        # One e-mail each morning to those who chose the digest.
        "task": "members.jobs.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "run-reminders": {
        # The reminder rules (meetings, minutes, directives, plans); each occurrence fires once.
        "task": "members.jobs.run_reminders",
        "schedule": crontab(minute="*/15"),
        "options": {"expire_seconds": 14 * 60},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"security": {"format": "%(asctime)s SECURITY %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Security events (members/audit.py: role assignments, privileges) on their own handler,
        # so an installation can route them apart (a file, syslog) without touching the rest.
        "security": {"class": "logging.StreamHandler", "formatter": "security"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # font subsetting logs hundreds of lines per PDF
    },
}

# Demo accounts created by `manage.py seed_demo` share this password (see README).
DEMO_PASSWORD = "demo-steering-2026"
