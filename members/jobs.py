"""Celery jobs of the members app (thin: load, call one function, idempotent)."""

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.utils import timezone

from . import permissions, reminders, services


@shared_task(name="members.jobs.reconcile_role_permissions")
def reconcile_role_permissions() -> dict[str, int]:
    """Daily: grant what terms starting today imply, revoke what ended terms no longer allow."""
    granted, revoked = permissions.reconcile_all()
    return {"granted": granted, "revoked": revoked}


@shared_task(name="members.jobs.send_notification_emails", bind=True, max_retries=5)
def send_notification_emails(self, notification_ids: list[int]) -> int:
    """E-mail each notification once; a rerun, or a second worker, sends nothing twice. One that
    fails never stops the rest: an undeliverable one is released and logged by the service, and
    those the mail server did not take now are retried, alone, with a growing delay."""
    sent, later, error = 0, [], None
    for pk in notification_ids:
        try:
            sent += services.notification_email_send(notification_id=pk)
        except OSError as exc:
            later.append(pk)
            error = exc
    if later:
        # Exponential backoff with jitter as retry_backoff=True gives, capped at 10 minutes
        # (under the broker's visibility timeout).
        countdown = get_exponential_backoff_interval(
            factor=1, retries=self.request.retries, maximum=600, full_jitter=True
        )
        raise self.retry(args=[later], exc=error, countdown=countdown)
    return sent


@shared_task(name="members.jobs.run_reminders")
def run_reminders() -> dict[str, int]:
    """Every 15 minutes: fire the reminders due now, each occurrence once however often and by
    however many workers it runs (members.reminders); returns how many each rule sent."""
    reports = reminders.reminders_sweep(at=timezone.now(), word=False)
    return {report.rule.name: len(report.of(reminders.Outcome.SENT)) for report in reports}
