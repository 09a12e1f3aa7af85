"""Writes of the proposals of an extraordinary meeting (Điều 8.1)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Committee, RoleAssignment, User
from members.services import notify

from ..models import Meeting, MeetingProposal
from ..permissions import CommitteeAccess, CommitteeRight
from ._shared import save_with_history
from .meetings import meeting_create

Role = RoleAssignment.Role


@transaction.atomic
def proposal_create(
    *, committee: Committee, actor: User, reason: str, suggested_start: datetime.datetime | None = None
) -> MeetingProposal:
    """The standing member may propose an extraordinary meeting; the chair or a deputy decides."""
    CommitteeAccess(actor, committee.pk).ensure(CommitteeRight.PROPOSE_MEETING)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the meeting.")})
    proposal = MeetingProposal(
        committee=committee, proposed_by=actor, reason=reason.strip(), suggested_start=suggested_start
    )
    save_with_history(proposal, actor, "proposed")
    deciders = RoleAssignment.objects.in_force().filter(
        committee=committee, role__in=(Role.CHAIR, Role.DEPUTY)
    )
    notify(
        users=[a.user for a in deciders.select_related("user")],
        kind="meetings.proposal_made",
        params={"person": str(actor), "reason": proposal.reason},
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
    CommitteeAccess(actor, proposal.committee_id).ensure(CommitteeRight.DECIDE_PROPOSAL, proposal)
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
    save_with_history(proposal, actor, "accepted" if accept else "declined")
    notify(
        users=[proposal.proposed_by],
        kind=("meetings.proposal_accepted" if accept else "meetings.proposal_declined")
        + ("_with_note" if proposal.decision_note else ""),
        params={"note": proposal.decision_note} if proposal.decision_note else {},
        url=proposal.meeting.get_absolute_url() if proposal.meeting else "",
    )
    return proposal
