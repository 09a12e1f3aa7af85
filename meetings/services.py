"""Writes and state transitions of the meetings app: one service per transition.

Each service re-reads its row under `select_for_update()`, refuses an illegal move or a person
without the right with a message they can read, writes who and when, and leaves side effects
(notifications, e-mail) to `transaction.on_commit`.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.services import register_next_number
from members.models import Committee, Organization, RoleAssignment, User
from members.services import notify

from . import jobs, permissions
from .models import (
    AgendaItem,
    CalendarToken,
    Conclusion,
    Invitation,
    InvitationLetter,
    Meeting,
    MeetingError,
    MeetingProposal,
    Minutes,
    MinutesComment,
    Notice,
    Paper,
)
from .sanitize import MINUTES_TAGS, sanitize_minutes_html  # noqa: F401 - re-exported
from .uploads import validate_upload

S = Meeting.Status
A = Meeting.Action
Role = RoleAssignment.Role

MEMBER_ROLES = (Role.CHAIR, Role.DEPUTY, Role.STANDING_MEMBER, Role.MEMBER)
SUPPORT_ROLES = (Role.SECRETARIAT_LEAD, Role.SECRETARIAT)


def _check_transition(meeting: Meeting, action: str) -> str:
    allowed = Meeting.TRANSITIONS[meeting.status]
    if action not in allowed:
        raise MeetingError(
            _("A meeting that is “%(status)s” cannot be %(action)s.")
            % {"status": meeting.get_status_display(), "action": Meeting.Action(action).label}
        )
    return allowed[action]


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)


def _save(obj, actor: User, reason: str, fields: list[str] | None = None) -> None:
    obj._history_user = actor
    obj._change_reason = reason
    if fields is None:
        obj.save()
    else:
        obj.save(update_fields=fields)


def _invitee_users(meeting: Meeting) -> list[User]:
    return [inv.user for inv in meeting.invitations.select_related("user")]


def _local(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%H:%M %d/%m/%Y")


# --- creating and preparing ---------------------------------------------------------------------


def _default_presiding(committee: Committee, kind: str, on: datetime.date) -> User | None:
    roles = [Role.SECRETARIAT_LEAD] if kind == Meeting.Kind.SUPPORT_MONTHLY else [Role.CHAIR, Role.DEPUTY]
    for role in roles:
        a = (
            RoleAssignment.objects.in_force(on)
            .filter(committee=committee, role=role)
            .select_related("user")
            .first()
        )
        if a:
            return a.user
    return None


def default_invitees(committee: Committee, kind: str, on: datetime.date) -> list[tuple[User, str]]:
    """Committee meetings: every member in force; the monthly meeting: the support group."""
    roles = SUPPORT_ROLES if kind == Meeting.Kind.SUPPORT_MONTHLY else MEMBER_ROLES
    as_kind = Invitation.Kind.SUPPORT if kind == Meeting.Kind.SUPPORT_MONTHLY else Invitation.Kind.MEMBER
    seen: dict[int, tuple[User, str]] = {}
    for a in (
        RoleAssignment.objects.in_force(on).filter(committee=committee, role__in=roles).select_related("user")
    ):
        seen.setdefault(a.user_id, (a.user, as_kind))
    return list(seen.values())


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    actor: User,
    kind: str,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    place: str = "",
    online_link: str = "",
    presiding: User | None = None,
    secretary: User | None = None,
    title: str = "",
) -> Meeting:
    """A meeting draft, numbered per committee, kind and year, with the default invitee list."""
    if not permissions.can_create_meeting(actor, committee.pk):
        raise PermissionDenied
    if end_at <= start_at:
        raise ValidationError({"end_at": _("The meeting must end after it starts.")})
    Committee.objects.select_for_update().filter(pk=committee.pk).first()  # serialise numbering
    year = timezone.localtime(start_at).year
    last = (
        Meeting.objects.filter(committee=committee, kind=kind, year=year).aggregate(n=Max("sequence"))["n"]
        or 0
    )
    on = timezone.localdate(start_at)
    presiding = presiding or _default_presiding(committee, kind, on)
    if presiding is None:
        raise ValidationError({"presiding": _("Choose who presides over the meeting.")})
    meeting = Meeting(
        committee=committee,
        kind=kind,
        year=year,
        sequence=last + 1,
        title=title,
        start_at=start_at,
        end_at=end_at,
        place=place,
        online_link=online_link,
        presiding=presiding,
        secretary=secretary
        or (actor if permissions.has_committee_perm(actor, committee.pk, "record_minutes") else None),
        created_by=actor,
    )
    _save(meeting, actor, "created")
    invitees = default_invitees(committee, kind, on)
    if meeting.secretary and meeting.secretary.pk not in {u.pk for u, _k in invitees}:
        invitees.append((meeting.secretary, Invitation.Kind.SUPPORT))
    for user, as_kind in invitees:
        inv = Invitation(meeting=meeting, user=user, kind=as_kind)
        _save(inv, actor, "invited")
    return meeting


EDITABLE_FIELDS = ("title", "start_at", "end_at", "place", "online_link", "presiding", "secretary")
# What the invitees of a convened meeting are told about when it changes.
NOTIFIED_FIELDS = ("place", "online_link", "end_at")


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: User, **fields) -> Meeting:
    """Edit a draft or convened meeting's details (a new time for a convened one is a postponement)."""
    meeting = _lock(meeting)
    if not permissions.can_edit_meeting(actor, meeting):
        raise MeetingError(_("This meeting can no longer be edited."))
    if meeting.status == S.CONVENED and ("start_at" in fields and fields["start_at"] != meeting.start_at):
        raise MeetingError(_("To change the time of a convened meeting, postpone it: invitees are told."))
    before = {name: getattr(meeting, name) for name in NOTIFIED_FIELDS}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(name)
        setattr(meeting, name, value)
    if meeting.end_at <= meeting.start_at:
        raise ValidationError({"end_at": _("The meeting must end after it starts.")})
    _save(meeting, actor, "edited")
    if meeting.status == S.CONVENED and any(getattr(meeting, n) != before[n] for n in NOTIFIED_FIELDS):
        # The invitation letter keeps what was signed; the invitees learn the new details here.
        notify(
            users=_invitee_users(meeting),
            message=_("%(meeting)s has new details: from %(start)s to %(end)s, %(where)s.")
            % {
                "meeting": meeting,
                "start": _local(meeting.start_at),
                "end": _local(meeting.end_at),
                "where": ", ".join(filter(None, [meeting.place, meeting.online_link])) or "—",
            },
            url=meeting.get_absolute_url(),
        )
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    presenter: Organization | None = None,
    minutes_allowed: int | None = None,
) -> AgendaItem:
    meeting = _lock(meeting)
    if not permissions.can_edit_meeting(actor, meeting):
        raise MeetingError(_("The agenda of this meeting can no longer be changed."))
    order = (meeting.agenda_items.aggregate(n=Max("order"))["n"] or 0) + 1
    item = AgendaItem(
        meeting=meeting, order=order, title=title, presenter=presenter, minutes_allowed=minutes_allowed
    )
    _save(item, actor, "agenda item added")
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: User) -> None:
    meeting = _lock(item.meeting)
    if not permissions.can_edit_meeting(actor, meeting):
        raise MeetingError(_("The agenda of this meeting can no longer be changed."))
    item._history_user = actor
    item.delete()


@transaction.atomic
def paper_add(
    *,
    meeting: Meeting,
    actor: User,
    upload: UploadedFile,
    title: str = "",
    agenda_item: AgendaItem | None = None,
) -> Paper:
    """Attach a paper; refused above 25 MB or when the content is not an accepted type."""
    meeting = _lock(meeting)
    if not permissions.can_edit_meeting(actor, meeting):
        raise MeetingError(_("Papers can no longer be added to this meeting."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise MeetingError(_("That agenda item belongs to another meeting."))
    content_type = validate_upload(upload)
    paper = Paper(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title or upload.name,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    paper.file.save(upload.name, upload, save=False)
    _save(paper, actor, "paper added")
    return paper


@transaction.atomic
def invitees_set(*, meeting: Meeting, actor: User, users: Iterable[User]) -> Meeting:
    """The presiding person decides the invitee list (Điều 8.1); guests are managed apart."""
    meeting = _lock(meeting)
    if not permissions.can_set_invitees(actor, meeting):
        raise MeetingError(_("You cannot change who is invited to this meeting."))
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
            _save(inv, actor, "invited")
            added.append(user)
    for pk, inv in current.items():
        if pk not in wanted:
            inv._history_user = actor
            inv.delete()
    if added and meeting.status == S.CONVENED:
        _notify_invited(meeting, added)
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
def guest_invite(*, meeting: Meeting, actor: User, user: User) -> Invitation:
    """Invite an expert or agency head to an extended meeting (Điều 8.2): they see that meeting
    and its papers, nothing else."""
    meeting = _lock(meeting)
    if not permissions.can_set_invitees(actor, meeting):
        raise MeetingError(_("You cannot change who is invited to this meeting."))
    if meeting.kind != Meeting.Kind.EXTENDED:
        raise MeetingError(_("Guests are invited to extended meetings only."))
    inv, created = Invitation.objects.get_or_create(
        meeting=meeting, user=user, defaults={"kind": Invitation.Kind.GUEST}
    )
    permissions.grant_guest_access(user=user, meeting=meeting)
    if meeting.status == S.CONVENED and created:
        _notify_invited(meeting, [user])
    return inv


@transaction.atomic
def guest_account_create(
    *, meeting: Meeting, actor: User, full_name: str, email: str, position: str = ""
) -> tuple[User, str]:
    """An expert without an account gets one limited to this extended meeting (Điều 8.2):
    no role anywhere, one guest grant. Returns the user and a one-time password to hand over."""
    from django.contrib.auth.password_validation import validate_password
    from django.utils.crypto import get_random_string

    errors = {}
    if not full_name.strip():
        errors["full_name"] = _("Give the guest's full name.")
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
    _save(user, actor, f"guest account for meeting {meeting.pk}")
    guest_invite(meeting=meeting, actor=actor, user=user)
    return user, password


@transaction.atomic
def guest_remove(*, invitation: Invitation, actor: User) -> None:
    meeting = _lock(invitation.meeting)
    if not permissions.can_set_invitees(actor, meeting):
        raise MeetingError(_("You cannot change who is invited to this meeting."))
    _refuse_if_letter_sent(meeting, [invitation])
    permissions.revoke_guest_access(user=invitation.user, meeting=meeting)
    invitation._history_user = actor
    invitation.delete()


# --- lifecycle ----------------------------------------------------------------------------------


def _notify_invited(meeting: Meeting, users: list[User]) -> None:
    notify(
        users=users,
        message=_("You are invited to %(meeting)s at %(time)s, %(place)s.")
        % {
            "meeting": meeting,
            "time": _local(meeting.start_at),
            "place": meeting.place or meeting.online_link,
        },
        url=meeting.get_absolute_url(),
    )


@transaction.atomic
def meeting_convene(*, meeting: Meeting, actor: User) -> Meeting:
    """The chair or a deputy convenes (Điều 8.1): invitations go out to every invitee."""
    meeting = _lock(meeting)
    new_status = _check_transition(meeting, A.CONVENE)
    if not permissions.can_convene(actor, meeting):
        raise MeetingError(
            _(
                "Only the chair or a deputy chair convenes a meeting (the support group leader, its monthly meeting)."
            )
        )
    if not meeting.invitations.exists():
        raise MeetingError(_("Invite at least one person before convening."))
    meeting.status = new_status
    meeting.convened_at = timezone.now()
    meeting.convened_by = actor
    _save(meeting, actor, "convened", ["status", "convened_at", "convened_by"])
    _invitation_letter_issue(meeting=meeting, actor=actor, now=meeting.convened_at)
    _notify_invited(meeting, _invitee_users(meeting))
    return meeting


def _invitation_letter_issue(*, meeting: Meeting, actor: User, now: datetime.datetime) -> InvitationLetter:
    """Number and record the invitation letter (giấy mời) the convener signs; an earlier letter
    of this meeting (a postponement) is kept, marked superseded. Archived as PDF after commit."""
    role = permissions.convene_signature_role(actor, meeting) or "chair"
    for previous in meeting.invitation_letters.select_for_update().filter(superseded_at__isnull=True):
        previous.superseded_at = now
        _save(previous, actor, "superseded", ["superseded_at"])
    year = timezone.localtime(now).year
    letter = InvitationLetter(
        meeting=meeting,
        committee=meeting.committee,
        year=year,
        number=register_next_number(
            committee=meeting.committee, doc_type=InvitationLetter.DOC_TYPE, year=year
        ),
        signed_by=actor,
        signed_as=role,
        signed_at=now,
        start_at=meeting.start_at,
        place=meeting.place,
        online_link=meeting.online_link,
    )
    _save(letter, actor, "issued")
    transaction.on_commit(lambda: jobs.archive_signed_document.delay(letter_id=letter.pk))
    return letter


@transaction.atomic
def meeting_postpone(
    *, meeting: Meeting, actor: User, start_at: datetime.datetime, end_at: datetime.datetime, reason: str
) -> Meeting:
    meeting = _lock(meeting)
    new_status = _check_transition(meeting, A.POSTPONE)
    if not permissions.can_convene(actor, meeting):
        raise MeetingError(
            _(
                "Only the chair or a deputy chair postpones a meeting (the support group leader, its monthly meeting)."
            )
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for postponing.")})
    if end_at <= start_at:
        raise ValidationError({"end_at": _("The meeting must end after it starts.")})
    old = meeting.start_at
    meeting.status = new_status
    meeting.start_at, meeting.end_at = start_at, end_at
    meeting.postponed_count += 1
    meeting.last_postpone_reason = reason.strip()
    _save(
        meeting,
        actor,
        "postponed",
        ["status", "start_at", "end_at", "postponed_count", "last_postpone_reason"],
    )
    if meeting.status == S.CONVENED:
        _invitation_letter_issue(meeting=meeting, actor=actor, now=timezone.now())
        notify(
            users=_invitee_users(meeting),
            message=_("%(meeting)s is postponed from %(old)s to %(new)s. Reason: %(reason)s")
            % {
                "meeting": meeting,
                "old": _local(old),
                "new": _local(start_at),
                "reason": meeting.last_postpone_reason,
            },
            url=meeting.get_absolute_url(),
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User, reason: str) -> Meeting:
    meeting = _lock(meeting)
    new_status = _check_transition(meeting, A.CANCEL)
    if not permissions.can_convene(actor, meeting):
        raise MeetingError(
            _(
                "Only the chair or a deputy chair cancels a meeting (the support group leader, its monthly meeting)."
            )
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    was_convened = meeting.status == S.CONVENED
    meeting.status = new_status
    meeting.cancelled_reason = reason.strip()
    _save(meeting, actor, "cancelled", ["status", "cancelled_reason"])
    if was_convened:
        notify(
            users=_invitee_users(meeting),
            message=_("%(meeting)s is cancelled. Reason: %(reason)s")
            % {"meeting": meeting, "reason": meeting.cancelled_reason},
            url=meeting.get_absolute_url(),
        )
    return meeting


# --- answers (Điều 6.5) -------------------------------------------------------------------------


def invitation_answer_refusal(*, invitation: Invitation, actor: User) -> str | None:
    """Why this person cannot answer this invitation now, or None when they can."""
    meeting = invitation.meeting
    if permissions.can_answer(actor, invitation, meeting):
        return None
    if timezone.now() >= meeting.start_at:
        return _("The meeting has started: answers can no longer be changed.")
    return _("This invitation cannot be answered now.")


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
) -> Invitation:
    """Attend; ask to be absent (with a reason, for the presiding person to decide); or send a
    substitute, named, with the member's written opinion — refused without it (Điều 6.5)."""
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    meeting = invitation.meeting
    refusal = invitation_answer_refusal(invitation=invitation, actor=actor)
    if refusal:
        raise MeetingError(refusal)
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
    _save(invitation, actor, f"answered: {response}")
    if response == R.ABSENT:
        notify(
            users=[meeting.presiding],
            message=_("%(person)s asks to be absent from %(meeting)s: %(reason)s")
            % {"person": actor, "meeting": meeting, "reason": invitation.absence_reason},
            url=reverse("meetings:meeting-roll", kwargs={"pk": meeting.pk}),
        )
    return invitation


@transaction.atomic
def absence_decide(*, invitation: Invitation, actor: User, approve: bool) -> Invitation:
    """The presiding person approves or refuses an absence; the member is told (Điều 6.5)."""
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting", "user").get(pk=invitation.pk)
    )
    meeting = invitation.meeting
    if not permissions.can_decide_absence(actor, meeting):
        raise MeetingError(_("Only the person presiding over the meeting decides on absences."))
    if invitation.response != Invitation.Response.ABSENT:
        raise MeetingError(_("This invitee has not asked to be absent."))
    D = Invitation.AbsenceDecision
    invitation.absence_decision = D.APPROVED if approve else D.REFUSED
    invitation.absence_decided_by = actor
    invitation.absence_decided_at = timezone.now()
    _save(invitation, actor, "absence approved" if approve else "absence refused")
    message = (
        _("Your absence from %(meeting)s is approved.")
        if approve
        else _("Your absence from %(meeting)s is refused: please attend.")
    ) % {"meeting": meeting}
    notify(users=[invitation.user], message=message, url=meeting.get_absolute_url())
    return invitation


# --- attendance ---------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor: User, marks: dict[int, str]) -> Meeting:
    """The secretary records who was there; the first record marks the meeting held."""
    meeting = _lock(meeting)
    if meeting.status != S.HELD:
        _check_transition(meeting, A.HOLD)  # names the state when attendance cannot be taken
    if not permissions.can_record_attendance(actor, meeting):
        raise MeetingError(_("Only the support group records attendance."))
    valid = set(Invitation.Attendance.values)
    invitations = {inv.pk: inv for inv in meeting.invitations.select_for_update()}
    for inv_id, mark in marks.items():
        if inv_id not in invitations or mark not in valid:
            raise MeetingError(_("The attendance list does not match this meeting's invitees."))
        inv = invitations[inv_id]
        if inv.attendance != mark:
            inv.attendance = mark
            _save(inv, actor, "attendance recorded", ["attendance"])
    if meeting.status == S.CONVENED:
        meeting.status = _check_transition(meeting, A.HOLD)
        meeting.held_at = timezone.now()
        _save(meeting, actor, "held", ["status", "held_at"])
    return meeting


# --- minutes (Điều 4.2, 7) ----------------------------------------------------------------------


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


def minutes_prefill(meeting: Meeting) -> str:
    """The draft's first text: the proceedings only, one heading per agenda item, with the
    written opinions of members who sent a substitute or were excused (Điều 6.5). What the
    records already say (time, place, attendance) is printed from them, not from this text."""
    invitations = list(
        meeting.invitations.select_related("user", "user__organization").order_by("kind", "user__full_name")
    )
    At, R = Invitation.Attendance, Invitation.Response
    away = [
        i
        for i in invitations
        if i.attendance in (At.SUBSTITUTE_PRESENT, At.ABSENT_APPROVED) or i.response == R.SUBSTITUTE
    ]
    context = {
        "opinions": [i for i in away if i.has_written_opinion],
        "missing_opinions": [i for i in away if not i.has_written_opinion],
        "agenda": list(meeting.agenda_items.select_related("presenter")),
    }
    # The minutes are an official document: Vietnamese, whatever language the secretary's UI uses.
    with translation.override(settings.LANGUAGE_CODE):
        return sanitize_minutes_html(render_to_string("meetings/minutes_prefill.html", context))


@transaction.atomic
def minutes_start(*, meeting: Meeting, actor: User) -> Minutes:
    meeting = _lock(meeting)
    new_status = _check_transition(meeting, A.DRAFT_MINUTES)
    if not permissions.can_draft_minutes(actor, meeting):
        raise MeetingError(_("Only the support group drafts the minutes."))
    minutes = Minutes(meeting=meeting, body=minutes_prefill(meeting), updated_by=actor)
    _save(minutes, actor, "drafted")
    meeting.status = new_status
    _save(meeting, actor, "minutes drafted", ["status"])
    return minutes


@transaction.atomic
def minutes_update(*, minutes: Minutes, actor: User, body: str, expected_version: int) -> Minutes:
    """Save the text if nobody saved since `expected_version` (optimistic locking)."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to updated_by.
    current = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("meeting", "updated_by")
        .get(pk=minutes.pk)
    )
    if current.locked:
        raise MeetingError(_("Signed minutes cannot be changed; add an addendum instead."))
    if current.addendum_to_id is None:
        allowed = permissions.can_draft_minutes(actor, current.meeting, current)
    else:
        allowed = permissions.can_add_addendum(actor, current.meeting, current.addendum_to)
    if not allowed:
        raise MeetingError(_("You cannot edit these minutes."))
    clean = sanitize_minutes_html(body)
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
    _save(current, actor, "edited", fields)
    return current


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


@transaction.atomic
def minutes_open_review(*, minutes: Minutes, actor: User, working_days: int = 3) -> Minutes:
    """Participants may read the draft and comment for `working_days` working days."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if not permissions.can_open_review(actor, minutes.meeting, minutes):
        raise MeetingError(_("The review can only be opened on draft minutes, by the support group."))
    minutes.status = Minutes.Status.IN_REVIEW
    minutes.review_until = add_working_days(timezone.localdate(), working_days)
    _save(minutes, actor, "review opened", ["status", "review_until"])
    notify(
        users=[
            i.user
            for i in minutes.meeting.invitations.exclude(kind=Invitation.Kind.GUEST).select_related("user")
        ],
        message=_("The draft minutes of %(meeting)s are open for your comments until %(date)s.")
        % {"meeting": minutes.meeting, "date": minutes.review_until.strftime("%d/%m/%Y")},
        url=reverse("meetings:minutes-detail", kwargs={"pk": minutes.meeting_id}),
    )
    return minutes


@transaction.atomic
def minutes_comment_add(*, minutes: Minutes, actor: User, body: str) -> MinutesComment:
    minutes = Minutes.objects.select_related("meeting").get(pk=minutes.pk)
    if not permissions.can_comment_minutes(actor, minutes.meeting, minutes):
        raise MeetingError(_("Comments are not open on these minutes."))
    if not body.strip():
        raise ValidationError({"body": _("Write your comment.")})
    return MinutesComment.objects.create(minutes=minutes, author=actor, body=body.strip())


@transaction.atomic
def minutes_sign(*, minutes: Minutes, actor: User) -> Minutes:
    """The meeting's secretary and its presiding person sign (a deputy signs for an absent
    chair, recorded as acting); with both signatures the minutes lock for good."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    meeting = _lock(minutes.meeting)
    if minutes.addendum_to_id is None:
        _check_transition(meeting, A.SIGN_MINUTES)  # names the state when signing is out of turn
    role = permissions.minutes_signature_role(actor, meeting, minutes)
    if role is None:
        if minutes.locked:
            raise MeetingError(_("These minutes are already signed."))
        raise MeetingError(_("You cannot sign these minutes (or you have already signed them)."))
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
    _save(minutes, actor, f"signed as {role}", fields)
    if complete:
        transaction.on_commit(lambda: jobs.archive_signed_document.delay(minutes_id=minutes.pk))
    if complete and minutes.addendum_to_id is None:
        meeting.status = _check_transition(meeting, A.SIGN_MINUTES)
        _save(meeting, actor, "minutes signed", ["status"])
        notify(
            users=[
                i.user for i in meeting.invitations.exclude(kind=Invitation.Kind.GUEST).select_related("user")
            ],
            message=_("The minutes of %(meeting)s are signed.") % {"meeting": meeting},
            url=reverse("meetings:minutes-detail", kwargs={"pk": meeting.pk}),
        )
    return minutes


@transaction.atomic
def minutes_addendum_create(*, minutes: Minutes, actor: User, body: str) -> Minutes:
    """A correction to signed minutes is a new, linked record, signed like the minutes."""
    minutes = Minutes.objects.select_related("meeting").get(pk=minutes.pk)
    if not permissions.can_add_addendum(actor, minutes.meeting, minutes):
        raise MeetingError(_("An addendum can only be added to signed minutes, by the support group."))
    if not body.strip():
        raise ValidationError({"body": _("Write the correction.")})
    addendum = Minutes(
        meeting=minutes.meeting, addendum_to=minutes, body=sanitize_minutes_html(body), updated_by=actor
    )
    _save(addendum, actor, "addendum drafted")
    return addendum


# --- conclusions and the notice (Điều 3, 4.2) ---------------------------------------------------


@transaction.atomic
def conclusion_add(
    *,
    meeting: Meeting,
    actor: User,
    text: str,
    is_instruction: bool = False,
    lead_organization: Organization | None = None,
    due_date: datetime.date | None = None,
) -> Conclusion:
    meeting = _lock(meeting)
    if not permissions.can_draft_conclusions(actor, meeting):
        raise MeetingError(_("Conclusions cannot be drafted for this meeting now."))
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the conclusion.")
    if is_instruction and lead_organization is None:
        errors["lead_organization"] = _("An instruction names the agency that leads it.")
    if is_instruction and due_date is None:
        errors["due_date"] = _("An instruction has a due date.")
    if errors:
        raise ValidationError(errors)
    order = (meeting.conclusions.aggregate(n=Max("order"))["n"] or 0) + 1
    conclusion = Conclusion(
        meeting=meeting,
        order=order,
        text=text.strip(),
        is_instruction=is_instruction,
        lead_organization=lead_organization if is_instruction else None,
        due_date=due_date if is_instruction else None,
    )
    _save(conclusion, actor, "drafted")
    return conclusion


@transaction.atomic
def conclusion_delete(*, conclusion: Conclusion, actor: User) -> None:
    meeting = _lock(conclusion.meeting)
    if not permissions.can_draft_conclusions(actor, meeting):
        raise MeetingError(_("Conclusions cannot be changed for this meeting now."))
    conclusion._history_user = actor
    conclusion.delete()


@transaction.atomic
def conclusions_sign(*, meeting: Meeting, actor: User) -> Notice:
    """The chair signs the conclusions off (or a deputy for the chair, "KT. TRƯỞNG BAN"),
    which issues the numbered notice of conclusions."""
    meeting = _lock(meeting)
    new_status = _check_transition(meeting, A.ISSUE_NOTICE)
    role = permissions.conclusions_signature_role(actor, meeting)
    if role is None:
        raise MeetingError(_("Only the chair, or a deputy acting for the chair, signs the conclusions."))
    if not meeting.conclusions.exists():
        raise MeetingError(_("Draft at least one conclusion before signing."))
    now = timezone.now()
    year = timezone.localtime(now).year
    notice = Notice(
        meeting=meeting,
        committee=meeting.committee,
        year=year,
        number=register_next_number(committee=meeting.committee, doc_type=Notice.DOC_TYPE, year=year),
        signed_by=actor,
        signed_as=Notice.SignedAs.ACTING if role == "acting" else Notice.SignedAs.CHAIR,
        signed_at=now,
    )
    _save(notice, actor, "issued")
    transaction.on_commit(lambda: jobs.archive_signed_document.delay(notice_id=notice.pk))
    meeting.status = new_status
    _save(meeting, actor, "conclusions issued", ["status"])
    notify(
        users=_invitee_users(meeting),
        message=_("Notice %(symbol)s of the conclusions of %(meeting)s is issued.")
        % {"symbol": notice.symbol, "meeting": meeting},
        url=reverse("meetings:notice-detail", kwargs={"pk": meeting.pk}),
    )
    return notice


# --- proposals (Điều 8.1) -----------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *, committee: Committee, actor: User, reason: str, suggested_start: datetime.datetime | None = None
) -> MeetingProposal:
    """The standing member may propose an extraordinary meeting; the chair or a deputy decides."""
    if not permissions.can_propose_meeting(actor, committee.pk):
        raise MeetingError(_("Only the standing member proposes an extraordinary meeting."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the meeting.")})
    proposal = MeetingProposal(
        committee=committee, proposed_by=actor, reason=reason.strip(), suggested_start=suggested_start
    )
    _save(proposal, actor, "proposed")
    deciders = RoleAssignment.objects.in_force().filter(
        committee=committee, role__in=(Role.CHAIR, Role.DEPUTY)
    )
    notify(
        users=[a.user for a in deciders.select_related("user")],
        message=_("%(person)s proposes an extraordinary meeting: %(reason)s")
        % {"person": actor, "reason": proposal.reason},
        url=reverse("meetings:proposal-list", kwargs={"committee_pk": committee.pk}),
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *, proposal: MeetingProposal, actor: User, accept: bool, note: str = ""
) -> MeetingProposal:
    """Accepting creates the extraordinary meeting's draft for the secretariat to prepare."""
    proposal = (
        MeetingProposal.objects.select_for_update()
        .select_related("committee", "proposed_by")
        .get(pk=proposal.pk)
    )
    if not permissions.can_decide_proposal(actor, proposal):
        raise MeetingError(_("This proposal cannot be decided by you, or is already decided."))
    proposal.status = MeetingProposal.Status.ACCEPTED if accept else MeetingProposal.Status.DECLINED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()
    if accept:
        start = proposal.suggested_start or (timezone.now() + datetime.timedelta(days=7)).replace(
            minute=0, second=0, microsecond=0
        )
        proposal.meeting = meeting_create(
            committee=proposal.committee,
            actor=actor,
            kind=Meeting.Kind.EXTRAORDINARY,
            start_at=start,
            end_at=start + datetime.timedelta(hours=2),
        )
    _save(proposal, actor, "accepted" if accept else "declined")
    notify(
        users=[proposal.proposed_by],
        message=(
            _("Your proposal of an extraordinary meeting is accepted.")
            if accept
            else _("Your proposal of an extraordinary meeting is declined.")
        )
        + (f" {proposal.decision_note}" if proposal.decision_note else ""),
        url=proposal.meeting.get_absolute_url() if proposal.meeting else "",
    )
    return proposal


# --- calendar -----------------------------------------------------------------------------------


def calendar_token_rotate(*, user: User) -> CalendarToken:
    """A new private feed address; the old one stops working at once."""
    token, _created = CalendarToken.objects.update_or_create(
        user=user, defaults={"token": CalendarToken.new_token()}
    )
    return token


def calendar_token_revoke(*, user: User) -> None:
    CalendarToken.objects.filter(user=user).delete()
