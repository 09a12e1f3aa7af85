"""Celery jobs of the members app (thin: load, call one function, idempotent), and how every app
publishes a job from a request: best effort, after commit (`enqueue_after_commit`).

No job here retries itself or waits with a countdown/eta: a notification not sent now stays in
the outbox (members.outbox) and the sweep of the next minute sends it; a retry's delay is a row's
`email_next_attempt_at`, never a message held by the broker past its visibility timeout.
"""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import outbox, password_reset, permissions, reminders

logger = logging.getLogger(__name__)

#: After the broker failed to take a job, a process stops trying for this long (seconds): each
#: request would otherwise wait the broker's timeouts again. Rows in the outbox are swept anyway.
BROKER_PAUSE_AFTER_FAILURE = 30.0
_broker_down_until = 0.0


def enqueue(task, *args, **kwargs) -> bool:
    """Publish `task` best effort: True when the broker took it. A broker that refuses or hangs
    costs at most its connect/socket timeouts (settings), is logged, and is not tried again by
    this process for BROKER_PAUSE_AFTER_FAILURE seconds; no publish retries. In eager mode (the
    tests) the job runs here and its errors propagate."""
    global _broker_down_until
    eager = task.app.conf.task_always_eager
    if not eager and time.monotonic() < _broker_down_until:
        logger.warning("Broker unavailable a moment ago: %s not published", task.name)
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception as exc:
        if eager:
            raise
        _broker_down_until = time.monotonic() + BROKER_PAUSE_AFTER_FAILURE
        logger.error("Broker unavailable: %s not published: %s: %s", task.name, exc.__class__.__name__, exc)
        return False
    return True


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Publish `task` once the current transaction commits, best effort (see `enqueue`): a broker
    that is down never fails nor slows the request beyond its timeouts."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


def broker_pause_reset() -> None:
    """Try the broker again at the next publish (after a test that took it down)."""
    global _broker_down_until
    _broker_down_until = 0.0


@shared_task(name="members.jobs.reconcile_role_permissions")
def reconcile_role_permissions() -> dict[str, int]:
    """Daily: grant what terms starting today imply, revoke what ended terms no longer allow."""
    granted, revoked = permissions.reconcile_all()
    return {"granted": granted, "revoked": revoked}


@shared_task(name="members.jobs.send_pending_emails")
def send_pending_emails() -> dict[str, int]:
    """Every minute: e-mail the notifications that are due, each once (members.outbox)."""
    return outbox.notification_emails_send().as_dict()


@shared_task(name="members.jobs.send_daily_digests")
def send_daily_digests() -> dict[str, int]:
    """07:00 Asia/Ho_Chi_Minh: one e-mail per person who chose the daily digest, listing what
    waits for it; a second run sends nothing twice."""
    return outbox.notification_digests_send().as_dict()


@shared_task(name="members.jobs.send_notification_emails")
def send_notification_emails(notification_ids: list[int]) -> int:
    """Right after a request: e-mail these notifications now, if they are still due; the number
    sent. The sweep's claim and send, so a rerun, the sweep or a second worker sends nothing
    twice; one that fails is left to the sweep's retries. (Its name is kept for the messages
    queued before the outbox existed.)"""
    return outbox.notification_emails_send(ids=notification_ids).sent


@shared_task(name="members.jobs.run_reminders")
def run_reminders() -> dict[str, int]:
    """Every 15 minutes: fire the reminders due now, each occurrence once however often and by
    however many workers it runs (members.reminders); returns how many each rule sent."""
    reports = reminders.reminders_sweep(at=timezone.now(), word=False)
    return {report.rule.name: len(report.of(reminders.Outcome.SENT)) for report in reports}


@shared_task(name="members.jobs.send_password_reset_email")
def send_password_reset_email(user_id: int, language: str) -> bool:
    """Right after a "forgot my password" request: e-mail the link. Run twice, it sends two links,
    each valid once; the person uses either."""
    return password_reset.password_reset_email_send(user_id=user_id, language=language)
