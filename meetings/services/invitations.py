"""Writes of who attends (Điều 6.5, 8.1, 8.2): invitees, guests and their accounts, answers,
absences and substitutes, and the attendance that marks a meeting held."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from members.models import RoleAssignment, User
from members.services import notify
from members.validators import is_single_line

from ..models import Invitation, Meeting, MeetingError
from ..permissions import MeetingAccess, Right, grant_guest_access, revoke_guest_access
from ..selectors.meetings import SUPPORT_ROLES
from ..uploads import validate_upload
from ._shared import A, S, check_transition, lock_meeting, meeting_access, notify_invited, save_with_history


@transaction.atomic
def invitees_set(
    *, meeting: Meeting, actor: User, users: Iterable[User], access: MeetingAccess | None = None
) -> Meeting:
    """The presiding person decides the invitee list (Điều 8.1); guests are managed apart."""
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(Right.SET_INVITEES)
    wanted = {u.pk: u for u in users}
    current = {inv.user_id: inv for inv in meeting.invitations.exclude(kind=Invitation.Kind.GUEST)}
    _refuse_if_letter_sent(meeting, [inv for pk, inv in current.items() if pk not in wanted])
    support_ids = set(
        RoleAssignment.objects.in_force()
        .filter(committee=meeting.committee, role__in=SUPPORT_ROLES)
        .values_list("user_id", flat=True)
    )
    added = []
    for pk, user in wanted.items():
        if pk not in current:
            kind = Invitation.Kind.SUPPORT if pk in support_ids else Invitation.Kind.MEMBER
            inv = Invitation(meeting=meeting, user=user, kind=kind)
            save_with_history(inv, actor, "invited")
            added.append(user)
    for pk, inv in current.items():
        if pk not in wanted:
            inv._history_user = actor
            inv.delete()
    if added and meeting.status == S.CONVENED:
        notify_invited(meeting, added)
    return meeting


def _refuse_if_letter_sent(meeting: Meeting, invitations: list[Invitation]) -> None:
    """An invitee whose personal letter is archived stays on the list (the signed copy is kept
    as issued): their absence is recorded instead. Checked before anything is removed."""
    if not invitations:
        return
    sent = meeting.invitations.filter(
        pk__in=[inv.pk for inv in invitations], signed_documents__isnull=False
    ).distinct()
    names = [str(inv.user) for inv in sent.select_related("user").order_by("user__full_name")]
    if names:
        raise MeetingError(
            _(
                "%(person)s has been sent a personal invitation letter; record their absence instead of removing them."
            )
            % {"person": ", ".join(names)}
        )


@transaction.atomic
def guest_invite(
    *, meeting: Meeting, actor: User, user: User, access: MeetingAccess | None = None
) -> Invitation:
    """Invite an expert or agency head to an extended meeting (Điều 8.2): they see that meeting
    and its papers, nothing else."""
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(Right.SET_INVITEES)
    if meeting.kind != Meeting.Kind.EXTENDED:
        raise MeetingError(_("Guests are invited to extended meetings only."))
    inv, created = Invitation.objects.get_or_create(
        meeting=meeting, user=user, defaults={"kind": Invitation.Kind.GUEST}
    )
    grant_guest_access(user=user, meeting=meeting)
    if meeting.status == S.CONVENED and created:
        notify_invited(meeting, [user])
    return inv


@transaction.atomic
def guest_account_create(
    *,
    meeting: Meeting,
    actor: User,
    full_name: str,
    email: str,
    position: str = "",
    access: MeetingAccess | None = None,
) -> tuple[User, str]:
    """An expert without an account gets one limited to this extended meeting (Điều 8.2):
    no role anywhere, one guest grant. Returns the user and a one-time password to hand over."""
    errors = {}
    if not full_name.strip():
        errors["full_name"] = _("Give the guest's full name.")
    # The name goes into e-mail subjects and letters (members.validators).
    for field, value in (("full_name", full_name), ("position", position)):
        if field not in errors and not is_single_line(value.strip()):
            errors[field] = _("Write this on one line, without line breaks or control characters.")
    email = email.strip().lower()
    if not email:
        errors["email"] = _("Give the guest's e-mail address: it is their login.")
    elif User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        errors["email"] = _("An account with this e-mail already exists: choose it in the list above.")
    if errors:
        raise ValidationError(errors)
    password = get_random_string(16, "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    user = User(username=email, email=email, full_name=full_name.strip(), position=position.strip())
    validate_password(password, user)
    user.set_password(password)
    save_with_history(user, actor, f"guest account for meeting {meeting.pk}")
    guest_invite(meeting=meeting, actor=actor, user=user, access=access)
    return user, password


@transaction.atomic
def guest_remove(*, invitation: Invitation, actor: User, access: MeetingAccess | None = None) -> None:
    """A guest is no longer invited, and no longer sees the meeting (Điều 8.2)."""
    meeting = lock_meeting(invitation.meeting)
    meeting_access(actor, meeting, access).ensure(Right.SET_INVITEES)
    _refuse_if_letter_sent(meeting, [invitation])
    revoke_guest_access(user=invitation.user, meeting=meeting)
    invitation._history_user = actor
    invitation.delete()


# --- answers (Điều 6.5) -------------------------------------------------------------------------


@transaction.atomic
def invitation_respond(
    *,
    invitation: Invitation,
    actor: User,
    response: str,
    absence_reason: str = "",
    substitute_name: str = "",
    substitute_position: str = "",
    written_opinion: str = "",
    written_opinion_file: UploadedFile | None = None,
    access: MeetingAccess | None = None,
) -> Invitation:
    """Attend; ask to be absent (with a reason, for the presiding person to decide); or send a
    substitute, named, with the member's written opinion — refused without it (Điều 6.5)."""
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    meeting = invitation.meeting
    meeting_access(actor, meeting, access).ensure(Right.ANSWER, invitation)
    errors: dict[str, str] = {}
    R = Invitation.Response
    if response == R.ABSENT and not absence_reason.strip():
        errors["absence_reason"] = _("Give the reason you cannot attend.")
    if response == R.SUBSTITUTE:
        if not substitute_name.strip():
            errors["substitute_name"] = _("Name the person who attends in your place.")
        keeps_earlier_file = invitation.response == R.SUBSTITUTE and bool(invitation.written_opinion_file)
        if not written_opinion.strip() and not written_opinion_file and not keeps_earlier_file:
            errors["written_opinion"] = _(
                "A member who sends a substitute must give their opinion in writing (Article 6.5 of the regulation)."
            )
    if response not in (R.ATTEND, R.ABSENT, R.SUBSTITUTE):
        errors["response"] = _("Choose an answer.")
    if errors:
        raise ValidationError(errors)
    if written_opinion_file is not None:
        validate_upload(written_opinion_file)
    invitation.response = response
    invitation.responded_at = timezone.now()
    invitation.absence_reason = absence_reason.strip() if response == R.ABSENT else ""
    invitation.absence_decision = (
        Invitation.AbsenceDecision.PENDING if response == R.ABSENT else Invitation.AbsenceDecision.NONE
    )
    invitation.absence_decided_by = None
    invitation.absence_decided_at = None
    invitation.substitute_name = substitute_name.strip() if response == R.SUBSTITUTE else ""
    invitation.substitute_position = substitute_position.strip() if response == R.SUBSTITUTE else ""
    invitation.written_opinion = written_opinion.strip() if response == R.SUBSTITUTE else ""
    if response == R.SUBSTITUTE and written_opinion_file is not None:
        invitation.written_opinion_file.save(written_opinion_file.name, written_opinion_file, save=False)
    elif response != R.SUBSTITUTE:
        invitation.written_opinion_file = ""
    save_with_history(invitation, actor, f"answered: {response}")
    if response == R.ABSENT:
        notify(
            users=[meeting.presiding],
            kind="meetings.absence_requested",
            params={"person": str(actor), "meeting": meeting.pk, "reason": invitation.absence_reason},
            url=reverse("meetings:meeting-roll", kwargs={"pk": meeting.pk}),
        )
    return invitation


@transaction.atomic
def absence_decide(
    *, invitation: Invitation, actor: User, approve: bool, access: MeetingAccess | None = None
) -> Invitation:
    """The presiding person approves or refuses an absence; the member is told (Điều 6.5)."""
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting", "user").get(pk=invitation.pk)
    )
    meeting = invitation.meeting
    meeting_access(actor, meeting, access).ensure(Right.DECIDE_ABSENCE)
    if invitation.response != Invitation.Response.ABSENT:
        raise MeetingError(_("This invitee has not asked to be absent."))
    D = Invitation.AbsenceDecision
    invitation.absence_decision = D.APPROVED if approve else D.REFUSED
    invitation.absence_decided_by = actor
    invitation.absence_decided_at = timezone.now()
    save_with_history(invitation, actor, "absence approved" if approve else "absence refused")
    notify(
        users=[invitation.user],
        kind="meetings.absence_approved" if approve else "meetings.absence_refused",
        params={"meeting": meeting.pk},
        url=meeting.get_absolute_url(),
    )
    return invitation


# --- attendance ---------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, actor: User, marks: dict[int, str], access: MeetingAccess | None = None
) -> Meeting:
    """The secretary records who was there, once the meeting has started; the first record marks
    the meeting held (Điều 6.5). A sheet that marks nobody, or nobody present, is refused: it
    would record as held a meeting nobody attended."""
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(Right.RECORD_ATTENDANCE)
    valid = set(Invitation.Attendance.values)
    invitations = {inv.pk: inv for inv in meeting.invitations.select_for_update()}
    for inv_id, mark in marks.items():
        if inv_id not in invitations or mark not in valid:
            raise MeetingError(_("The attendance list does not match this meeting's invitees."))
    _refuse_blank_sheet({pk: marks.get(pk, inv.attendance) for pk, inv in invitations.items()})
    for inv_id, mark in marks.items():
        inv = invitations[inv_id]
        if inv.attendance != mark:
            inv.attendance = mark
            save_with_history(inv, actor, "attendance recorded", ["attendance"])
    if meeting.status == S.CONVENED:
        meeting.status = check_transition(meeting, A.HOLD)
        meeting.held_at = timezone.now()
        save_with_history(meeting, actor, "held", ["status", "held_at"])
    return meeting


def _refuse_blank_sheet(marks: dict[int, str]) -> None:
    """The sheet as it would stand must mark someone present, in person or by a substitute."""
    At = Invitation.Attendance
    if not any(marks.values()):
        raise ValidationError(_("The attendance sheet is blank: mark who was present and who was absent."))
    if not any(mark in (At.PRESENT, At.SUBSTITUTE_PRESENT) for mark in marks.values()):
        raise ValidationError(
            _("Nobody is marked present: a meeting nobody attended cannot be recorded as held.")
        )
