"""Writes of the conclusions and the notice of conclusions (Điều 3, 4.2), and the committee's
register of document numbers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import register_next_number
from members.jobs import enqueue_after_commit
from members.models import Organization, User
from members.services import notify

from .. import jobs
from ..models import Conclusion, Meeting, MeetingError, Notice
from ..permissions import MeetingAccess, Right
from ..signals import notice_issued
from ._shared import (
    A,
    check_transition,
    invitee_users,
    lock_meeting,
    meeting_access,
    move_in_order,
    save_with_history,
)


@transaction.atomic
def conclusion_add(
    *,
    meeting: Meeting,
    actor: User,
    text: str,
    is_instruction: bool = False,
    lead_organization: Organization | None = None,
    due_date: datetime.date | None = None,
    coordinating_organizations: Iterable[Organization] = (),
    confirm_past_due: bool = False,
    access: MeetingAccess | None = None,
) -> Conclusion:
    """The secretariat or the standing member drafts one conclusion; an instruction names the
    agency that leads it and its due date (Điều 3, 4.2), never before the meeting, and a date
    already past only when the drafter confirms it; it may name coordinating agencies (phối hợp),
    never the lead one among them."""
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(Right.DRAFT_CONCLUSIONS)
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the conclusion.")
    if is_instruction and lead_organization is None:
        errors["lead_organization"] = _("An instruction names the agency that leads it.")
    if is_instruction and due_date is None:
        errors["due_date"] = _("An instruction has a due date.")
    if is_instruction and due_date is not None:
        errors.update(due_date_refusals(meeting, due_date, confirmed=confirm_past_due))
    coordinating = _coordinating(is_instruction, lead_organization, coordinating_organizations, errors)
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
    save_with_history(conclusion, actor, "drafted")
    if coordinating:
        # The row exists only now: the agencies make a second version of its history, by the same
        # person, so the history says who named them.
        conclusion._change_reason = "coordinating agencies named"
        conclusion.coordinating_organizations.set(coordinating)
    return conclusion


def _coordinating(
    is_instruction: bool,
    lead: Organization | None,
    coordinating: Iterable[Organization],
    errors: dict[str, str],
) -> list[Organization]:
    """The coordinating agencies of an instruction (none for a plain conclusion), each once; the
    lead agency among them is refused with a message on the field."""
    if not is_instruction:
        return []
    agencies = list({org.pk: org for org in coordinating if org is not None}.values())
    if lead is not None and any(org.pk == lead.pk for org in agencies):
        errors["coordinating_organizations"] = _(
            "%(agency)s leads this instruction: it cannot also be one of its coordinating agencies."
        ) % {"agency": lead}
    return agencies


def due_date_refusals(meeting: Meeting, due_date: datetime.date, *, confirmed: bool) -> dict[str, str]:
    """What is wrong with an instruction's due date, by form field: before the meeting it is
    refused (work cannot be due before it was decided); already past, it needs the drafter's
    confirmation (`confirm_past_due`), as a late record of an earlier decision may."""
    held_on = timezone.localdate(meeting.start_at)
    if due_date < held_on:
        return {
            "due_date": _("The due date cannot be before the meeting (%(date)s).")
            % {"date": held_on.strftime("%d/%m/%Y")}
        }
    if due_date < timezone.localdate() and not confirmed:
        return {
            "confirm_past_due": _(
                "The due date %(date)s is already past: the lead agency would be late from the start. Tick the box to keep it, or choose a later date."
            )
            % {"date": due_date.strftime("%d/%m/%Y")}
        }
    return {}


@transaction.atomic
def conclusion_delete(*, conclusion: Conclusion, actor: User, access: MeetingAccess | None = None) -> None:
    meeting = lock_meeting(conclusion.meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.DRAFT_CONCLUSIONS, message=_("Conclusions cannot be changed for this meeting now.")
    )
    conclusion._history_user = actor
    conclusion.delete()


@transaction.atomic
def conclusion_update(
    *,
    conclusion: Conclusion,
    actor: User,
    text: str,
    is_instruction: bool = False,
    lead_organization: Organization | None = None,
    due_date: datetime.date | None = None,
    coordinating_organizations: Iterable[Organization] = (),
    confirm_past_due: bool = False,
    access: MeetingAccess | None = None,
) -> Conclusion:
    """Change a drafted conclusion (its text; for an instruction, the lead agency, the due date
    and the coordinating agencies) until the notice of conclusions is issued (Điều 3, 4.2); a new
    due date and the agencies follow the rules of `conclusion_add`."""
    meeting = lock_meeting(conclusion.meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.DRAFT_CONCLUSIONS, message=_("Conclusions cannot be changed for this meeting now.")
    )
    conclusion = meeting.conclusions.select_for_update().get(pk=conclusion.pk)
    # The same rules as conclusion_add: the database's constraint backs the instruction's two.
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the conclusion.")
    if is_instruction and lead_organization is None:
        errors["lead_organization"] = _("An instruction names the agency that leads it.")
    if is_instruction and due_date is None:
        errors["due_date"] = _("An instruction has a due date.")
    if is_instruction and due_date is not None and due_date != conclusion.due_date:
        # A date kept as it was is not asked again once it has passed.
        errors.update(due_date_refusals(meeting, due_date, confirmed=confirm_past_due))
    coordinating = _coordinating(is_instruction, lead_organization, coordinating_organizations, errors)
    if errors:
        raise ValidationError(errors)
    conclusion.text = text.strip()
    conclusion.is_instruction = is_instruction
    conclusion.lead_organization = lead_organization if is_instruction else None
    conclusion.due_date = due_date if is_instruction else None
    # The agencies first, unrecorded: the save below then records one version with all of it.
    conclusion.skip_history_when_saving = True
    try:
        conclusion.coordinating_organizations.set(coordinating)
    finally:
        del conclusion.skip_history_when_saving
    save_with_history(
        conclusion, actor, "edited", ["text", "is_instruction", "lead_organization", "due_date"]
    )
    return conclusion


@transaction.atomic
def conclusion_move(
    *, conclusion: Conclusion, actor: User, direction: str, access: MeetingAccess | None = None
) -> Conclusion:
    """Move a drafted conclusion one place up or down (`direction`) until the notice is issued;
    the conclusions are numbered 1..n again as they now stand (the notice prints that order)."""
    meeting = lock_meeting(conclusion.meeting)
    meeting_access(actor, meeting, access).ensure(
        Right.DRAFT_CONCLUSIONS, message=_("Conclusions cannot be changed for this meeting now.")
    )
    rows = move_in_order(
        meeting.conclusions.select_for_update().order_by("order", "pk"),
        conclusion.pk,
        direction,
        actor,
        "moved",
    )
    return next(row for row in rows if row.pk == conclusion.pk)


@transaction.atomic
def conclusions_sign(*, meeting: Meeting, actor: User, access: MeetingAccess | None = None) -> Notice:
    """The chair signs the conclusions off (or a deputy for the chair, "KT. TRƯỞNG BAN"),
    which issues the numbered notice of conclusions (Điều 4.2)."""
    meeting = lock_meeting(meeting)
    access = meeting_access(actor, meeting, access)
    access.ensure(Right.SIGN_CONCLUSIONS)
    new_status = check_transition(meeting, A.ISSUE_NOTICE)
    role = access.conclusions_signature_role
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
    save_with_history(notice, actor, "issued")
    # The directives of its instructions are created in this transaction (tasks.receivers).
    notice_issued.send(sender=Notice, notice=notice, actor=actor)
    enqueue_after_commit(jobs.archive_signed_document, notice_id=notice.pk)
    meeting.status = new_status
    save_with_history(meeting, actor, "conclusions issued", ["status"])
    notify(
        users=invitee_users(meeting),
        kind="meetings.notice_issued",
        params={"symbol": notice.symbol, "meeting": meeting.pk},
        url=reverse("meetings:notice-detail", kwargs={"pk": meeting.pk}),
    )
    return notice
