"""Writes of the members app: role assignments and their rules (Điều 3–7, 9.3)."""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from . import audit, jobs
from .errors import DomainError
from .models import ChairActingPeriod, Committee, Notification, Organization, RoleAssignment, User
from .notifications import notification_kind, notification_language, notification_params, notification_text
from .permissions import (
    ensure_can_manage_role_assignment,
    ensure_can_name_focal_officers,
    ensure_can_record_acting_period,
)
from .validators import is_single_line

Role = RoleAssignment.Role
Reason = RoleAssignment.ChangeReason
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
    """Appoint a person to a role; their permissions follow at once (members.receivers).
    An administrator never appoints themselves: another administrator must."""
    ensure_can_manage_role_assignment(actor, user)
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
    assignment._change_reason = Reason.APPOINTED
    assignment.save()
    audit.role_assignment_event("appointed", assignment, actor=actor)
    return assignment


@transaction.atomic
def role_assignment_end(
    *, assignment: RoleAssignment, end_date: datetime.date, actor: User | None = None
) -> RoleAssignment:
    """End a term on a date (inclusive); the person loses the role's permissions after it."""
    assignment = (
        RoleAssignment.objects.select_for_update().select_related("user", "committee").get(pk=assignment.pk)
    )
    ensure_can_manage_role_assignment(actor, assignment.user)
    assignment.end_date = end_date
    assignment.full_clean()
    if actor is not None:
        assignment._history_user = actor
    assignment._change_reason = Reason.TERM_ENDED
    assignment.save(update_fields=["end_date"])
    audit.role_assignment_event("term ended", assignment, actor=actor)
    return assignment


#: What may be corrected on a saved assignment; the rest (RoleAssignment.TERM_FIELDS) is a new term.
CORRECTABLE_FIELDS = ("organization", "start_date", "end_date", "note")


@transaction.atomic
def role_assignment_update(
    *, assignment: RoleAssignment, actor: User | None = None, **changes
) -> RoleAssignment:
    """Correct an assignment's agency, dates or note. A new person, committee, role or decision is
    not an edit but a new term (role_assignment_end_and_start): refused with a message per field."""
    assignment = (
        RoleAssignment.objects.select_for_update().select_related("user", "committee").get(pk=assignment.pk)
    )
    ensure_can_manage_role_assignment(actor, assignment.user)
    refused = [name for name in changes if name in RoleAssignment.TERM_FIELDS]
    if refused:
        raise ValidationError({name: RoleAssignment.term_change_refusal() for name in refused})
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise TypeError(f"role_assignment_update() cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(assignment, name, value)
    assignment.full_clean()
    if actor is not None:
        assignment._history_user = actor
    assignment._change_reason = Reason.CORRECTED
    assignment.save(update_fields=list(changes))
    audit.role_assignment_event("corrected", assignment, actor=actor)
    return assignment


@transaction.atomic
def role_assignment_end_and_start(
    *,
    assignment: RoleAssignment,
    end_date: datetime.date,
    role: str,
    decision_number: str,
    decision_date: datetime.date | None,
    organization: Organization | None = None,
    note: str = "",
    actor: User | None = None,
) -> RoleAssignment:
    """Change a person's role (or re-appoint them by a new decision): their term ends on
    `end_date` and a new one, by its own decision, starts the next day, in one transaction.
    Both stay in the history. Returns the new assignment."""
    old = RoleAssignment.objects.select_for_update().select_related("user", "committee").get(pk=assignment.pk)
    ensure_can_manage_role_assignment(actor, old.user)
    errors: dict[str, list[str]] = {}
    if old.end_date and end_date > old.end_date:
        errors["end_date"] = [
            _("This term already ends on %(date)s: end it on that date or earlier.")
            % {"date": formats.date_format(old.end_date, "d/m/Y")}
        ]
    decision_number = decision_number.strip()
    if not decision_number:
        errors["decision_number"] = [_("A new term needs the decision that appoints it.")]
    elif decision_number == old.decision_number and decision_date == old.decision_date:
        errors["decision_number"] = [
            _("This is the decision of the term that ends: give the new term's decision.")
        ]
    if errors:
        raise ValidationError(errors)

    old = role_assignment_end(assignment=old, end_date=end_date, actor=actor)
    new = RoleAssignment(
        user=old.user,
        committee=old.committee,
        role=role,
        organization=organization,
        start_date=end_date + datetime.timedelta(days=1),
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )
    new.full_clean()
    if actor is not None:
        new._history_user = actor
    new._change_reason = Reason.NEW_TERM
    new.save()
    audit.role_assignment_event("new term", new, actor=actor)
    return new


#: How far ahead a member may name a focal officer: the term starts today or within this.
FOCAL_OFFICER_START_WITHIN = datetime.timedelta(days=365)


@transaction.atomic
def focal_officer_name(
    *,
    committee: Committee,
    actor: User,
    user: User,
    start_date: datetime.date,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> RoleAssignment:
    """An agency's member names a person of their agency its focal officer in the committee
    (Điều 9.3), from today or a day within a year; the person is told, and reports progress for
    the agency from the first day (their permissions follow the assignment, members.receivers)."""
    agencies = ensure_can_name_focal_officers(actor, committee)
    # Locks the person: two members naming them at once give one term, not two.
    user = User.objects.select_for_update(of=("self",)).select_related("organization").get(pk=user.pk)
    if user.organization_id not in agencies:
        raise PermissionDenied  # a person of another agency: not this member's to name
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if user.pk == actor.pk:
        errors["user"] = _("You represent the agency yourself: name another person of it.")
    elif not user.is_active:
        errors["user"] = _("This person's account is disabled: they cannot be named.")
    else:
        current = (
            RoleAssignment.objects.filter(committee=committee, user=user, role=Role.FOCAL_OFFICER)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .order_by("start_date")
            .first()
        )
        if current is not None:
            errors["user"] = _("%(person)s is already a focal officer of the agency, from %(date)s.") % {
                "person": user,
                "date": formats.date_format(current.start_date, "d/m/Y"),
            }
    if start_date < today:
        errors["start_date"] = _("The term cannot start before today.")
    elif start_date > today + FOCAL_OFFICER_START_WITHIN:
        errors["start_date"] = _("The term starts within a year: on %(date)s at the latest.") % {
            "date": formats.date_format(today + FOCAL_OFFICER_START_WITHIN, "d/m/Y")
        }
    if decision_date is not None and decision_date > today:
        errors["decision_date"] = _("The decision cannot be dated after today.")
    if errors:
        raise ValidationError(errors)
    assignment = role_assignment_create(
        user=user,
        committee=committee,
        role=Role.FOCAL_OFFICER,
        organization=user.organization,
        start_date=start_date,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        actor=actor,
    )
    notify(
        users=[user],
        kind="members.focal_officer_named",
        params={"agency": user.organization.name, "committee": committee.short_code, "start": start_date},
        url=reverse("members:committee-detail", kwargs={"pk": committee.pk}),
    )
    return assignment


@transaction.atomic
def focal_officer_remove(*, assignment: RoleAssignment, actor: User) -> RoleAssignment | None:
    """The agency's member removes one of its focal officers (Điều 9.3): the term ends today and
    stays in the history with who ended it. A term not started yet is withdrawn instead: deleted,
    its history keeping the record and who withdrew it (returns None). The person is told."""
    # Only the assignment's row is locked: its agency is a nullable (outer) join.
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("user", "committee", "organization")
        .get(pk=assignment.pk)
    )
    if assignment.role != Role.FOCAL_OFFICER:
        raise PermissionDenied
    ensure_can_name_focal_officers(actor, assignment.committee, assignment.organization_id)
    today = timezone.localdate()
    if assignment.end_date is not None and assignment.end_date <= today:
        raise DomainError(
            _("%(person)s's term as focal officer already ends on %(date)s.")
            % {"person": assignment.user, "date": formats.date_format(assignment.end_date, "d/m/Y")}
        )
    committee = assignment.committee
    params = {"agency": assignment.organization.name, "committee": committee.short_code}
    if assignment.start_date > today:
        person, start_date = assignment.user, assignment.start_date
        audit.role_assignment_event("withdrawn before it started", assignment, actor=actor)
        assignment._history_user = actor
        assignment._change_reason = "withdrawn before it started"
        assignment.delete()
        notify(
            users=[person],
            kind="members.focal_officer_withdrawn",
            params={**params, "start": start_date},
            url=reverse("members:committee-detail", kwargs={"pk": committee.pk}),
        )
        return None
    ended = role_assignment_end(assignment=assignment, end_date=today, actor=actor)
    notify(
        users=[ended.user],
        kind="members.focal_officer_removed",
        params={**params, "end": today},
        url=reverse("members:committee-detail", kwargs={"pk": committee.pk}),
    )
    return ended


@transaction.atomic
def chair_acting_period_record(
    *,
    committee: Committee,
    actor: User,
    deputy: User,
    start_date: datetime.date,
    end_date: datetime.date,
    reason: str,
) -> ChairActingPeriod:
    """The chair records that they are away from `start_date` to `end_date` and that `deputy`
    acts for them meanwhile, signing "KT. TRƯỞNG BAN" (Điều 4.1); the deputy is told."""
    ensure_can_record_acting_period(actor, committee)
    period = ChairActingPeriod(
        committee=committee,
        deputy=deputy,
        start_date=start_date,
        end_date=end_date,
        reason=reason.strip(),
        created_by=actor,
    )
    period.full_clean()
    period._history_user = actor
    period._change_reason = "recorded"
    period.save()
    notify(
        users=[deputy],
        kind="members.acting_for_chair",
        params={"committee": committee.short_code, "start": start_date, "end": end_date},
        url=reverse("members:committee-detail", kwargs={"pk": committee.pk}),
    )
    return period


def notify(
    *,
    users: Iterable[User],
    kind: str,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    occurrence_key: str = "",
) -> list[Notification]:
    """Tell people something in the portal, and by e-mail once the transaction commits. `kind`
    is a registered kind (members.notifications); `params` fill its placeholders and are stored
    as JSON (instants and days as ISO 8601, objects as ids), so each reader gets the sentence in
    their own language when they read it. A reminder passes its `occurrence_key`: a person who
    already has that occurrence's notification gets no second one."""
    stored = notification_params(notification_kind(kind), params or {})
    recipients = {u.pk: u for u in users if u is not None}
    rows = [
        Notification(user_id=pk, kind=kind, params=stored, url=url, occurrence_key=occurrence_key)
        for pk in recipients
    ]
    if occurrence_key:
        # Skipped on the constraint notification_occurrence_once; the rows made are read back
        # for their ids (an insert ignoring conflicts does not return them).
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        notes = list(
            Notification.objects.filter(
                occurrence_key=occurrence_key, user_id__in=list(recipients), emailed_at__isnull=True
            )
        )
    else:
        notes = Notification.objects.bulk_create(rows)
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
    or when the person has no e-mail address (the claim stays: there is nothing to send, ever),
    or when it cannot be sent at all (an address or header the mail system refuses): then the
    claim is released, so it is never counted as sent, and the failure is logged. A
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
    # Worded in the recipient's language, not in the language of whoever acted.
    with translation.override(notification_language(note.user)):
        text = notification_text(note)
        subject = f"[{_('Steering committee portal')}] {text[:80]}"
    body = text
    if note.url:
        body += "\n\n" + settings.PORTAL_BASE_URL.rstrip("/") + note.url
    try:
        mail.send_mail(
            subject=_header_text(subject),
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
