"""Reads of the meeting pages: the list, the detail page, the roll, attendance and proposals.

Each selector loads what its page shows in a fixed number of queries, whatever the number of
meetings, invitees or papers; the page's `can_*` flags are the person's access object's answers
(meetings.permissions).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from members.models import Committee, Organization, RoleAssignment, User
from members.permissions import committee_codenames_for_user

from .. import permissions
from ..models import AgendaItem, Invitation, Meeting, MeetingProposal, Paper
from ..permissions import CommitteeAccess, CommitteeRight, MeetingAccess, Right
from .minutes import minutes_main_get

R = Invitation.Response
D = Invitation.AbsenceDecision
At = Invitation.Attendance
Role = RoleAssignment.Role

# Who may preside, who may be invited from the committee, who keeps the minutes.
COMMITTEE_ROLES = (
    Role.CHAIR,
    Role.DEPUTY,
    Role.STANDING_MEMBER,
    Role.MEMBER,
    Role.SECRETARIAT_LEAD,
    Role.SECRETARIAT,
)
SUPPORT_ROLES = (Role.SECRETARIAT_LEAD, Role.SECRETARIAT)
MEMBER_ROLES = (Role.CHAIR, Role.DEPUTY, Role.STANDING_MEMBER, Role.MEMBER)
# Who presides over a working session with agencies (Điều 9.2): the chair, or a deputy.
WORKING_SESSION_PRESIDING_ROLES = (Role.CHAIR, Role.DEPUTY)
# The people of an agency a working session invites: its leaders in the committee, its focal officers.
AGENCY_PEOPLE_ROLES = (*MEMBER_ROLES, Role.FOCAL_OFFICER)
_ROLE_RANK = {role: i for i, role in enumerate(RoleAssignment.ROLE_ORDER)}


# --- the list -----------------------------------------------------------------------------------


def meeting_list_for_user(user: User, *, committee_id: int | None = None) -> dict:
    """The person's meetings, upcoming (soonest first) then past (latest first), each with the
    person's own answer, and the committees they may file a new meeting in. Fixed queries."""
    now = timezone.now()
    own = Invitation.objects.filter(meeting=OuterRef("pk"), user_id=user.pk)
    meetings = (
        permissions.meetings_visible_to(user)
        .select_related("committee")
        .annotate(my_response=Subquery(own.values("response")[:1]))
        .order_by("start_at", "pk")
    )
    if committee_id is not None:
        meetings = meetings.filter(committee_id=committee_id)
    upcoming: list[Meeting] = []
    past: list[Meeting] = []
    for meeting in meetings:
        meeting.my_response_label = _my_answer_label(meeting, user)
        (upcoming if meeting.end_at >= now else past).append(meeting)
    past.reverse()
    committee_ids = [
        cid for cid, codes in committee_codenames_for_user(user).items() if "view_committee_business" in codes
    ]
    committees = list(Committee.objects.filter(pk__in=committee_ids).order_by("name"))
    for committee in committees:
        access = CommitteeAccess(user, committee.pk)
        committee.can_create_meeting = access.can(CommitteeRight.CREATE_MEETING)
        committee.can_view_proposals = access.can(CommitteeRight.VIEW_PROPOSALS)
    selected = next((c for c in committees if c.pk == committee_id), None)
    return {
        "upcoming": upcoming,
        "past": past,
        "committees": committees,
        "selected_committee": selected,
        "selected_committee_id": committee_id,
        "creatable_committees": [c for c in committees if c.can_create_meeting],
    }


def upcoming_meetings_for_user(user: User, *, limit: int = 5) -> list[Meeting]:
    """The person's next meetings (not cancelled), soonest first, with their own answer: the
    home page's "what is coming" list. Two queries whatever the number of meetings."""
    own = Invitation.objects.filter(meeting=OuterRef("pk"), user_id=user.pk)
    meetings = list(
        permissions.meetings_visible_to(user)
        .filter(end_at__gte=timezone.now())
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.DRAFT])
        .exclude(kind=Meeting.Kind.WRITTEN_CONSULTATION)  # no one meets: not a coming meeting
        .select_related("committee")
        .annotate(my_response=Subquery(own.values("response")[:1]))
        .order_by("start_at", "pk")[:limit]
    )
    for meeting in meetings:
        meeting.my_response_label = _my_answer_label(meeting, user)
        meeting.awaits_my_answer = meeting.my_response == R.PENDING and meeting.presiding_id != user.pk
    return meetings


def _my_answer_label(meeting: Meeting, user: User) -> str:
    """The person's own answer as a list shows it; the presiding person answers nothing: "Presiding"."""
    if meeting.presiding_id == user.pk:
        return gettext("Presiding")
    return R(meeting.my_response).label if meeting.my_response else ""


# --- objects of one meeting (404 when they belong to another) -----------------------------------


def agenda_item_get(meeting: Meeting, pk: int) -> AgendaItem:
    """An agenda item of this meeting, or 404."""
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=pk)
    item.meeting = meeting
    return item


def paper_get(meeting: Meeting, pk: int) -> Paper:
    """A paper of this meeting, or 404 (a paper of another meeting is not found here)."""
    paper = get_object_or_404(Paper, meeting=meeting, pk=pk)
    paper.meeting = meeting
    return paper


def invitation_get(meeting: Meeting, pk: int, *, kind: str | None = None) -> Invitation:
    """An invitation to this meeting (optionally of one kind), or 404."""
    filters = {"meeting": meeting, "pk": pk}
    if kind is not None:
        filters["kind"] = kind
    invitation = get_object_or_404(Invitation.objects.select_related("user"), **filters)
    invitation.meeting = meeting
    return invitation


# --- the form's choices -------------------------------------------------------------------------


@dataclass
class Candidate:
    """A person who can be chosen on a meeting form, with the roles they hold in force."""

    user: User
    roles: list[str] = field(default_factory=list)
    role_codes: set[str] = field(default_factory=set)
    organization: object | None = None

    @property
    def label(self) -> str:
        return f"{self.user} ({', '.join(self.roles)})" if self.roles else str(self.user)


def _role_holders(
    committee_id: int, roles: tuple[str, ...], on: datetime.date | None = None
) -> list[Candidate]:
    assignments = (
        RoleAssignment.objects.in_force(on)
        .filter(committee_id=committee_id, role__in=roles)
        .select_related("user", "organization")
    )
    people: dict[int, Candidate] = {}
    rank: dict[int, int] = {}
    for a in sorted(assignments, key=lambda a: (_ROLE_RANK[a.role], a.user.full_name, a.user.username)):
        candidate = people.setdefault(a.user_id, Candidate(user=a.user, organization=a.organization))
        rank.setdefault(a.user_id, _ROLE_RANK[a.role])
        if a.role not in candidate.role_codes:
            candidate.role_codes.add(a.role)
            candidate.roles.append(a.get_role_display())
    return sorted(people.values(), key=lambda c: (rank[c.user.pk], c.user.full_name, c.user.username))


def meeting_form_options(committee_id: int) -> dict[str, list]:
    """Who may preside (committee role holders in force), be the secretary (the support group in
    force), as (person, label) pairs, and the agencies a working session may be held with, for
    the meeting form."""
    holders = _role_holders(committee_id, COMMITTEE_ROLES)
    return {
        "presiding_options": [(c.user, c.label) for c in holders],
        "secretary_options": [(c.user, c.label) for c in holders if c.role_codes & set(SUPPORT_ROLES)],
        "agency_options": committee_agencies(committee_id),
    }


def committee_agencies(committee_id: int, on: datetime.date | None = None) -> list[Organization]:
    """The agencies represented in the committee (by a member or the standing member in force
    `on`, today by default): those the chair may hold a working session with (Điều 9.2)."""
    represented = RoleAssignment.objects.in_force(on).filter(
        committee_id=committee_id,
        role__in=(Role.STANDING_MEMBER, Role.MEMBER),
        organization__isnull=False,
    )
    return list(Organization.objects.filter(pk__in=represented.values("organization_id")).order_by("name"))


# --- a new meeting's defaults -------------------------------------------------------------------


def default_presiding(committee: Committee, kind: str, on: datetime.date) -> User | None:
    """Who presides when the form names nobody: the chair, else a deputy; the support group's
    leader for its monthly meeting (Điều 8.1, 8.3)."""
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


def default_invitees(
    committee: Committee, kind: str, on: datetime.date, agency_ids: frozenset[int] = frozenset()
) -> list[tuple[User, str]]:
    """Committee meetings: every member in force; the monthly meeting: the support group; a
    working session: the leaders and focal officers in force of its agencies (`agency_ids`),
    and the support group (Điều 9.2) — not the whole committee."""
    if kind == Meeting.Kind.WORKING_SESSION:
        return _working_session_invitees(committee, on, agency_ids)
    roles = SUPPORT_ROLES if kind == Meeting.Kind.SUPPORT_MONTHLY else MEMBER_ROLES
    as_kind = Invitation.Kind.SUPPORT if kind == Meeting.Kind.SUPPORT_MONTHLY else Invitation.Kind.MEMBER
    seen: dict[int, tuple[User, str]] = {}
    for a in (
        RoleAssignment.objects.in_force(on).filter(committee=committee, role__in=roles).select_related("user")
    ):
        seen.setdefault(a.user_id, (a.user, as_kind))
    return list(seen.values())


def _working_session_invitees(
    committee: Committee, on: datetime.date, agency_ids: frozenset[int]
) -> list[tuple[User, str]]:
    in_force = RoleAssignment.objects.in_force(on).filter(committee=committee).select_related("user")
    seen: dict[int, tuple[User, str]] = {}
    for a in in_force.filter(role__in=AGENCY_PEOPLE_ROLES, organization_id__in=agency_ids).order_by(
        "organization__name", "user__full_name", "pk"
    ):
        seen.setdefault(a.user_id, (a.user, Invitation.Kind.MEMBER))
    for a in in_force.filter(role__in=SUPPORT_ROLES).order_by("user__full_name", "pk"):
        seen.setdefault(a.user_id, (a.user, Invitation.Kind.SUPPORT))
    return list(seen.values())


def may_preside_working_session(committee: Committee, user: User, on: datetime.date) -> bool:
    """The chair or a deputy in force on the session's day (Điều 9.2)."""
    return (
        RoleAssignment.objects.in_force(on)
        .filter(committee=committee, user=user, role__in=WORKING_SESSION_PRESIDING_ROLES)
        .exists()
    )


# --- one meeting of its kind in a period (Điều 8.3) ---------------------------------------------

# The committee meets regularly once a quarter, its support group once a month (Điều 8.3).
REGULAR_KINDS = (Meeting.Kind.QUARTERLY, Meeting.Kind.SUPPORT_MONTHLY)


def meeting_period(kind: str, start_at: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """The period a meeting of `kind` starting at `start_at` belongs to, as [from, until): its
    quarter for a regular meeting, its month for the support group's, its year otherwise."""
    local = timezone.localtime(start_at)
    if kind == Meeting.Kind.QUARTERLY:
        first, months = (local.month - 1) // 3 * 3 + 1, 3
    elif kind == Meeting.Kind.SUPPORT_MONTHLY:
        first, months = local.month, 1
    else:
        first, months = 1, 12
    index = local.year * 12 + first - 1 + months
    start = datetime.datetime(local.year, first, 1)
    until = datetime.datetime(index // 12, index % 12 + 1, 1)
    return timezone.make_aware(start), timezone.make_aware(until)


@dataclass(frozen=True)
class PeriodCheck:
    """The committee's other meetings of a kind in a meeting's period (cancelled ones aside)."""

    others: list[Meeting]
    name_taken: bool  # another one already goes by the meeting's name
    distinct_name: str  # a name none of them has: "<name> (lần 2)", ...

    @property
    def regular_taken(self) -> Meeting | None:
        """The regular meeting the period already has (the earliest), for a regular kind."""
        return self.others[0] if self.others else None


def meeting_period_check(meeting: Meeting) -> PeriodCheck:
    """How `meeting` (saved or not, with its new kind, time and title) stands among the
    committee's meetings of its kind in its period: is it a second regular one, is its name
    (its title, or the numbered name without one) already used there, and a name that is not."""
    start, until = meeting_period(meeting.kind, meeting.start_at)
    others = list(
        Meeting.objects.filter(
            committee_id=meeting.committee_id, kind=meeting.kind, start_at__gte=start, start_at__lt=until
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("start_at", "pk")
    )
    taken = {_name_key(str(other)) for other in others}
    name = str(meeting).strip()
    distinct, n = name, 1
    while _name_key(distinct) in taken:
        n += 1
        distinct = gettext("%(name)s (no. %(n)s)") % {"name": name, "n": n}
    return PeriodCheck(others=others, name_taken=_name_key(name) in taken, distinct_name=distinct)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# --- the detail page ----------------------------------------------------------------------------


def _answer_counts(invitations: list[Invitation], presiding_id: int) -> list[dict]:
    """How many invitees gave each answer; the presiding person, who is not asked, is not counted
    (not even as "not answered")."""
    counts = {value: 0 for value in R.values}
    for inv in invitations:
        if inv.user_id != presiding_id:
            counts[inv.response] += 1
    return [{"value": value, "label": label, "count": counts[value]} for value, label in R.choices]


def meeting_detail_context(access: MeetingAccess) -> dict:
    """Everything the meeting page shows, with the person's `can_*` flags, in a fixed number of
    queries whatever the number of invitees, agenda items and papers. A guest sees the meeting,
    its agenda and papers, and their own invitation only (Điều 8.2)."""
    meeting, user = access.meeting, access.user
    guest_only = access.is_guest_only
    agenda = list(meeting.agenda_items.select_related("presenter"))
    papers_by_item: dict[int | None, list[Paper]] = defaultdict(list)
    for paper in meeting.papers.all():
        paper.meeting = meeting
        papers_by_item[paper.agenda_item_id].append(paper)
    for item in agenda:
        item.paper_list = papers_by_item.pop(item.pk, [])
    meeting_papers = [p for papers in papers_by_item.values() for p in papers]

    invitations = list(meeting.invitations.select_related("user", "user__organization"))
    for inv in invitations:
        inv.meeting = meeting
    own = next((inv for inv in invitations if inv.user_id == user.pk), None)
    access.know_invitation(own)

    minutes = None if guest_only else minutes_main_get(meeting)
    flags = access.page_flags(minutes=minutes)
    for inv in invitations:
        inv.is_presiding = inv.user_id == meeting.presiding_id
        # The presiding person has no personal letter: their row offers none.
        inv.can_download_personal = flags["can_download_personal_invitations"] and access.may(
            Right.DOWNLOAD_PERSONAL_INVITATION, inv
        )
    # Those who keep the minutes are told when the attendance opens (the meeting's start).
    opens_at = None
    if meeting.status == Meeting.Status.CONVENED and access.may(Right.RECORD_ATTENDANCE):
        opens_at = access.attendance_opens_at
    return {
        "meeting": meeting,
        "agencies": list(meeting.agencies.all()) if meeting.is_working_session else [],
        "agenda": agenda,
        "meeting_papers": meeting_papers,
        "paper_count": sum(len(item.paper_list) for item in agenda) + len(meeting_papers),
        "invitation": own,
        "is_presiding": access.is_presiding,
        "attendance_opens_at": opens_at,
        "invitee_count": len(invitations),
        "answer_counts": [] if guest_only else _answer_counts(invitations, meeting.presiding_id),
        "pending_absences": 0
        if guest_only
        else sum(1 for i in invitations if i.absence_decision == D.PENDING),
        "invitations": invitations if flags["can_view_roll"] else [],
        "minutes": minutes,
        **flags,
    }


# --- the confirmations of the lifecycle (Điều 8.1) -------------------------------------------------


def convene_context(meeting: Meeting) -> dict:
    """What convening will do, for its confirmation page: the invitees (the presiding person
    aside: the letter names them as presiding, and nobody asks them to answer) each get the
    invitation letter and an e-mail."""
    invitations = [
        inv
        for inv in meeting.invitations.select_related("user", "user__organization")
        if inv.user_id != meeting.presiding_id
    ]
    return {"meeting": meeting, "invitations": invitations, "invitee_count": len(invitations)}


def cancel_context(meeting: Meeting) -> dict:
    """What cancelling will do, for its confirmation page: a convened meeting's invitees are told."""
    convened = meeting.status == Meeting.Status.CONVENED
    return {
        "meeting": meeting,
        "tells_invitees": convened,
        "invitee_count": meeting.invitations.count() if convened else 0,
    }


# --- invitees -----------------------------------------------------------------------------------


def invitees_context(meeting: Meeting) -> dict:
    """The committee's role holders in force (ticked when invited), the current guests and, for
    an extended meeting, the accounts that may be invited as guests (Điều 8.1, 8.2)."""
    invitations = list(meeting.invitations.select_related("user", "user__organization"))
    # A working session also invites the agencies' focal officers (Điều 9.2).
    roles = (*COMMITTEE_ROLES, Role.FOCAL_OFFICER) if meeting.is_working_session else COMMITTEE_ROLES
    candidates = _role_holders(meeting.committee_id, roles)
    known = {c.user.pk for c in candidates}
    # Someone invited earlier whose term has since ended stays listed, so they can be unticked.
    for inv in invitations:
        if inv.kind != Invitation.Kind.GUEST and inv.user_id not in known:
            candidates.append(Candidate(user=inv.user, organization=inv.user.organization))
            known.add(inv.user_id)
    guests = [inv for inv in invitations if inv.kind == Invitation.Kind.GUEST]
    guest_options: list[tuple[User, str]] = []
    if meeting.kind == Meeting.Kind.EXTENDED:
        invited = {inv.user_id for inv in invitations}
        people = User.objects.filter(is_active=True).exclude(pk__in=invited).select_related("organization")
        guest_options = [
            (
                u,
                f"{u} — {u.position}, {u.organization}"
                if u.organization
                else f"{u} — {u.position}"
                if u.position
                else str(u),
            )
            for u in people.order_by("full_name", "username")
        ]
    return {
        "candidates": candidates,
        "invited_ids": [str(inv.user_id) for inv in invitations if inv.kind != Invitation.Kind.GUEST],
        "guests": guests,
        "guest_options": guest_options,
        "allows_guests": meeting.kind == Meeting.Kind.EXTENDED,
    }


# --- answers (Điều 6.5) -------------------------------------------------------------------------


def invitation_answer_refusal(*, invitation: Invitation, actor: User) -> str | None:
    """Why this person cannot answer this invitation now, or None when they can (Điều 6.5)."""
    return MeetingAccess(actor, invitation.meeting).reason(Right.ANSWER, invitation)


# --- the roll and attendance (Điều 6.5) ---------------------------------------------------------


def meeting_roll_context(access: MeetingAccess) -> dict:
    """Who answered what (substitutes with their written opinion), who has not answered, and
    the absence requests awaiting the presiding person."""
    meeting = access.meeting
    invitations = list(meeting.invitations.select_related("user", "user__organization", "absence_decided_by"))
    for inv in invitations:
        inv.meeting = meeting
    # The presiding person is not asked to answer: neither among the answers nor the silent.
    asked = [inv for inv in invitations if inv.user_id != meeting.presiding_id]
    return {
        "meeting": meeting,
        "answered": [inv for inv in asked if inv.response != R.PENDING],
        "not_answered": [inv for inv in asked if inv.response == R.PENDING],
        "pending_absences": [inv for inv in asked if inv.absence_decision == D.PENDING],
        "answer_counts": _answer_counts(invitations, meeting.presiding_id),
        "invitee_count": len(invitations),
        "presiding": meeting.presiding,
        "can_decide_absence": access.can(Right.DECIDE_ABSENCE),
    }


def attendance_initial(invitation: Invitation, presiding_id: int | None = None) -> str:
    """The mark to preselect: the recorded one, else what the answer implies (the presiding
    person, who is not asked, presides: present)."""
    if invitation.attendance:
        return invitation.attendance
    if invitation.user_id == presiding_id:
        return At.PRESENT
    if invitation.response == R.ATTEND:
        return At.PRESENT
    if invitation.response == R.SUBSTITUTE:
        return At.SUBSTITUTE_PRESENT
    if invitation.response == R.ABSENT and invitation.absence_decision == D.APPROVED:
        return At.ABSENT_APPROVED
    return At.UNKNOWN


def attendance_summary(meeting: Meeting, invitations: list[Invitation] | None = None) -> dict:
    """Counts of the recorded attendance, the rate (present in person / invited, %) and whether
    more than half of the invited members are present in person."""
    if invitations is None:
        invitations = list(meeting.invitations.all())
    marks = [inv.attendance for inv in invitations]
    invited = len(invitations)
    present = marks.count(At.PRESENT)
    members = [inv for inv in invitations if inv.kind == Invitation.Kind.MEMBER]
    members_present = sum(1 for inv in members if inv.attendance == At.PRESENT)
    return {
        "invited": invited,
        "present": present,
        "substitutes": marks.count(At.SUBSTITUTE_PRESENT),
        "absent_approved": marks.count(At.ABSENT_APPROVED),
        "absent_unexcused": marks.count(At.ABSENT_UNEXCUSED),
        "not_recorded": marks.count(At.UNKNOWN),
        "rate": round(present * 100 / invited, 1) if invited else 0,
        "members_invited": len(members),
        "members_present": members_present,
        "has_majority": members_present * 2 > len(members),
    }


def attendance_context(meeting: Meeting) -> dict:
    """The invitees, each with the mark to preselect, and the summary of what is recorded."""
    invitations = list(meeting.invitations.select_related("user", "user__organization"))
    return {
        "invitations": invitations,
        "initial_marks": {inv.pk: attendance_initial(inv, meeting.presiding_id) for inv in invitations},
        "summary": attendance_summary(meeting, invitations),
    }


# --- proposals (Điều 8.1) -----------------------------------------------------------------------


def proposal_list_context(committee: Committee, access: CommitteeAccess) -> dict:
    """The committee's proposals of an extraordinary meeting, newest first, with who may decide."""
    proposals = list(
        MeetingProposal.objects.filter(committee=committee).select_related(
            "proposed_by", "decided_by", "meeting"
        )
    )
    for proposal in proposals:
        proposal.committee = committee
        proposal.can_decide = access.can(CommitteeRight.DECIDE_PROPOSAL, proposal)
    return {
        "committee": committee,
        "proposals": proposals,
        "can_propose": access.can(CommitteeRight.PROPOSE_MEETING),
    }
