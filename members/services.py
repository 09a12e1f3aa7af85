"""Writes of the members app: role assignments and their rules (Điều 3–7, 9.3)."""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import jobs
from .models import Committee, Notification, Organization, RoleAssignment, User
from .validators import is_single_line

Role = RoleAssignment.Role
logger = logging.getLogger(__name__)


def role_assignment_validate(*, assignment: RoleAssignment) -> None:
    """Refuse an assignment that breaks the committee's rules, with a message per field
    (the rules are RoleAssignment.clean's, so the admin and the services check the same)."""
    assignment.clean()


def _terms_overlap(a: RoleAssignment, b: RoleAssignment) -> bool:
    far = datetime.date.max
    return a.start_date <= (b.end_date or far) and b.start_date <= (a.end_date or far)


def role_assignments_validate_together(assignments: list[RoleAssignment]) -> dict[int, str]:
    """The rules between assignments saved at once (the committee page's rows), which
    role_assignment_validate cannot see in the database yet: {index: message} for each row that
    gives a chair or standing member a term overlapping an earlier row's."""
    errors: dict[int, str] = {}
    for i, a in enumerate(assignments):
        if a.role not in RoleAssignment.SINGLE_HOLDER_ROLES or not a.start_date:
            continue
        for b in assignments[:i]:
            if b.role == a.role and b.start_date and _terms_overlap(a, b):
                errors[i] = _(
                    "%(person)s already holds this role in this committee for an overlapping term."
                ) % {"person": b.user}
                break
    return errors


@transaction.atomic
def role_assignment_create(
    *,
    user: User,
    committee: Committee,
    role: str,
    start_date: datetime.date,
    organization: Organization | None = None,
    end_date: datetime.date | None = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    actor: User | None = None,
) -> RoleAssignment:
    """Appoint a person to a role; their permissions follow at once (members.receivers)."""
    assignment = RoleAssignment(
        user=user,
        committee=committee,
        role=role,
        organization=organization,
        start_date=start_date,
        end_date=end_date,
        decision_number=decision_number,
        decision_date=decision_date,
    )
    assignment.full_clean()
    if actor is not None:
        assignment._history_user = actor
    assignment._change_reason = "appointed"
    assignment.save()
    return assignment


@transaction.atomic
def role_assignment_end(
    *, assignment: RoleAssignment, end_date: datetime.date, actor: User | None = None
) -> RoleAssignment:
    """End a term on a date (inclusive); the person loses the role's permissions after it."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    assignment.end_date = end_date
    assignment.full_clean()
    if actor is not None:
        assignment._history_user = actor
    assignment._change_reason = "term ended"
    assignment.save(update_fields=["end_date"])
    return assignment


def notify(*, users: Iterable[User], message: str, url: str = "") -> list[Notification]:
    """Tell people something in the portal, and by e-mail once the transaction commits."""
    recipients = {u.pk: u for u in users if u is not None}
    # Messages quote free text (a reason for cancelling can be pages long): cut to the column,
    # which PostgreSQL enforces (a DataError, a 500, for the person who cancelled).
    limit = Notification._meta.get_field("message").max_length
    if len(message) > limit:
        message = message[: limit - 1] + "…"
    notes = Notification.objects.bulk_create(
        [Notification(user_id=pk, message=message, url=url) for pk in recipients]
    )
    ids = [n.pk for n in notes if n.pk]
    if ids:
        transaction.on_commit(lambda: jobs.send_notification_emails.delay(ids))
    return notes


def notifications_mark_read(*, user: User) -> int:
    unread = list(Notification.objects.filter(user=user, read_at__isnull=True))
    now = timezone.now()
    for note in unread:
        note.read_at = now
    Notification.objects.bulk_update(unread, ["read_at"])
    return len(unread)


def _header_text(text: str) -> str:
    """Text made fit for an e-mail header: every line break, control character or bidirectional
    override becomes a space, runs of spaces one. Names are refused with those at input
    (members.validators), but a notification also quotes free text, such as an absence reason."""
    return " ".join("".join(c if is_single_line(c) else " " for c in text).split())


def notification_email_send(*, notification_id: int) -> bool:
    """Claim the notification with a conditional update, then mail it; False if already sent,
    or when it cannot be sent at all (no address, an address or header the mail system refuses):
    then the claim is released, so it is never counted as sent, and the failure is logged. A
    failure the mail server may recover from (it is down, busy) releases the claim and raises
    OSError, for the job to retry."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    note = Notification.objects.select_related("user").get(pk=notification_id)
    if not note.user.email:
        return False
    body = note.message
    if note.url:
        body += "\n\n" + settings.PORTAL_BASE_URL.rstrip("/") + note.url
    try:
        mail.send_mail(
            subject=_header_text(f"[{_('Steering committee portal')}] {_header_text(note.message)[:80]}"),
            message=body,
            from_email=None,
            recipient_list=[note.user.email],
        )
    except (ValueError, smtplib.SMTPRecipientsRefused) as exc:
        # Undeliverable whatever the retries (a malformed address or header, a refused
        # recipient): released, not sent; the others of the batch go on.
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        logger.error(
            "Notification %s to user %s cannot be e-mailed: %s: %s",
            notification_id,
            note.user_id,
            exc.__class__.__name__,
            exc,
        )
        return False
    except OSError:
        # The mail server did not take it: release the claim so the job's retry sends it.
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True
