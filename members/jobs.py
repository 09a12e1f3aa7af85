"""Celery jobs of the members app (thin: load, call one function, idempotent)."""

from celery import shared_task

from . import permissions, services


@shared_task(name="members.jobs.reconcile_role_permissions")
def reconcile_role_permissions() -> dict[str, int]:
    """Daily: grant what terms starting today imply, revoke what ended terms no longer allow."""
    granted, revoked = permissions.reconcile_all()
    return {"granted": granted, "revoked": revoked}


@shared_task(
    name="members.jobs.send_notification_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification once; a rerun, or a second worker, sends nothing twice."""
    return sum(services.notification_email_send(notification_id=pk) for pk in notification_ids)
