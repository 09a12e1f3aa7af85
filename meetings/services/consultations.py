"""Writes of a written consultation of the members (issue #13): the secretariat prepares it for
the chair, a deputy or the standing member who asks; it is sent to the members with a deadline;
each member answers (a focal officer of the member's agency may prepare the answer, only the
member sends it); after the deadline the secretariat compiles the summary, which closes the
answers; the chair then decides with the conclusions' pages and the numbered notice
(services.conclusions_sign, no minutes)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Committee, RoleAssignment, User
from members.services import notify

from ..models import Consultation, ConsultationAnswer, Invitation, Meeting, MeetingError
from ..permissions import CommitteeAccess, CommitteeRight, MeetingAccess, Right
from ..selectors.meetings import MEMBER_ROLES
from ..uploads import validate_upload
from ._shared import A, check_transition, lock_meeting, meeting_access, save_with_history

Role = RoleAssignment.Role
P = ConsultationAnswer.Position
#: Who may ask the members' opinion in writing: the chair, a deputy or the standing member.
ASKING_ROLES = (Role.CHAIR, Role.DEPUTY, Role.STANDING_MEMBER)
#: The positions that need the member's comments.
POSITIONS_WITH_TEXT = (P.AGREE_WITH_COMMENTS, P.DISAGREE)


def may_ask(committee: Committee, user: User, on: datetime.date) -> bool:
    return (
        RoleAssignment.objects.in_force(on)
        .filter(committee=committee, user=user, role__in=ASKING_ROLES)
        .exists()
    )


def members_in_force(committee: Committee, on: datetime.date) -> list[User]:
    """The committee's members in force (chair, deputies, standing member, members), each once."""
    seen: dict[int, User] = {}
    for a in (
        RoleAssignment.objects.in_force(on)
        .filter(committee=committee, role__in=MEMBER_ROLES)
        .select_related("user")
        .order_by("user__full_name", "pk")
    ):
        seen.setdefault(a.user_id, a.user)
    return list(seen.values())


def _clean_questions(questions: Iterable[str]) -> list[str]:
    return [q.strip() for q in questions if q and q.strip()]


@transaction.atomic
def consultation_create(
    *,
    committee: Committee,
    actor: User,
    asked_by: User,
    matter: str,
    questions: Iterable[str],
    deadline: datetime.datetime,
    title: str = "",
    members: Iterable[User] | None = None,
) -> Meeting:
    """A draft written consultation, numbered per year, asking `members` (all the committee's
    members in force by default) — never the person asking."""
    CommitteeAccess(actor, committee.pk).ensure(CommitteeRight.CREATE_MEETING)
    now = timezone.now()
    today = timezone.localdate(now)
    questions = _clean_questions(questions)
    errors: dict[str, str] = {}
    if not may_ask(committee, asked_by, today):
        errors["asked_by"] = _("The chair, a deputy chair or the standing member asks the members' opinion.")
    if not matter.strip():
        errors["matter"] = _("Write the matter the members are asked about.")
    if not questions:
        errors["questions"] = _("Ask at least one question.")
    if deadline <= now:
        errors["deadline"] = _("The deadline must be in the future.")
    everyone = members_in_force(committee, today)
    chosen = everyone if members is None else list(members)
    known = {u.pk for u in everyone}
    chosen = [u for u in chosen if u.pk != asked_by.pk]
    if any(u.pk not in known for u in chosen):
        errors["members"] = _("Ask only members of the committee in force.")
    elif not chosen:
        errors["members"] = _("Ask at least one member.")
    if errors:
        raise ValidationError(errors)
    Committee.objects.select_for_update().filter(pk=committee.pk).first()  # serialise numbering
    kind = Meeting.Kind.WRITTEN_CONSULTATION
    year = timezone.localtime(now).year
    last = Meeting.objects.filter(committee=committee, kind=kind, year=year).aggregate(n=Max("sequence"))["n"]
    meeting = Meeting(
        committee=committee,
        kind=kind,
        year=year,
        sequence=(last or 0) + 1,
        title=title.strip(),
        start_at=now,
        end_at=deadline,
        presiding=asked_by,
        created_by=actor,
    )
    save_with_history(meeting, actor, "created")
    consultation = Consultation(
        meeting=meeting, asked_by=asked_by, matter=matter.strip(), questions=questions, deadline=deadline
    )
    save_with_history(consultation, actor, "created")
    for user in chosen:
        save_with_history(
            Invitation(meeting=meeting, user=user, kind=Invitation.Kind.MEMBER), actor, "invited"
        )
    return meeting


@transaction.atomic
def consultation_update(
    *,
    meeting: Meeting,
    actor: User,
    asked_by: User,
    matter: str,
    questions: Iterable[str],
    deadline: datetime.datetime,
    title: str = "",
    access: MeetingAccess | None = None,
) -> Meeting:
    """Change a draft consultation (who asks, the matter, the questions, the deadline, the title)
    before it is sent; what was sent stays as it was. A new asker is no longer asked."""
    meeting = lock_meeting(meeting)
    if not meeting.is_consultation:
        raise MeetingError(_("This is not a written consultation."))
    meeting_access(actor, meeting, access).ensure(Right.EDIT)
    consultation = Consultation.objects.select_for_update().get(meeting=meeting)
    questions = _clean_questions(questions)
    errors: dict[str, str] = {}
    if not may_ask(meeting.committee, asked_by, timezone.localdate()):
        errors["asked_by"] = _("The chair, a deputy chair or the standing member asks the members' opinion.")
    if not matter.strip():
        errors["matter"] = _("Write the matter the members are asked about.")
    if not questions:
        errors["questions"] = _("Ask at least one question.")
    if deadline <= timezone.now():
        errors["deadline"] = _("The deadline must be in the future.")
    if errors:
        raise ValidationError(errors)
    meeting.title, meeting.presiding, meeting.end_at = title.strip(), asked_by, deadline
    save_with_history(meeting, actor, "edited", ["title", "presiding", "end_at"])
    consultation.asked_by, consultation.matter = asked_by, matter.strip()
    consultation.questions, consultation.deadline = questions, deadline
    save_with_history(consultation, actor, "edited", ["asked_by", "matter", "questions", "deadline"])
    for invitation in meeting.invitations.filter(user=asked_by):
        invitation._history_user = actor
        invitation.delete()
    return meeting


@transaction.atomic
def consultation_send(*, meeting: Meeting, actor: User, access: MeetingAccess | None = None) -> Meeting:
    """Send the consultation to the members asked, who are told the deadline; no invitation
    letter is issued (no one meets)."""
    meeting = lock_meeting(meeting)
    if not meeting.is_consultation:
        raise MeetingError(_("This is not a written consultation."))
    meeting_access(actor, meeting, access).ensure(Right.CONVENE)
    consultation = meeting.consultation
    if consultation.is_past_deadline:
        raise ValidationError({"deadline": _("The deadline has passed: set a later one before sending.")})
    if not meeting.invitations.filter(kind=Invitation.Kind.MEMBER).exists():
        raise MeetingError(_("Ask at least one member."))
    meeting.status = check_transition(meeting, A.CONVENE)
    meeting.convened_at = timezone.now()
    meeting.convened_by = actor
    save_with_history(meeting, actor, "sent", ["status", "convened_at", "convened_by"])
    notify(
        users=[inv.user for inv in meeting.invitations.select_related("user")],
        kind="meetings.consultation_asked",
        params={"meeting": meeting.pk, "deadline": consultation.deadline},
        url=meeting.get_absolute_url(),
    )
    return meeting


@transaction.atomic
def consultation_answer_save(
    *,
    invitation: Invitation,
    actor: User,
    position: str,
    comments: str = "",
    upload: UploadedFile | None = None,
    send: bool = False,
    access: MeetingAccess | None = None,
) -> ConsultationAnswer:
    """Prepare (`send` False) or send a member's answer. A focal officer of the member's agency
    may prepare it; only the member sends it. Agreeing with comments or disagreeing needs the
    comments. Until the deadline the member may change it; each version is kept."""
    meeting = lock_meeting(invitation.meeting)
    invitation = meeting.invitations.select_for_update().get(pk=invitation.pk)
    access = meeting_access(actor, meeting, access)
    access.know_invitation(invitation if invitation.user_id == actor.pk else None)
    access.ensure(Right.CONSULT_SEND_ANSWER if send else Right.CONSULT_PREPARE_ANSWER, invitation)
    errors: dict[str, str] = {}
    if position not in P.values:
        errors["position"] = _("Choose your position.")
    elif position in POSITIONS_WITH_TEXT and not comments.strip():
        errors["comments"] = _("Write your comments: they explain your position.")
    if upload is not None:
        try:
            validate_upload(upload)
        except ValidationError as error:
            errors["file"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    answer = ConsultationAnswer.objects.filter(invitation=invitation).first() or ConsultationAnswer(
        invitation=invitation
    )
    answer.position = position
    answer.comments = comments.strip()
    if upload is not None:
        answer.file.save(upload.name, upload, save=False)
        answer.original_name = upload.name[:255]
    now = timezone.now()
    answer.prepared_by, answer.prepared_at = actor, now
    if send:
        answer.sent_by, answer.sent_at = actor, now
    save_with_history(answer, actor, "sent" if send else "prepared")
    if not send and actor.pk != invitation.user_id:
        notify(
            users=[invitation.user],
            kind="meetings.consultation_prepared",
            params={"meeting": meeting.pk, "deadline": meeting.consultation.deadline},
            url=meeting.get_absolute_url(),
        )
    return answer


def summary_text(meeting: Meeting) -> str:
    """The generated summary: each question, then one line per member asked — agency, position
    and comments — and the count of each position."""
    consultation = meeting.consultation
    lines = [_("Matter: %(matter)s") % {"matter": consultation.matter}, ""]
    for number, question in enumerate(consultation.questions, start=1):
        lines.append(_("Question %(n)s: %(q)s") % {"n": number, "q": question})
    lines.append("")
    counts = {value: 0 for value in P.values}
    silent = 0
    invitations = meeting.invitations.filter(kind=Invitation.Kind.MEMBER).select_related(
        "user", "user__organization", "consultation_answer"
    )
    for number, inv in enumerate(invitations.order_by("user__full_name", "pk"), start=1):
        answer = getattr(inv, "consultation_answer", None)
        agency = inv.user.organization.name if inv.user.organization_id else "—"
        if answer is None or not answer.is_sent:
            silent += 1
            lines.append(f"{number}. {inv.user.full_name} ({agency}): " + _("did not answer"))
            continue
        counts[answer.position] += 1
        line = f"{number}. {inv.user.full_name} ({agency}): {answer.get_position_display()}"
        if answer.comments:
            line += f" — {answer.comments}"
        lines.append(line)
    lines.append("")
    lines.append(
        _(
            "Agree: %(agree)s; agree with comments: %(comments)s; disagree: %(disagree)s; did not answer: %(silent)s."
        )
        % {
            "agree": counts[P.AGREE],
            "comments": counts[P.AGREE_WITH_COMMENTS],
            "disagree": counts[P.DISAGREE],
            "silent": silent,
        }
    )
    return "\n".join(lines)


@transaction.atomic
def consultation_summary_compile(
    *, meeting: Meeting, actor: User, summary: str | None = None, access: MeetingAccess | None = None
) -> Consultation:
    """After the deadline the secretariat compiles the summary (the generated text, as edited):
    the answers close and the chair may decide. While undecided, the summary can be edited."""
    meeting = lock_meeting(meeting)
    meeting_access(actor, meeting, access).ensure(Right.CONSULT_COMPILE)
    consultation = Consultation.objects.select_for_update().get(meeting=meeting)
    text = summary_text(meeting) if summary is None else summary.strip()
    if not text:
        raise ValidationError({"summary": _("Write the summary of the answers.")})
    consultation.summary = text
    if meeting.status == Meeting.Status.CONVENED:
        meeting.status = check_transition(meeting, A.HOLD)
        meeting.held_at = timezone.now()
        save_with_history(meeting, actor, "summary compiled", ["status", "held_at"])
        consultation.summary_compiled_at = meeting.held_at
        consultation.summary_compiled_by = actor
        save_with_history(consultation, actor, "summary compiled")
        notify(
            users=_deciders(meeting),
            kind="meetings.consultation_compiled",
            params={"meeting": meeting.pk},
            url=meeting.get_absolute_url(),
        )
    else:
        save_with_history(consultation, actor, "summary edited", ["summary"])
    return consultation


def _deciders(meeting: Meeting) -> list[User]:
    """The chair in force and the person who asked, who are told the summary is ready."""
    people = {meeting.presiding_id: meeting.presiding}
    for a in (
        RoleAssignment.objects.in_force(timezone.localdate())
        .filter(committee_id=meeting.committee_id, role=Role.CHAIR)
        .select_related("user")
    ):
        people.setdefault(a.user_id, a.user)
    return list(people.values())
