"""Writes of the members app: role assignments and their rules (Điều 3–7, 9.3)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import jobs
from .models import Committee, Notification, Organization, RoleAssignment, User
from .notifications import notification_kind, notification_language, notification_params, notification_text

Role = RoleAssignment.Role


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


def notify(
    *, users: Iterable[User], kind: str, params: Mapping[str, Any] | None = None, url: str = ""
) -> list[Notification]:
    """Tell people something in the portal, and by e-mail once the transaction commits. `kind`
    is a registered kind (members.notifications); `params` fill its placeholders and are stored
    as JSON (instants and days as ISO 8601, objects as ids), so each reader gets the sentence in
    their own language when they read it."""
    stored = notification_params(notification_kind(kind), params or {})
    recipients = {u.pk: u for u in users if u is not None}
    notes = Notification.objects.bulk_create(
        [Notification(user_id=pk, kind=kind, params=stored, url=url) for pk in recipients]
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


def notification_email_send(*, notification_id: int) -> bool:
    """Claim the notification with a conditional update, then mail it; False if already sent."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    note = Notification.objects.select_related("user").get(pk=notification_id)
    if not note.user.email:
        return False
    # Worded in the recipient's language, not in the language of whoever acted.
    with translation.override(notification_language(note.user)):
        text = notification_text(note)
        subject = f"[{_('Steering committee portal')}] {text[:80]}"
    body = text
    if note.url:
        body += "\n\n" + settings.PORTAL_BASE_URL.rstrip("/") + note.url
    try:
        mail.send_mail(
            subject=subject,
            message=body,
            from_email=None,
            recipient_list=[note.user.email],
        )
    except OSError:
        # The mail server did not take it: release the claim so the job's retry sends it.
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True
