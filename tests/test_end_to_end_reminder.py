"""Issue 11, acceptance 2: a real Redis, a real Celery worker and beat as subprocesses (not eager
mode) and a real SMTP server (aiosmtpd on a free loopback port). A meeting starting tomorrow with
an unanswered invitation leads to exactly one reminder e-mail at the SMTP server within seconds of
the sweep, with the meeting's .ics attached.

The worker and the beat run `steering.settings.dev` against this test's database (the SQLite
file or the PostgreSQL test database, committed: a transactional test), their own Redis database
(REDIS_DB, flushed before and after) and the SMTP server; beat reads the jobs from the database
(django-celery-beat), so the test sets the jobs it needs to run every second, as an administrator
would in the admin, and switches the others off. Both processes are stopped in the fixture's
teardown, whatever happens, each wait bounded: the test takes about 15 s, never more than ~60.

Runs with REDIS_URL (CI); skips without it, fails under CI=true (tests/conftest.py).
"""

from __future__ import annotations

import datetime
import email
import email.policy
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
import time_machine
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from meetings import services as meeting_services
from meetings.models import Invitation, Meeting
from members.models import Notification
from steering.beat import install_schedule
from steering.celery import app

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
CELERY = Path(sys.executable).with_name("celery")
#: This test's Redis database, apart from the broker database of the rest of the suite.
REDIS_DB = int(os.environ.get("STEERING_E2E_REDIS_DB", "14"))
START_TIMEOUT = 30  # s: the worker's Django start-up and the jobs' autodiscovery
MAIL_TIMEOUT = 20  # s: from the stack being up to the e-mail at the SMTP server
LINGER = 3  # s: beat keeps sending the jobs every second; nothing more may arrive meanwhile
STOP_TIMEOUT = 10  # s: a warm shutdown, then a kill


# --- The SMTP server ------------------------------------------------------------------------------


class Inbox:
    """aiosmtpd's handler: every message the server accepted, parsed, in order of arrival."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()
        self.port = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, enough: Callable[[list[EmailMessage]], bool], timeout: float) -> list[EmailMessage]:
        """The messages once `enough(messages)` holds, or when `timeout` seconds have passed."""
        with self._arrived:
            self._arrived.wait_for(lambda: enough(self.messages), timeout=timeout)
            return list(self.messages)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


# --- Redis, the database, the worker and the beat -------------------------------------------------


def _redis_db(worker_id: str) -> int:
    """A Redis database of this pytest-xdist worker's own (14, 13, … for gw0, gw1, …): a worker's
    celery processes must never take the jobs another worker's beat sends, which would run
    against that other worker's test database."""
    index = int(worker_id[2:]) if worker_id.startswith("gw") else 0
    return REDIS_DB - index


@pytest.fixture
def redis_url(worker_id):
    url = urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{_redis_db(worker_id)}"))
    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    client.flushdb()  # no message left by an earlier run
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


def _database_url() -> str:
    """The URL of the database this test writes to, for the subprocesses."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.skip("needs a file-based SQLite test database (steering.settings.test makes one)")
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        user = quote(db["USER"] or "", safe="")
        password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
        host = db["HOST"] or "localhost"
        return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"
    pytest.skip(f"no subprocess URL for a {connection.vendor} database")


class CeleryStack:
    """A worker and a beat, as `celery -A steering` subprocesses with their own logs."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self) -> None:
        """Start the worker, wait until it is ready, then start the beat (exactly one)."""
        self._spawn(
            "worker",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname=e2e-worker@%h",
        )
        self.wait_for_log("worker", " ready.", START_TIMEOUT)
        self._spawn("beat", "beat", "--max-interval=1", f"--schedule={self.logs / 'beat-schedule'}")
        self.wait_for_log("beat", "beat: Starting...", START_TIMEOUT)

    def _spawn(self, name: str, *args: str) -> None:
        log = (self.logs / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - the venv's celery, fixed arguments
            [str(CELERY), "-A", "steering", *args, "--loglevel=INFO"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped by the teardown alone
        )
        log.close()

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_for_log(self, name: str, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log(name):
            process = self.processes[name]
            if process.poll() is not None:
                pytest.fail(f"celery {name} exited with {process.returncode}\n{self.report()}")
            if time.monotonic() > deadline:
                pytest.fail(f"celery {name} did not log {text!r} within {timeout} s\n{self.report()}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Beat first (nothing more is sent), then the worker: SIGTERM, then SIGKILL."""
        for name in ("beat", "worker"):
            process = self.processes.get(name)
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)

    def report(self) -> str:
        return "\n".join(
            f"--- celery {name} (last lines)\n{self.log(name)[-4000:]}" for name in ("worker", "beat")
        )


@pytest.fixture
def celery_stack(transactional_db, tmp_path, redis_url, smtp_inbox, settings):
    """The stack, not started: the test prepares the database first, then calls `.start()`.
    Requesting the transactional database makes the teardown stop both processes before the
    database is flushed."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # files this process stores (a letter's PDF)
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "EMAIL_", "PYTEST_", "REDIS_", "DATABASE_"))
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "steering.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_inbox.port),
        "EMAIL_USE_TLS": "false",
        "STEERING_VAR_DIR": str(tmp_path / "var"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "PORTAL_BASE_URL": "https://portal.example.gov.vn",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    stack = CeleryStack(env, tmp_path)
    # The declared jobs as beat installs them, all switched off: the test switches on what it needs.
    install_schedule(settings.CELERY_BEAT_SCHEDULE)
    PeriodicTask.objects.update(enabled=False)
    try:
        yield stack
    finally:
        stack.stop()


def run_every_second(name: str, task: str, args: list | None = None) -> PeriodicTask:
    """Have beat send `task` every second, as an administrator would set the job in the admin."""
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    job, _ = PeriodicTask.objects.update_or_create(
        name=name,
        defaults={
            "task": task,
            "interval": every_second,
            "crontab": None,
            "args": json.dumps(args or []),
            "enabled": True,
            "expire_seconds": None,
        },
    )
    return job


def _registered(*tasks: str) -> bool:
    app.loader.import_default_modules()
    return all(task in app.tasks for task in tasks)


def _to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in messages if address in m.get("To", "")]


# --- The harness, with what the portal has before the reminder rules ------------------------------


def test_beat_sends_the_e_mail_job_through_redis_and_the_worker_mails_a_waiting_notification_once(
    cast, celery_stack, smtp_inbox
):
    # Only this notification is the sweep's to send: rows this process's database may hold from
    # earlier tests (their threads commit on connections of their own) are marked sent first.
    Notification.objects.update(email_status=Notification.EmailStatus.SENT, emailed_at=timezone.now())
    note = Notification.objects.create(
        user=cast.deputy,
        kind="members.acting_for_chair",
        params={"committee": "BCĐA", "start": "2027-01-05", "end": "2027-01-09"},
    )
    if _registered("members.jobs.send_pending_emails"):  # the outbox sweep (MAIL), once merged
        job = run_every_second("send-pending-emails", "members.jobs.send_pending_emails")
    else:
        job = run_every_second(
            "e-mail one notification", "members.jobs.send_notification_emails", [[note.pk]]
        )

    # Only this job runs: the declared ones are installed now, switched off (as an administrator
    # would), so beat neither adds them at its start nor fires the reminders, which would e-mail
    # the cast about their own committee.
    install_schedule(settings.CELERY_BEAT_SCHEDULE)
    PeriodicTask.objects.exclude(pk=job.pk).update(enabled=False)

    celery_stack.start()
    received = smtp_inbox.wait_for(lambda messages: bool(_to(messages, cast.deputy.email)), MAIL_TIMEOUT)
    assert len(received) == 1, celery_stack.report()
    time.sleep(LINGER)  # beat sends the job again each second: the notification is not sent twice

    received = list(smtp_inbox.messages)
    assert len(received) == 1, celery_stack.report()
    assert received[0]["To"] == cast.deputy.email
    body = received[0].get_body(("plain", "html")).get_content()
    assert "BCĐA" in body and "05/01/2027" in body  # worded by the worker, in Vietnamese
    note.refresh_from_db()
    assert note.emailed_at is not None
    job.refresh_from_db()
    assert job.total_run_count >= 2 and job.last_run_at is not None  # beat's record, for the admin
    assert f"Sending due task {job.name}" in celery_stack.log("beat")


# --- Acceptance 2 ---------------------------------------------------------------------------------


def _tomorrow_within_a_day() -> datetime.datetime:
    """A start tomorrow (Hanoi date) less than 24 hours from now, on the minute."""
    now = timezone.localtime()
    tomorrow_early = (now + datetime.timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)
    return max(now.replace(second=0, microsecond=0) + datetime.timedelta(hours=23), tomorrow_early)


def test_meeting_tomorrow_with_an_unanswered_invitation_leads_to_one_reminder_e_mail_with_its_ics(
    cast, celery_stack, smtp_inbox
):
    assert _registered("members.jobs.run_reminders", "members.jobs.send_pending_emails")
    start = _tomorrow_within_a_day()
    # Convened five days ago (a meeting convened today is not reminded of: its invitation just
    # went out). The chair presides (not asked to answer); the member has not answered since.
    with time_machine.travel(timezone.now() - datetime.timedelta(days=5)):
        meeting = meeting_services.meeting_create(
            committee=cast.committee,
            actor=cast.secretary,
            kind=Meeting.Kind.QUARTERLY,
            start_at=start,
            end_at=start + datetime.timedelta(hours=2),
            place="Phòng họp số 1, trụ sở UBND tỉnh",
            confirm_second_meeting=True,
        )
        meeting_services.invitees_set(meeting=meeting, actor=cast.chair, users=[cast.chair, cast.member])
        meeting = meeting_services.meeting_convene(
            meeting=Meeting.objects.get(pk=meeting.pk), actor=cast.chair
        )
    assert Invitation.objects.get(meeting=meeting, user=cast.member).response == Invitation.Response.PENDING
    # The invitations themselves were e-mailed by this process (eager, to Django's test outbox):
    # the SMTP server is to hear only what the sweep adds.
    Notification.objects.update(email_status=Notification.EmailStatus.SENT, emailed_at=timezone.now())
    run_every_second("run-reminders", "members.jobs.run_reminders")
    run_every_second("send-pending-emails", "members.jobs.send_pending_emails")

    celery_stack.start()
    smtp_inbox.wait_for(lambda messages: bool(_to(messages, cast.member.email)), MAIL_TIMEOUT)
    time.sleep(LINGER)  # more sweeps, each second: the reminder is not sent again

    reminders = _to(smtp_inbox.messages, cast.member.email)
    assert len(reminders) == 1, celery_stack.report()
    calendars = [
        part for part in reminders[0].iter_attachments() if part.get_content_type() == "text/calendar"
    ]
    assert len(calendars) == 1, [part.get_content_type() for part in reminders[0].iter_attachments()]
    assert (calendars[0].get_filename() or "").endswith(".ics")
    ics = calendars[0].get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VEVENT" in ics and "Phòng họp số 1" in ics.replace("\r\n ", "")
    assert start.strftime("%Y%m%dT%H%M") in ics
