"""The outbox's services: e-mail the notifications that wait for it, each once.

A notification row is its e-mail's outbox entry (`Notification.email_status`): `notify` writes it
in the transaction of the event, PENDING (or DIGEST, or NOT_EMAILED, by the person's choices), and
after commit asks the broker to send it at once, best effort. Whatever becomes of that, the sweep
(`members.jobs.send_pending_emails`, every minute) sends what is due.

A row is sent only by whoever claims it: a conditional UPDATE (PENDING, or SENDING whose lease ran
out because its worker died → SENDING with a lease of a few minutes), inside a transaction that
locks the rows it picks (skipping those another sweep holds, on PostgreSQL; SQLite's IMMEDIATE
transactions queue the sweeps). So two sweeps, or a sweep and the immediate job, never both send a
row. A failure is retried with a growing delay, then given up: FAILED with the error, shown in the
admin and on the person's notifications page. One failing address never stops the batch.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core import mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from . import emails
from .models import Notification, User

logger = logging.getLogger(__name__)
Status = Notification.EmailStatus

#: Attempts before an e-mail is given up (FAILED); the delays between them double from
#: RETRY_FIRST (2, 4, 8, 16, 32 minutes: about an hour in all).
MAX_ATTEMPTS = 6
RETRY_FIRST = datetime.timedelta(minutes=2)
RETRY_LONGEST = datetime.timedelta(hours=2)
#: How long a claim holds its rows. A batch never sends past LEASE - LEASE_MARGIN (the rest go
#: back to the queue), so another sweep cannot take over rows still being sent: BATCH e-mails at
#: settings.EMAIL_TIMEOUT each fit in it.
LEASE = datetime.timedelta(minutes=10)
LEASE_MARGIN = datetime.timedelta(minutes=2)
BATCH = 20
#: Rows one run sends at most; the next minute's sweep goes on with the rest.
RUN_LIMIT = 500


@dataclass
class SendReport:
    """What one run did: e-mails sent, to be tried again later, given up, not to be e-mailed."""

    sent: int = 0
    retry: int = 0
    failed: int = 0
    not_emailed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "sent": self.sent,
            "retry": self.retry,
            "failed": self.failed,
            "not_emailed": self.not_emailed,
        }


def _due(now: datetime.datetime) -> Q:
    """Waiting and its time has come, or being sent by a claim whose lease ran out."""
    time_has_come = Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now)
    return Q(email_status__in=[Status.PENDING, Status.SENDING]) & time_has_come


def _claim(rows: QuerySet[Notification], *, limit: int, now: datetime.datetime) -> list[int]:
    """Claim up to `limit` of `rows` for this run: the ids it won (a concurrent run gets others)."""
    lease = now + LEASE
    with transaction.atomic():
        ids = list(
            rows.filter(_due(now))
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Notification.objects.filter(pk__in=ids).filter(_due(now)).update(
                email_status=Status.SENDING,
                email_next_attempt_at=lease,
                email_attempts=F("email_attempts") + 1,
            )
    return ids


def _finish(note: Notification, **fields) -> None:
    """Record the outcome, only if the claim is still ours (the lease we set is unchanged)."""
    Notification.objects.filter(
        pk=note.pk, email_status=Status.SENDING, email_next_attempt_at=note.email_next_attempt_at
    ).update(**fields)


def _release(notes: Iterable[Notification]) -> None:
    """Give rows back to the queue untried (the lease is running out): no attempt counted."""
    for note in notes:
        _finish(
            note,
            email_status=Status.PENDING,
            email_next_attempt_at=None,
            email_attempts=F("email_attempts") - 1,
        )


def _is_permanent(exc: Exception) -> bool:
    """An error no retry can mend: a malformed address or header, a recipient (or a message) the
    server refuses for good (5xx). A server down, busy or refusing us (4xx) may recover."""
    if isinstance(exc, ValueError):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return False


def _error_text(exc: Exception) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:500]


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait before the next try after `attempts` failed ones."""
    return min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_LONGEST)


def _record_failure(note: Notification, exc: Exception, *, back_to: str) -> str:
    """FAILED when it cannot be mended or the attempts are spent; else `back_to`, later."""
    now = timezone.now()
    error = _error_text(exc)
    if _is_permanent(exc) or note.email_attempts >= MAX_ATTEMPTS:
        _finish(note, email_status=Status.FAILED, email_next_attempt_at=None, email_error=error)
        logger.error("Notification %s to user %s cannot be e-mailed: %s", note.pk, note.user_id, error)
        return Status.FAILED
    later = now + retry_delay(note.email_attempts) if back_to == Status.PENDING else None
    _finish(note, email_status=back_to, email_next_attempt_at=later, email_error=error)
    logger.warning(
        "Notification %s to user %s not e-mailed (attempt %s of %s): %s",
        note.pk,
        note.user_id,
        note.email_attempts,
        MAX_ATTEMPTS,
        error,
    )
    return back_to


def _send_one(note: Notification, connection, report: SendReport) -> None:
    if not note.user.email:  # removed since: nothing to send, ever
        _finish(note, email_status=Status.NOT_EMAILED, email_next_attempt_at=None)
        report.not_emailed += 1
        return
    try:
        emails.notification_message(note, connection=connection).send()
    except Exception as exc:  # noqa: BLE001 - whatever fails, the batch goes on
        if not isinstance(exc, ValueError | smtplib.SMTPException | OSError):
            logger.exception("Notification %s: the e-mail could not be built", note.pk)
        if _record_failure(note, exc, back_to=Status.PENDING) == Status.FAILED:
            report.failed += 1
        else:
            report.retry += 1
        connection.close()  # the next e-mail starts a fresh SMTP session
        return
    _finish(
        note,
        email_status=Status.SENT,
        emailed_at=timezone.now(),
        email_next_attempt_at=None,
        email_error="",
    )
    report.sent += 1


def notification_emails_send(*, ids: Iterable[int] | None = None) -> SendReport:
    """E-mail the notifications that are due (only those of `ids` when given), in claimed
    batches: each sent once, a failure retried later with backoff and given up after
    MAX_ATTEMPTS; at most RUN_LIMIT per run."""
    rows = Notification.objects.all() if ids is None else Notification.objects.filter(pk__in=list(ids))
    report = SendReport()
    claimed = 0
    connection = mail.get_connection()
    try:
        while claimed < RUN_LIMIT:
            won = _claim(rows, limit=min(BATCH, RUN_LIMIT - claimed), now=timezone.now())
            if not won:
                break
            claimed += len(won)
            notes = list(Notification.objects.filter(pk__in=won).select_related("user").order_by("pk"))
            for i, note in enumerate(notes):
                if timezone.now() >= note.email_next_attempt_at - LEASE_MARGIN:
                    _release(notes[i:])
                    return report
                _send_one(note, connection, report)
    finally:
        connection.close()
    return report


def notification_email_send(*, notification_id: int) -> bool:
    """E-mail one notification if it is due; False if it is sent, being sent, not to be
    e-mailed, or failed (then it is retried later)."""
    return notification_emails_send(ids=[notification_id]).sent == 1


def _claim_digest(user_id: int, *, now: datetime.datetime) -> list[int]:
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(user_id=user_id, email_status=Status.DIGEST)
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if ids:
            Notification.objects.filter(pk__in=ids, email_status=Status.DIGEST).update(
                email_status=Status.SENDING,
                email_next_attempt_at=now + LEASE,
                email_attempts=F("email_attempts") + 1,
            )
    return ids


def notification_digests_send() -> SendReport:
    """The daily digest (07:00): per person with notifications waiting for it, ONE e-mail listing
    them all, which are then sent. Claimed as single e-mails are, so a second run (or a concurrent
    one) sends nothing twice. A digest the mail server does not take waits for the next one;
    counts are per notification."""
    report = SendReport()
    people = (
        Notification.objects.filter(email_status=Status.DIGEST)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    connection = mail.get_connection()
    try:
        for user_id in list(people):
            ids = _claim_digest(user_id, now=timezone.now())
            if not ids:
                continue
            notes = list(Notification.objects.filter(pk__in=ids).select_related("user").order_by("pk"))
            _send_digest(notes[0].user, notes, connection, report)
    finally:
        connection.close()
    return report


def _send_digest(user: User, notes: list[Notification], connection, report: SendReport) -> None:
    if not user.email:
        for note in notes:
            _finish(note, email_status=Status.NOT_EMAILED, email_next_attempt_at=None)
        report.not_emailed += len(notes)
        return
    try:
        emails.digest_message(user, notes, connection=connection).send()
    except Exception as exc:  # noqa: BLE001 - one person's digest never stops the others'
        if not isinstance(exc, ValueError | smtplib.SMTPException | OSError):
            logger.exception("The digest of user %s could not be built", user.pk)
        for note in notes:
            if _record_failure(note, exc, back_to=Status.DIGEST) == Status.FAILED:
                report.failed += 1
            else:
                report.retry += 1
        connection.close()
        return
    report.sent += Notification.objects.filter(
        pk__in=[n.pk for n in notes],
        email_status=Status.SENDING,
        email_next_attempt_at=notes[0].email_next_attempt_at,  # still our claim
    ).update(email_status=Status.SENT, emailed_at=timezone.now(), email_next_attempt_at=None, email_error="")
