"""Celery jobs of the members app (thin: load, call one function, idempotent)."""

from celery import shared_task

from . import permissions


@shared_task(name="members.jobs.reconcile_role_permissions")
def reconcile_role_permissions() -> dict[str, int]:
    """Daily: grant what terms starting today imply, revoke what ended terms no longer allow."""
    granted, revoked = permissions.reconcile_all()
    return {"granted": granted, "revoked": revoked}
