"""Replay the demo's tables: every step of every meeting through the services, as the demo person
it names, at the moment it names (`DemoClock.at`), so the services' own rules hold as in real use.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from meetings import services
from meetings.models import (
    AgendaItem,
    Invitation,
    Meeting,
    MeetingError,
    MeetingProposal,
    Minutes,
    MinutesComment,
)
from members.models import Committee, Notification, Organization, User
from members.services import chair_acting_period_record

from .clock import DemoClock
from .papers import paper_pdf
from .steps import (
    AcceptProposal,
    AddAgenda,
    AddPaper,
    Answer,
    AnswerComment,
    Cancel,
    CloseReview,
    Comment,
    CompileSummary,
    Conclude,
    Consult,
    ConsultAnswer,
    Convene,
    Create,
    DecideAbsence,
    Hold,
    InviteAlso,
    InviteGuest,
    IssueNotice,
    MeetingSpec,
    OpenReview,
    Postpone,
    Propose,
    RecordActingPeriod,
    SignMinutes,
    StartMinutes,
    Step,
    Update,
    WriteMinutes,
)

R = Invitation.Response
At = Invitation.Attendance


@dataclass
class Replayed:
    """What the replay made so far, by the story's meeting keys."""

    committees: dict[str, Committee]
    people: dict[str, User]
    orgs: dict[str, Organization]
    meetings: dict[str, Meeting] = field(default_factory=dict)
    items: dict[str, list[AgendaItem]] = field(default_factory=dict)
    proposals: dict[str, MeetingProposal] = field(default_factory=dict)
    papers: int = 0


def replay_meetings(
    clock: DemoClock, committees: dict[str, Committee], specs: Sequence[MeetingSpec]
) -> Replayed:
    """Play the steps of all `specs` on one timeline, in time order (a tie: in table order), each at
    its moment. One timeline, not meeting after meeting: register numbers follow the dates."""
    done = Replayed(
        committees=committees,
        people={u.username: u for u in User.objects.filter(is_active=True)},
        orgs={o.short_code: o for o in Organization.objects.all()},
    )
    timeline = [(step.at, n, spec, step) for n, (spec, step) in enumerate(_steps(specs))]
    for moment, _n, spec, step in sorted(timeline, key=lambda row: (row[0], row[1])):
        with clock.at(moment):
            replay_step(done, spec, step)
    return done


def _steps(specs: Sequence[MeetingSpec]) -> Iterator[tuple[MeetingSpec, Step]]:
    for spec in specs:
        for step in spec.steps:
            yield spec, step


def replay_step(done: Replayed, spec: MeetingSpec, step: Step) -> None:
    """One step: the one service call it stands for, as its actor."""
    key = spec.key
    actor = done.people[step.actor]
    match step:
        case Create():
            done.meetings[key] = services.meeting_create(
                committee=done.committees[spec.committee],
                actor=actor,
                kind=step.kind,
                start_at=step.start,
                end_at=step.end,
                presiding=done.people[step.presiding] if step.presiding else None,
                place=step.place,
                title=step.title,
                agencies=[done.orgs[code] for code in step.agencies],
            )
        case Consult():
            done.meetings[key] = services.consultation_create(
                committee=done.committees[spec.committee],
                actor=actor,
                asked_by=done.people[step.asked_by],
                matter=step.matter,
                questions=step.questions,
                deadline=step.deadline,
                title=step.title,
            )
        case ConsultAnswer():
            member = step.member or step.actor
            services.consultation_answer_save(
                invitation=_invitation(done, key, member),
                actor=actor,
                position=step.position,
                comments=step.comments,
                send=step.member is None,
            )
        case CompileSummary():
            services.consultation_summary_compile(meeting=done.meetings[key], actor=actor)
        case Propose():
            done.proposals[key] = services.proposal_create(
                committee=done.committees[spec.committee],
                actor=actor,
                reason=step.reason,
                suggested_start=step.suggested_start,
            )
        case AcceptProposal():
            proposal = services.proposal_decide(
                proposal=done.proposals[key], actor=actor, accept=True, note=step.note
            )
            done.meetings[key] = proposal.meeting
        case Update():
            services.meeting_update(
                meeting=done.meetings[key],
                actor=actor,
                title=step.title,
                place=step.place,
                secretary=done.people[step.secretary],
            )
        case InviteAlso():
            meeting = done.meetings[key]
            current = [
                inv.user
                for inv in meeting.invitations.exclude(kind=Invitation.Kind.GUEST).select_related("user")
            ]
            services.invitees_set(
                meeting=meeting, actor=actor, users=current + [done.people[u] for u in step.usernames]
            )
        case InviteGuest():
            services.guest_invite(meeting=done.meetings[key], actor=actor, user=done.people[step.username])
        case AddAgenda():
            done.items[key] = [
                services.agenda_item_add(
                    meeting=done.meetings[key],
                    actor=actor,
                    title=title,
                    presenter=done.orgs[code] if code else None,
                    minutes_allowed=minutes,
                )
                for title, code, minutes in step.items
            ]
        case AddPaper():
            content = paper_pdf(
                agency=step.agency,
                symbol=step.symbol,
                day=timezone.localdate(step.at),
                title=step.title,
                paragraphs=step.paragraphs,
            )
            services.paper_add(
                meeting=done.meetings[key],
                actor=actor,
                upload=SimpleUploadedFile(step.filename, content, content_type="application/pdf"),
                title=step.title,
                agenda_item=done.items[key][step.item] if step.item is not None else None,
            )
            done.papers += 1
        case Convene():
            try:
                services.meeting_convene(meeting=done.meetings[key], actor=actor)
            except MeetingError:
                if step.fallback is None:
                    raise
                # The support group's leader calls its monthly meeting (Điều 8.3); while the
                # service lets only the chair or a deputy convene, the fallback (a deputy) does it.
                services.meeting_convene(meeting=done.meetings[key], actor=done.people[step.fallback])
        case Answer():
            services.invitation_respond(
                invitation=_invitation(done, key, step.actor),
                actor=actor,
                response=step.response,
                absence_reason=step.absence_reason,
                substitute_name=step.substitute_name,
                substitute_position=step.substitute_position,
                written_opinion=step.written_opinion,
            )
        case DecideAbsence():
            services.absence_decide(
                invitation=_invitation(done, key, step.invitee), actor=actor, approve=step.approve
            )
        case Postpone():
            services.meeting_postpone(
                meeting=done.meetings[key],
                actor=actor,
                start_at=step.start,
                end_at=step.end,
                reason=step.reason,
            )
        case Cancel():
            services.meeting_cancel(meeting=done.meetings[key], actor=actor, reason=step.reason)
        case Hold():
            marks = attendance_marks(_fresh(done, key), step.overrides)
            services.attendance_record(meeting=done.meetings[key], actor=actor, marks=marks)
        case StartMinutes():
            services.minutes_start(meeting=done.meetings[key], actor=actor)
        case WriteMinutes():
            minutes = _minutes(done, key)
            body = fill_minutes(minutes.body, _fresh(done, key), step.proceedings, step.proposed)
            services.minutes_update(minutes=minutes, actor=actor, body=body, expected_version=minutes.version)
        case SignMinutes():
            services.minutes_sign(minutes=_minutes(done, key), actor=actor)
        case OpenReview():
            services.minutes_open_review(minutes=_minutes(done, key), actor=actor)
        case Comment():
            services.minutes_comment_add(minutes=_minutes(done, key), actor=actor, body=step.body)
        case AnswerComment():
            comment = (
                MinutesComment.objects.filter(minutes=_minutes(done, key), author=done.people[step.author])
                .order_by("pk")
                .last()
            )
            if comment is None:
                raise LookupError(f"Demo step answers no comment: {step!r}")
            services.minutes_comment_answer(
                comment=comment, actor=actor, taken_into_account=step.taken, note=step.note
            )
        case CloseReview():
            services.minutes_review_close(minutes=_minutes(done, key), actor=actor)
        case Conclude():
            meeting = _fresh(done, key)  # its date as it stands now (after a postponement)
            start = timezone.localdate(meeting.start_at)
            for text, code, due_days, *coordinating in step.items:
                conclusion = services.conclusion_add(
                    meeting=meeting,
                    actor=actor,
                    text=text,
                    is_instruction=code is not None,
                    lead_organization=done.orgs[code] if code else None,
                    due_date=start + datetime.timedelta(days=due_days) if code else None,
                )
                if coordinating:
                    # conclusion_add takes no coordinating agencies yet: set right after, as the
                    # drafter, so the conclusion's history says who named them.
                    conclusion._change_reason = "coordinating agencies named"
                    conclusion.coordinating_organizations.set([done.orgs[c] for c in coordinating[0]])
        case IssueNotice():
            services.conclusions_sign(meeting=done.meetings[key], actor=actor)
        case RecordActingPeriod():
            chair_acting_period_record(
                committee=done.committees[spec.committee],
                actor=actor,
                deputy=done.people[step.deputy],
                start_date=step.start,
                end_date=step.end,
                reason=step.reason,
            )
        case _:
            raise TypeError(f"Unknown demo step: {step!r}")


def settle_notifications(clock: DemoClock, after_pk: int) -> None:
    """What happened weeks ago was read then; nothing of the demo's past is e-mailed now: the
    notifications made since `after_pk` that wait in the outbox (members.outbox) count as e-mailed
    when made (those nobody e-mails stay so), and read if over two weeks old."""
    notes = Notification.objects.filter(pk__gt=after_pk)
    Status = Notification.EmailStatus
    notes.filter(email_status__in=[Status.PENDING, Status.SENDING, Status.DIGEST]).update(
        email_status=Status.SENT, emailed_at=F("created_at"), email_next_attempt_at=None
    )
    notes.filter(created_at__lt=clock.now - datetime.timedelta(days=14)).update(read_at=F("created_at"))


def _fresh(done: Replayed, key: str) -> Meeting:
    return Meeting.objects.get(pk=done.meetings[key].pk)


def _invitation(done: Replayed, key: str, username: str) -> Invitation:
    return Invitation.objects.get(meeting_id=done.meetings[key].pk, user=done.people[username])


def _minutes(done: Replayed, key: str) -> Minutes:
    return Minutes.objects.get(meeting_id=done.meetings[key].pk, addendum_to__isnull=True)


def attendance_marks(meeting: Meeting, overrides: dict[str, str]) -> dict[int, str]:
    """Attendance as the answers imply (a substitute came, an approved absence is excused), except
    the `overrides` by username."""
    marks = {}
    for inv in meeting.invitations.select_related("user"):
        mark = At.PRESENT
        if inv.response == R.SUBSTITUTE:
            mark = At.SUBSTITUTE_PRESENT
        elif inv.response == R.ABSENT:
            approved = inv.absence_decision == Invitation.AbsenceDecision.APPROVED
            mark = At.ABSENT_APPROVED if approved else At.ABSENT_UNEXCUSED
        marks[inv.pk] = overrides.get(inv.user.username, mark)
    return marks


def _paragraphs(texts: Sequence[str]) -> str:
    return "".join(f"<p>{escape(t)}</p>" for t in texts)


def fill_minutes(
    body: str, meeting: Meeting, proceedings: Sequence[Sequence[str]], proposed: Sequence[str]
) -> str:
    """Write into the prefilled draft (services.minutes_prefill): what was said under each agenda
    item, the conclusions proposed and the time the meeting ended. A heading the prefill no longer
    has gets its text appended at the end instead."""
    leftovers: list[str] = []
    for number, texts in enumerate(proceedings, start=1):
        # The item's heading, its optional "presented by" line, then the empty paragraph to fill.
        pattern = re.compile(rf"(<h4>\s*{number}\.\s[^<]*</h4>\s*(?:<p><em>[^<]*</em></p>\s*)?)<p>\s*</p>")
        body, found = pattern.subn(lambda m, texts=texts: m.group(1) + _paragraphs(texts), body, count=1)
        if not found:
            leftovers.extend(texts)
    heading = escape(gettext("Conclusions proposed"))
    body, found = re.subn(
        rf"(<h3>\s*{re.escape(heading)}\s*</h3>\s*)<p>\s*</p>",
        lambda m: m.group(1) + _paragraphs(proposed),
        body,
        count=1,
    )
    if not found:
        leftovers.extend(proposed)
    ended = timezone.localtime(meeting.held_at or meeting.end_at)
    closing = escape(gettext("The meeting ended at … on …"))
    if closing in body and closing.count("…") == 2:
        before, middle, after = closing.split("…")
        body = body.replace(closing, f"{before}{ended:%H:%M}{middle}{ended:%d/%m/%Y}{after}", 1)
    body = re.sub(r"<p>\s*</p>", "", body)
    return body + _paragraphs(leftovers)
