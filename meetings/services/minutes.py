"""Writes of the minutes (Điều 4.2, 7): the prefilled draft, optimistic saves, the review,
comments, the two signatures and addenda."""

from __future__ import annotations

import difflib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.services import register_next_number
from members.jobs import enqueue_after_commit
from members.models import User
from members.services import notify
from members.workdays import add_working_days  # Vietnam's calendar: weekends and public holidays

from .. import jobs
from ..models import Invitation, Meeting, MeetingError, Minutes, MinutesComment
from ..permissions import MeetingAccess, Right
from ..sanitize import minutes_markup_refusal, sanitize_minutes_html
from ..selectors.minutes import minutes_prefill_context
from ._shared import A, check_transition, lock_meeting, meeting_access, save_with_history


class MinutesStale(MeetingError):
    """Someone saved the minutes after you opened them; nothing was overwritten."""

    def __init__(self, current: Minutes, submitted_body: str) -> None:
        super().__init__(
            _(
                "%(person)s saved these minutes after you opened them. Your text was not saved; compare below and merge."
            )
            % {"person": current.updated_by or _("Another secretary")}
        )
        self.current = current
        self.submitted_body = submitted_body
        self.diff = list(
            difflib.unified_diff(
                current.body.splitlines(),
                submitted_body.splitlines(),
                _("saved version"),
                _("your version"),
                lineterm="",
            )
        )


def _minutes_body_clean(body: str) -> str:
    """The text cleaned of every tag a biên bản does not need; a ValidationError on `body` when
    what is left is more markup than its PDF can lay out in reasonable time (meetings/sanitize.py)."""
    clean = sanitize_minutes_html(body)
    refusal = minutes_markup_refusal(clean)
    if refusal is not None:
        raise ValidationError({"body": refusal})
    return clean


def minutes_prefill(meeting: Meeting) -> str:
    """The draft's first text: the proceedings only, one heading per agenda item, with the
    written opinions of members who sent a substitute or were excused (Điều 6.5). What the
    records already say (time, place, attendance) is printed from them, not from this text."""
    context = minutes_prefill_context(meeting)
    # The minutes are an official document: Vietnamese, whatever language the secretary's UI uses.
    with translation.override(settings.LANGUAGE_CODE):
        return sanitize_minutes_html(render_to_string("meetings/minutes_prefill.html", context))


@transaction.atomic
def minutes_start(*, meeting: Meeting, actor: User, access: MeetingAccess | None = None) -> Minutes:
    """The support group starts the draft of a held meeting's minutes, prefilled (Điều 7)."""
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(Right.DRAFT_MINUTES)
    new_status = check_transition(meeting, A.DRAFT_MINUTES)
    minutes = Minutes(meeting=meeting, body=minutes_prefill(meeting), updated_by=actor)
    save_with_history(minutes, actor, "drafted")
    meeting.status = new_status
    save_with_history(meeting, actor, "minutes drafted", ["status"])
    return minutes


@transaction.atomic
def minutes_update(
    *, minutes: Minutes, actor: User, body: str, expected_version: int, access: MeetingAccess | None = None
) -> Minutes:
    """Save the text if nobody saved since `expected_version` (optimistic locking)."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to updated_by.
    current = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("meeting", "updated_by")
        .get(pk=minutes.pk)
    )
    access = meeting_access(actor, current.meeting, access)
    cannot_edit = _("You cannot edit these minutes.")
    if current.addendum_to_id is None:
        access.ensure(Right.DRAFT_MINUTES, current, denied=cannot_edit)  # signed minutes: says so
    else:
        access.ensure(Right.ADD_ADDENDUM, current.addendum_to, message=cannot_edit)
    if current.locked:
        raise MeetingError(_("Signed minutes cannot be changed; add an addendum instead."))
    clean = _minutes_body_clean(body)
    if current.version != expected_version:
        raise MinutesStale(current, clean)
    current.body = clean
    current.version += 1
    current.updated_by = actor
    # A change voids any signature already given: each signer signs the text as it now stands.
    current.secretary_signed_by = current.secretary_signed_at = None
    current.presiding_signed_by = current.presiding_signed_at = None
    current.presiding_signed_as = ""
    fields = ["body", "version", "updated_by", "updated_at", "secretary_signed_by", "secretary_signed_at"]
    fields += ["presiding_signed_by", "presiding_signed_at", "presiding_signed_as"]
    save_with_history(current, actor, "edited", fields)
    return current


@transaction.atomic
def minutes_open_review(
    *, minutes: Minutes, actor: User, working_days: int = 3, access: MeetingAccess | None = None
) -> Minutes:
    """Participants may read the draft and comment for `working_days` working days."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    meeting_access(actor, minutes.meeting, access).ensure(Right.OPEN_REVIEW, minutes)
    minutes.status = Minutes.Status.IN_REVIEW
    minutes.review_until = add_working_days(timezone.localdate(), working_days)
    save_with_history(minutes, actor, "review opened", ["status", "review_until"])
    notify(
        users=[
            i.user
            for i in minutes.meeting.invitations.exclude(kind=Invitation.Kind.GUEST).select_related("user")
        ],
        kind="meetings.minutes_review_opened",
        params={"meeting": minutes.meeting_id, "date": minutes.review_until},
        url=reverse("meetings:minutes-detail", kwargs={"pk": minutes.meeting_id}),
    )
    return minutes


@transaction.atomic
def minutes_comment_add(
    *, minutes: Minutes, actor: User, body: str, access: MeetingAccess | None = None
) -> MinutesComment:
    """Participants comment on the draft while it is open for review (Điều 7)."""
    minutes = Minutes.objects.select_related("meeting").get(pk=minutes.pk)
    meeting_access(actor, minutes.meeting, access).ensure(Right.COMMENT_MINUTES, minutes)
    if not body.strip():
        raise ValidationError({"body": _("Write your comment.")})
    comment = MinutesComment(minutes=minutes, author=actor, body=body.strip())
    save_with_history(comment, actor, "commented")
    return comment


@transaction.atomic
def minutes_review_close(*, minutes: Minutes, actor: User, access: MeetingAccess | None = None) -> Minutes:
    """The presiding person ends the comment window before its last day, so the minutes can be
    signed; who and when are recorded (Điều 7)."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    meeting_access(actor, minutes.meeting, access).ensure(Right.CLOSE_REVIEW, minutes)
    minutes.review_closed_at, minutes.review_closed_by = timezone.now(), actor
    save_with_history(minutes, actor, "review closed early", ["review_closed_at", "review_closed_by"])
    if minutes.meeting.secretary_id:
        notify(
            users=[minutes.meeting.secretary],
            kind="meetings.minutes_review_closed",
            params={"person": str(actor), "meeting": minutes.meeting_id},
            url=reverse("meetings:minutes-detail", kwargs={"pk": minutes.meeting_id}),
        )
    return minutes


@transaction.atomic
def minutes_comment_answer(
    *,
    comment: MinutesComment,
    actor: User,
    taken_into_account: bool,
    note: str = "",
    access: MeetingAccess | None = None,
) -> MinutesComment:
    """The support group answers a participant's comment before the minutes are signed: taken
    into account or not, with an optional note; each answer is kept in the comment's history."""
    comment = (
        MinutesComment.objects.select_for_update(of=("self",))
        .select_related("minutes", "minutes__meeting")
        .get(pk=comment.pk)
    )
    meeting_access(actor, comment.minutes.meeting, access).ensure(Right.ANSWER_COMMENT, comment)
    answers = MinutesComment.Answer
    comment.answer = answers.TAKEN if taken_into_account else answers.NOT_TAKEN
    comment.answer_note = note.strip()
    comment.answered_by, comment.answered_at = actor, timezone.now()
    save_with_history(
        comment, actor, "comment answered", ["answer", "answer_note", "answered_by", "answered_at"]
    )
    if comment.author_id != actor.pk:
        notify(
            users=[comment.author],
            kind=(
                "meetings.minutes_comment_taken"
                if comment.answer == answers.TAKEN
                else "meetings.minutes_comment_not_taken"
            ),
            params={"meeting": comment.minutes.meeting_id},
            url=reverse("meetings:minutes-detail", kwargs={"pk": comment.minutes.meeting_id}),
        )
    return comment


@transaction.atomic
def minutes_sign(*, minutes: Minutes, actor: User, access: MeetingAccess | None = None) -> Minutes:
    """The meeting's secretary and its presiding person sign (a deputy signs for an absent
    chair, recorded as acting); with both signatures the minutes lock for good (Điều 7)."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    meeting = lock_meeting(minutes.meeting)
    access = meeting_access(actor, meeting, access)
    access.ensure(Right.SIGN_MINUTES, minutes)
    role = access.minutes_signature_role(minutes)
    now = timezone.now()
    fields = []
    if role == "secretary":
        minutes.secretary_signed_by, minutes.secretary_signed_at = actor, now
        fields += ["secretary_signed_by", "secretary_signed_at"]
    else:
        minutes.presiding_signed_by, minutes.presiding_signed_at = actor, now
        minutes.presiding_signed_as = (
            Minutes.SignedAs.ACTING if role == "acting" else Minutes.SignedAs.PRESIDING
        )
        fields += ["presiding_signed_by", "presiding_signed_at", "presiding_signed_as"]
    complete = minutes.secretary_signed_by_id and minutes.presiding_signed_by_id
    if complete:
        minutes.status = Minutes.Status.SIGNED
        minutes.locked = True
        # The register number follows the last signature (Decree 30/2020, Art. 15.2).
        minutes.year = timezone.localtime(now).year
        minutes.number = register_next_number(
            committee=meeting.committee, doc_type=Minutes.DOC_TYPE, year=minutes.year
        )
        fields += ["status", "locked", "year", "number"]
    save_with_history(minutes, actor, f"signed as {role}", fields)
    if complete:
        enqueue_after_commit(jobs.archive_signed_document, minutes_id=minutes.pk)
    if complete and minutes.addendum_to_id is None:
        meeting.status = check_transition(meeting, A.SIGN_MINUTES)
        save_with_history(meeting, actor, "minutes signed", ["status"])
        notify(
            users=[
                i.user for i in meeting.invitations.exclude(kind=Invitation.Kind.GUEST).select_related("user")
            ],
            kind="meetings.minutes_signed",
            params={"meeting": meeting.pk},
            url=reverse("meetings:minutes-detail", kwargs={"pk": meeting.pk}),
        )
    return minutes


@transaction.atomic
def minutes_addendum_create(
    *, minutes: Minutes, actor: User, body: str, access: MeetingAccess | None = None
) -> Minutes:
    """A correction to signed minutes is a new, linked record, signed like the minutes."""
    minutes = Minutes.objects.select_related("meeting").get(pk=minutes.pk)
    meeting_access(actor, minutes.meeting, access).ensure(Right.ADD_ADDENDUM, minutes)
    if not body.strip():
        raise ValidationError({"body": _("Write the correction.")})
    addendum = Minutes(
        meeting=minutes.meeting, addendum_to=minutes, body=_minutes_body_clean(body), updated_by=actor
    )
    save_with_history(addendum, actor, "addendum drafted")
    return addendum
