"""Reads of a written consultation (issue #13): the request page's table of the members asked,
who may ask, and the consultations of a committee."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from members.models import Committee, RoleAssignment, User

from ..models import ConsultationAnswer, Invitation, Meeting
from ..permissions import MeetingAccess, Right

Role = RoleAssignment.Role
ASKING_ROLES = (Role.CHAIR, Role.DEPUTY, Role.STANDING_MEMBER)
MEMBER_ROLES = (Role.CHAIR, Role.DEPUTY, Role.STANDING_MEMBER, Role.MEMBER)


def _holders(committee: Committee, roles, on: datetime.date) -> list[User]:
    seen: dict[int, User] = {}
    for a in (
        RoleAssignment.objects.in_force(on)
        .filter(committee=committee, role__in=roles)
        .select_related("user")
        .order_by("user__full_name", "pk")
    ):
        seen.setdefault(a.user_id, a.user)
    return list(seen.values())


def consultation_form_options(committee: Committee) -> dict:
    """Who may ask (chair, deputies, standing member in force) and the members one may ask."""
    today = timezone.localdate()
    return {
        "asker_options": [(u, u.display_name) for u in _holders(committee, ASKING_ROLES, today)],
        "member_options": _holders(committee, MEMBER_ROLES, today),
    }


@dataclass
class AnswerRow:
    invitation: Invitation
    answer: ConsultationAnswer | None
    can_read: bool
    can_prepare: bool
    sent_versions: int = 0  # how many times it was sent (each version is kept in its history)

    @property
    def state(self) -> str:
        """ "sent", "prepared" (not sent) or "none"."""
        if self.answer is None:
            return "none"
        return "sent" if self.answer.is_sent else "prepared"


def consultation_context(access: MeetingAccess) -> dict:
    """The request page: the matter, the questions, the papers, the deadline, and one row per
    member asked — answered (position, when), prepared and not sent, or not answered. The
    position and the comments show only to those who may read that answer."""
    meeting = access.meeting
    consultation = meeting.consultation
    invitations = list(
        meeting.invitations.filter(kind=Invitation.Kind.MEMBER)
        .select_related("user", "user__organization")
        .order_by("user__full_name", "pk")
    )
    answers = {
        a.invitation_id: a
        for a in ConsultationAnswer.objects.filter(invitation__in=invitations).select_related("sent_by")
    }
    sent_versions = dict(
        ConsultationAnswer.history.filter(id__in=[a.pk for a in answers.values()], sent_at__isnull=False)
        .values("id")
        .annotate(n=Count("history_id"))
        .values_list("id", "n")
    )
    rows = []
    for inv in invitations:
        answer = answers.get(inv.pk)
        rows.append(
            AnswerRow(
                invitation=inv,
                answer=answer,
                can_read=access.can(Right.CONSULT_READ_ANSWER, inv),
                can_prepare=access.may(Right.CONSULT_PREPARE_ANSWER, inv),
                sent_versions=sent_versions.get(answer.pk, 0) if answer else 0,
            )
        )
    mine = next((row for row in rows if row.invitation.user_id == access.user.pk), None)
    counts = {"sent": 0, "prepared": 0, "none": 0}
    for row in rows:
        counts[row.state] += 1
    return {
        "meeting": meeting,
        "consultation": consultation,
        "committee": meeting.committee,
        "rows": rows,
        "counts": counts,
        "mine": mine,
        "papers": list(meeting.papers.order_by("order", "pk")),
        "answers_open": access.refusal(Right.CONSULT_PREPARE_ANSWER, mine.invitation if mine else None)
        is None
        and meeting.status == Meeting.Status.CONVENED,
        "can_send": access.can(Right.CONVENE),
        "can_edit": access.can(Right.EDIT),
        "can_cancel": access.can(Right.CANCEL),
        "can_compile": access.can(Right.CONSULT_COMPILE),
        "can_view_conclusions": access.can(Right.VIEW_CONCLUSIONS),
        "can_view_notice": access.can(Right.VIEW_NOTICE),
        "can_view_history": access.can(Right.VIEW_HISTORY),
        "sees_summary": bool(consultation.summary)
        and (access.can(Right.CONSULT_READ_ANSWERS) or meeting.status == Meeting.Status.NOTICE_ISSUED),
    }
