"""Writes of a meeting itself: create, edit, agenda, papers, and its lifecycle (convene, postpone,
cancel; Điều 8.1)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.services import register_next_number
from members.jobs import enqueue_after_commit
from members.models import Committee, Organization, User
from members.services import notify

from .. import jobs
from ..models import AgendaItem, Invitation, InvitationLetter, Meeting, MeetingError, Paper
from ..permissions import CommitteeAccess, CommitteeRight, MeetingAccess, Right
from ..selectors.meetings import (
    REGULAR_KINDS,
    committee_agencies,
    default_invitees,
    default_presiding,
    may_preside_working_session,
    meeting_period,
    meeting_period_check,
)
from ..uploads import validate_upload
from ._shared import (
    A,
    S,
    check_transition,
    invitee_users,
    lock_meeting,
    meeting_access,
    move_in_order,
    notify_invited,
    save_with_history,
)
from .consultations import consultation_send


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
    confirm_second_meeting: bool = False,
    agencies: Iterable[Organization] = (),
) -> Meeting:
    """A meeting draft, numbered per committee, kind and year, with the default invitee list. A
    second regular meeting in a quarter (the support group's, in a month) needs the person's
    confirmation (Điều 8.1, 8.3); its name must differ from the others' of its kind in the period.
    A working session (Điều 9.2) is held with one or more of the committee's `agencies`, presided
    over by the chair or a deputy; it invites those agencies' people and the support group."""
    access = CommitteeAccess(actor, committee.pk)
    access.ensure(CommitteeRight.CREATE_MEETING)
    if kind == Meeting.Kind.WRITTEN_CONSULTATION:
        raise ValidationError({"kind": _("A written consultation is prepared on its own page.")})
    if end_at <= start_at:
        raise ValidationError({"end_at": _("The meeting must end after it starts.")})
    on = timezone.localdate(start_at)
    agency_ids = _working_session_agencies(committee, kind, agencies, presiding, on)
    Committee.objects.select_for_update().filter(pk=committee.pk).first()  # serialise numbering
    year = timezone.localtime(start_at).year
    last = (
        Meeting.objects.filter(committee=committee, kind=kind, year=year).aggregate(n=Max("sequence"))["n"]
        or 0
    )
    presiding = presiding or default_presiding(committee, kind, on)
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
        secretary=secretary or (actor if access.keeps_minutes else None),
        created_by=actor,
    )
    check_period(meeting, confirmed=confirm_second_meeting)
    save_with_history(meeting, actor, "created")
    invitees = default_invitees(committee, kind, on, agency_ids)
    if meeting.is_working_session:
        # The row exists only now: the agencies make a second version of its history.
        meeting._change_reason = "agencies named"
        meeting.agencies.set(agency_ids)
        if presiding.pk not in {u.pk for u, _k in invitees}:
            invitees.insert(0, (presiding, Invitation.Kind.MEMBER))
    if meeting.secretary and meeting.secretary.pk not in {u.pk for u, _k in invitees}:
        invitees.append((meeting.secretary, Invitation.Kind.SUPPORT))
    for user, as_kind in invitees:
        inv = Invitation(meeting=meeting, user=user, kind=as_kind)
        save_with_history(inv, actor, "invited")
    return meeting


def _working_session_agencies(
    committee: Committee,
    kind: str,
    agencies: Iterable[Organization],
    presiding: User | None,
    on: datetime.date,
) -> frozenset[int]:
    """The agencies of a working session, checked: at least one, each represented in the
    committee, and a presiding person (when named) who is the chair or a deputy (Điều 9.2).
    Other kinds name no agency."""
    chosen = frozenset(org.pk for org in agencies if org is not None)
    if kind != Meeting.Kind.WORKING_SESSION:
        if chosen:
            raise ValidationError({"agencies": _("Only a working session is held with agencies.")})
        return chosen
    errors: dict[str, str] = {}
    if not chosen:
        errors["agencies"] = _("Choose the agency or agencies the working session is held with.")
    elif not chosen <= {org.pk for org in committee_agencies(committee.pk, on)}:
        errors["agencies"] = _("A working session is held with agencies represented in the committee.")
    if presiding is not None and not may_preside_working_session(committee, presiding, on):
        errors["presiding"] = _("The chair or a deputy chair presides over a working session.")
    if errors:
        raise ValidationError(errors)
    return chosen


EDITABLE_FIELDS = ("title", "start_at", "end_at", "place", "online_link", "presiding", "secretary")
# What the invitees of a convened meeting are told about when it changes.
NOTIFIED_FIELDS = ("place", "online_link", "end_at")


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: User,
    access: MeetingAccess | None = None,
    confirm_second_meeting: bool = False,
    **fields,
) -> Meeting:
    """Edit a draft or convened meeting's details (a new time for a convened one is a
    postponement); a new title or period is checked as at creation (Điều 8.1, 8.3)."""
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(Right.EDIT)
    if meeting.is_consultation:
        raise MeetingError(_("A written consultation is edited on its own page."))
    if meeting.status == S.CONVENED and ("start_at" in fields and fields["start_at"] != meeting.start_at):
        raise MeetingError(_("To change the time of a convened meeting, postpone it: invitees are told."))
    before = {name: getattr(meeting, name) for name in NOTIFIED_FIELDS}
    old_start, old_title = meeting.start_at, meeting.title
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(name)
        setattr(meeting, name, value)
    if meeting.end_at <= meeting.start_at:
        raise ValidationError({"end_at": _("The meeting must end after it starts.")})
    if (
        meeting.is_working_session
        and "presiding" in fields
        and not may_preside_working_session(
            meeting.committee, meeting.presiding, timezone.localdate(meeting.start_at)
        )
    ):
        raise ValidationError(
            {"presiding": _("The chair or a deputy chair presides over a working session.")}
        )
    if meeting.title != old_title or meeting.start_at != old_start:
        check_period(meeting, confirmed=confirm_second_meeting, moved_from=old_start)
    save_with_history(meeting, actor, "edited")
    if meeting.status == S.CONVENED and any(getattr(meeting, n) != before[n] for n in NOTIFIED_FIELDS):
        # The invitation letter keeps what was signed; the invitees learn the new details here.
        notify(
            users=invitee_users(meeting),
            kind="meetings.details_changed",
            params={
                "meeting": meeting.pk,
                "start": meeting.start_at,
                "end": meeting.end_at,
                "where": ", ".join(filter(None, [meeting.place, meeting.online_link])) or "—",
            },
            url=meeting.get_absolute_url(),
        )
    return meeting


def check_period(
    meeting: Meeting,
    *,
    confirmed: bool,
    moved_from: datetime.datetime | None = None,
    title_field: str = "title",
) -> None:
    """The rules of one meeting of a kind per period (Điều 8.1, 8.3), on a meeting being created, or
    moved from `moved_from` or renamed: a second regular meeting in its quarter (the support
    group's, in its month) needs `confirmed`; a title another meeting of the kind has in the
    period is refused, naming a distinct one; without a title, the numbered name is made
    distinct ("… (lần 2)"). Names are the official ones, in the portal's language."""
    moved = moved_from is None or meeting_period(meeting.kind, moved_from) != meeting_period(
        meeting.kind, meeting.start_at
    )
    with translation.override(settings.LANGUAGE_CODE):
        check = meeting_period_check(meeting)
        second = moved and meeting.kind in REGULAR_KINDS and check.regular_taken is not None
        errors: dict[str, str] = {}
        if check.name_taken and meeting.title.strip():
            errors[title_field] = _(
                "Another meeting of this kind in the same period is already called “%(name)s”: give this one a distinct title, such as “%(suggestion)s”."
            ) % {"name": str(meeting).strip(), "suggestion": check.distinct_name}
        elif check.name_taken and (confirmed or not second):
            meeting.title = check.distinct_name
        if second and not confirmed:
            other = check.regular_taken
            details = {"meeting": other, "date": timezone.localtime(other.start_at).strftime("%d/%m/%Y")}
            if meeting.kind == Meeting.Kind.QUARTERLY:
                message = _(
                    "%(meeting)s is already planned for this quarter (%(date)s), and the committee meets regularly once a quarter (Article 8.1 of the regulation). Tick the box to hold a second regular meeting all the same."
                )
            else:
                message = _(
                    "%(meeting)s is already planned for this month (%(date)s), and the support group meets regularly once a month (Article 8.3 of the regulation). Tick the box to hold a second monthly meeting all the same."
                )
            message %= details
            if check.name_taken and not meeting.title.strip():
                message += " " + _("Without a title of its own, this one will be called “%(name)s”.") % {
                    "name": check.distinct_name
                }
            errors["confirm_second_meeting"] = message
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    presenter: Organization | None = None,
    minutes_allowed: int | None = None,
    access: MeetingAccess | None = None,
) -> AgendaItem:
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.EDIT, message=_("The agenda of this meeting can no longer be changed.")
    )
    order = (meeting.agenda_items.aggregate(n=Max("order"))["n"] or 0) + 1
    item = AgendaItem(
        meeting=meeting, order=order, title=title, presenter=presenter, minutes_allowed=minutes_allowed
    )
    save_with_history(item, actor, "agenda item added")
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: User, access: MeetingAccess | None = None) -> None:
    meeting = lock_meeting(item.meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.EDIT, message=_("The agenda of this meeting can no longer be changed.")
    )
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
    access: MeetingAccess | None = None,
) -> Paper:
    """Attach a paper; refused above 25 MB or when the content is not an accepted type."""
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.EDIT, message=_("Papers can no longer be added to this meeting.")
    )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise MeetingError(_("That agenda item belongs to another meeting."))
    content_type = validate_upload(upload)
    paper = Paper(
        meeting=meeting,
        agenda_item=agenda_item,
        order=_next_paper_number(meeting, agenda_item),
        title=title or upload.name,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    paper.file.save(upload.name, upload, save=False)
    save_with_history(paper, actor, "paper added")
    return paper


# --- editing and reordering the agenda and the papers (Điều 8: while draft or convened) -----------


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    actor: User,
    title: str,
    presenter: Organization | None = None,
    minutes_allowed: int | None = None,
    access: MeetingAccess | None = None,
) -> AgendaItem:
    """Change an agenda item's title, presenting agency and time allowed, while the meeting is a
    draft or convened (Điều 8.1: the secretariat prepares the agenda)."""
    meeting = lock_meeting(item.meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.EDIT, message=_("The agenda of this meeting can no longer be changed.")
    )
    item = meeting.agenda_items.select_for_update().get(pk=item.pk)
    if not title.strip():
        raise ValidationError({"title": _("Give the agenda item a title.")})
    item.title = title.strip()
    item.presenter = presenter
    item.minutes_allowed = minutes_allowed
    save_with_history(item, actor, "agenda item edited", ["title", "presenter", "minutes_allowed"])
    return item


@transaction.atomic
def agenda_item_move(
    *, item: AgendaItem, actor: User, direction: str, access: MeetingAccess | None = None
) -> AgendaItem:
    """Move an agenda item one place up or down (`direction`), while the meeting is a draft or
    convened; the items are numbered 1..n again as they now stand."""
    meeting = lock_meeting(item.meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.EDIT, message=_("The agenda of this meeting can no longer be changed.")
    )
    rows = move_in_order(
        meeting.agenda_items.select_for_update().order_by("order", "pk"),
        item.pk,
        direction,
        actor,
        "agenda item moved",
    )
    return next(row for row in rows if row.pk == item.pk)


@transaction.atomic
def paper_update(
    *,
    paper: Paper,
    actor: User,
    title: str,
    agenda_item: AgendaItem | None = None,
    access: MeetingAccess | None = None,
) -> Paper:
    """Rename a paper or attach it to another agenda item (None: the meeting as a whole), while
    the meeting is a draft or convened; the file itself does not change."""
    meeting = lock_meeting(paper.meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.EDIT, message=_("The papers of this meeting can no longer be changed.")
    )
    paper = meeting.papers.select_for_update().get(pk=paper.pk)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise MeetingError(_("That agenda item belongs to another meeting."))
    if not title.strip():
        raise ValidationError({"title": _("Give the paper a title.")})
    paper.title = title.strip()
    left = paper.agenda_item_id != (agenda_item.pk if agenda_item is not None else None)
    if left:
        old_item_id = paper.agenda_item_id
        paper.order = _next_paper_number(meeting, agenda_item)
    paper.agenda_item = agenda_item
    save_with_history(paper, actor, "paper edited", ["title", "agenda_item", "order"])
    if left:
        # The list it left is numbered 1..n again, without a gap where it was.
        for number, row in enumerate(_paper_list(meeting, old_item_id), start=1):
            if row.order != number:
                row.order = number
                save_with_history(row, actor, "paper moved", ["order"])
    return paper


def _paper_list(meeting: Meeting, agenda_item_id: int | None):
    """One list of the meeting's papers, locked, in order: an agenda item's, or (None) the
    meeting's general papers."""
    return meeting.papers.select_for_update().filter(agenda_item_id=agenda_item_id).order_by("order", "pk")


def _next_paper_number(meeting: Meeting, agenda_item: AgendaItem | None) -> int:
    """The number a paper gets when it joins the end of its list."""
    last = meeting.papers.filter(agenda_item=agenda_item).aggregate(n=Max("order"))["n"]
    return (last or 0) + 1


@transaction.atomic
def paper_move(*, paper: Paper, actor: User, direction: str, access: MeetingAccess | None = None) -> Paper:
    """Move a paper one place up or down (`direction`) among the papers of its agenda item (or
    the meeting's general papers), while the meeting is a draft or convened; that list is
    numbered 1..n again as it now stands."""
    meeting = lock_meeting(paper.meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.EDIT, message=_("The papers of this meeting can no longer be changed.")
    )
    paper = meeting.papers.select_related("agenda_item").get(pk=paper.pk)
    rows = move_in_order(
        _paper_list(meeting, paper.agenda_item_id), paper.pk, direction, actor, "paper moved"
    )
    moved = next(row for row in rows if row.pk == paper.pk)
    moved.meeting, moved.agenda_item = meeting, paper.agenda_item
    return moved


# --- lifecycle ----------------------------------------------------------------------------------


@transaction.atomic
def meeting_convene(*, meeting: Meeting, actor: User, access: MeetingAccess | None = None) -> Meeting:
    """The chair or a deputy convenes (Điều 8.1): invitations go out to every invitee. A written
    consultation is sent instead (services.consultation_send: no invitation letter)."""
    if meeting.is_consultation:
        return consultation_send(meeting=meeting, actor=actor, access=access)
    meeting = lock_meeting(meeting)
    access = meeting_access(actor, meeting, access)
    access.ensure(Right.CONVENE)
    new_status = check_transition(meeting, A.CONVENE)
    if not meeting.invitations.exists():
        raise MeetingError(_("Invite at least one person before convening."))
    meeting.status = new_status
    meeting.convened_at = timezone.now()
    meeting.convened_by = actor
    save_with_history(meeting, actor, "convened", ["status", "convened_at", "convened_by"])
    _invitation_letter_issue(meeting=meeting, actor=actor, access=access, now=meeting.convened_at)
    notify_invited(meeting, invitee_users(meeting))
    return meeting


def _invitation_letter_issue(
    *, meeting: Meeting, actor: User, access: MeetingAccess, now: datetime.datetime
) -> InvitationLetter:
    """Number and record the invitation letter (giấy mời) the convener signs; an earlier letter
    of this meeting (a postponement) is kept, marked superseded. Archived as PDF after commit."""
    role = access.convene_signature_role or "chair"
    for previous in meeting.invitation_letters.select_for_update().filter(superseded_at__isnull=True):
        previous.superseded_at = now
        save_with_history(previous, actor, "superseded", ["superseded_at"])
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
    save_with_history(letter, actor, "issued")
    enqueue_after_commit(jobs.archive_signed_document, letter_id=letter.pk)
    return letter


@transaction.atomic
def meeting_postpone(
    *,
    meeting: Meeting,
    actor: User,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    reason: str,
    confirm_second_meeting: bool = False,
    access: MeetingAccess | None = None,
) -> Meeting:
    """The chair or a deputy moves the meeting to a new time, with the reason (Điều 8.1); the
    invitees of a convened meeting get a new invitation letter and are told. Moved into a period
    that has its regular meeting, it needs a confirmation, as at creation (Điều 8.1, 8.3)."""
    meeting = lock_meeting(meeting)
    access = meeting_access(actor, meeting, access)
    access.ensure(Right.POSTPONE)
    new_status = check_transition(meeting, A.POSTPONE)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for postponing.")})
    if end_at <= start_at:
        raise ValidationError({"end_at": _("The meeting must end after it starts.")})
    old, old_title = meeting.start_at, meeting.title
    meeting.start_at = start_at
    check_period(meeting, confirmed=confirm_second_meeting, moved_from=old, title_field=NON_FIELD_ERRORS)
    meeting.status = new_status
    meeting.start_at, meeting.end_at = start_at, end_at
    meeting.postponed_count += 1
    meeting.last_postpone_reason = reason.strip()
    fields = ["status", "start_at", "end_at", "postponed_count", "last_postpone_reason"]
    save_with_history(meeting, actor, "postponed", fields + (["title"] if meeting.title != old_title else []))
    if meeting.status == S.CONVENED:
        _invitation_letter_issue(meeting=meeting, actor=actor, access=access, now=timezone.now())
        notify(
            users=invitee_users(meeting),
            kind="meetings.postponed",
            params={
                "meeting": meeting.pk,
                "old": old,
                "new": start_at,
                "reason": meeting.last_postpone_reason,
            },
            url=meeting.get_absolute_url(),
        )
    return meeting


@transaction.atomic
def meeting_cancel(
    *, meeting: Meeting, actor: User, reason: str, access: MeetingAccess | None = None
) -> Meeting:
    """The chair or a deputy cancels a draft or convened meeting, with the reason (Điều 8.1)."""
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(Right.CANCEL)
    new_status = check_transition(meeting, A.CANCEL)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    was_convened = meeting.status == S.CONVENED
    meeting.status = new_status
    meeting.cancelled_reason = reason.strip()
    save_with_history(meeting, actor, "cancelled", ["status", "cancelled_reason"])
    if was_convened:
        # A written consultation was never in anyone's calendar: its own wording, no .ics.
        consultation = meeting.kind == Meeting.Kind.WRITTEN_CONSULTATION
        notify(
            users=invitee_users(meeting),
            kind="meetings.consultation_cancelled" if consultation else "meetings.cancelled",
            params={"meeting": meeting.pk, "reason": meeting.cancelled_reason},
            url=meeting.get_absolute_url(),
        )
    return meeting
