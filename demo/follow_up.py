"""The rows of the directives' follow-up and their replay: each row one call of tasks.services by one
demo person (or the portal itself, for an automatic urging) at one moment, on a directive the
story names by a key — one a signed notice created (`FromNotice`), or an ad-hoc one (`Assign`).

The story (demo/story/directives/) writes the rows down; `replay_follow_up` plays them on one
timeline, in time order, with the clock set to each row's moment, so the services' own rules (who
may act, what the status allows, deadlines not in the past) hold as in real use.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Committee, Organization, SupportTeam, User
from tasks import services
from tasks.models import Directive, ExtensionRequest

from .clock import DemoClock
from .papers import paper_pdf


@dataclass(frozen=True)
class FromNotice:
    """The directive a signed notice made of one instruction: the committee's short code, the day
    of the meeting, the lead agency's code and the instruction's due days after the meeting (as
    the story's conclusions give them; checked against the directive found)."""

    committee: str
    meeting_day: datetime.date
    lead: str
    due_days: int

    @property
    def deadline(self) -> datetime.date:
        return self.meeting_day + datetime.timedelta(days=self.due_days)


@dataclass(frozen=True)
class Attachment:
    """An evidence file: a one-page paper in the national format, dated the row's day."""

    filename: str
    title: str
    agency: str
    symbol: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Move:
    """One row: `actor` is a username (None: the portal itself), `directive` the story's key."""

    at: datetime.datetime
    actor: str | None
    directive: str


@dataclass(frozen=True)
class Assign(Move):
    """An ad-hoc directive with the document that gave it (services.directive_create)."""

    committee: str
    title: str
    lead: str
    reference_number: str
    reference_date: datetime.date
    deadline: datetime.date
    expected_result: str = ""
    coordinating: tuple[str, ...] = ()
    priority: str = Directive.Priority.NORMAL


@dataclass(frozen=True)
class Progress(Move):
    """services.progress_post, by the lead agency."""

    text: str
    percent: int
    evidence: Attachment | None = None


@dataclass(frozen=True)
class Contribute(Move):
    """services.contribution_add, by a coordinating agency."""

    text: str
    evidence: Attachment | None = None


@dataclass(frozen=True)
class ReportDone(Move):
    """services.directive_report_done: a file, or the document issued (number and date), or both."""

    summary: str
    evidence: Attachment | None = None
    document_number: str = ""
    document_date: datetime.date | None = None


@dataclass(frozen=True)
class ProposeAcceptance(Move):
    """services.acceptance_propose, by the secretariat."""

    note: str = ""


@dataclass(frozen=True)
class Accept(Move):
    """services.directive_accept."""

    note: str = ""


@dataclass(frozen=True)
class Return(Move):
    """services.directive_return, with the reason."""

    reason: str


@dataclass(frozen=True)
class AskExtension(Move):
    """services.extension_request: the new deadline asked for, and why."""

    deadline: datetime.date
    reason: str


@dataclass(frozen=True)
class DecideExtension(Move):
    """services.extension_decide on the pending request."""

    approve: bool
    note: str = ""


@dataclass(frozen=True)
class CancelDirective(Move):
    """services.directive_cancel, with the reason."""

    reason: str


@dataclass(frozen=True)
class Urge(Move):
    """services.directive_urge; `actor=None` is the portal's own reminder."""

    note: str = ""


@dataclass(frozen=True)
class FollowUpTeam(Move):
    """services.follow_up_team_set: a support sub-team of the committee, by name, follows it up."""

    team: str


def committee_of(key: str, sources: Mapping[str, FromNotice], moves: Sequence[Move]) -> str:
    """The short code of the committee the directive `key` belongs to."""
    if key in sources:
        return sources[key].committee
    for move in moves:
        if isinstance(move, Assign) and move.directive == key:
            return move.committee
    raise LookupError(f"Demo directive without a source: {key}")


def check_order(sources: Mapping[str, FromNotice], moves: Sequence[Move]) -> None:
    """Each directive's rows are written in the order they happen, an ad-hoc one starts with its
    Assign and a notice's one with no Assign: a story that a calendar shift would scramble fails
    here, loudly, rather than replaying a report before the work it reports."""
    last: dict[str, datetime.datetime] = {}
    for move in moves:
        key = move.directive
        if isinstance(move, Assign) == (key in sources or key in last):
            raise ValueError(f"Demo directive {key}: an ad-hoc directive starts with its Assign, once.")
        if key in last and move.at <= last[key]:
            raise ValueError(
                f"Demo directive {key}: {type(move).__name__} at {move.at:%d/%m/%Y %H:%M} is out of order."
            )
        last[key] = move.at


def find_notice_directives(sources: Mapping[str, FromNotice]) -> dict[str, Directive]:
    """The directives the signed notices created, by the story's keys (LookupError if one is missing
    or its deadline is not the one the story counts on)."""
    found = {}
    for key, source in sources.items():
        start = timezone.make_aware(datetime.datetime.combine(source.meeting_day, datetime.time()))
        directive = (
            Directive.objects.filter(
                committee__short_code=source.committee,
                source=Directive.Source.CONCLUSION,
                lead_organization__short_code=source.lead,
                notice__meeting__start_at__gte=start,
                notice__meeting__start_at__lt=start + datetime.timedelta(days=1),
            )
            .order_by("pk")
            .first()
        )
        if directive is None:
            raise LookupError(f"Demo directive {key}: no directive of {source}.")
        if directive.original_deadline != source.deadline:
            raise LookupError(
                f"Demo directive {key}: due {directive.original_deadline}, the story says {source.deadline}."
            )
        found[key] = directive
    return found


def replay_follow_up(
    clock: DemoClock,
    committees: Mapping[str, Committee],
    directives: dict[str, Directive],
    moves: Sequence[Move],
) -> int:
    """Play the rows on one timeline, in time order (a tie: in table order), each at its moment;
    `directives` holds the notices' directives by key and receives the ad-hoc ones. Returns how
    many rows it played."""
    people = {u.username: u for u in User.objects.filter(is_active=True)}
    orgs = {o.short_code: o for o in Organization.objects.all()}
    timeline = sorted(enumerate(moves), key=lambda row: (row[1].at, row[0]))
    for _n, move in timeline:
        with clock.at(move.at):
            play(move, committees, directives, people, orgs)
    return len(timeline)


def _upload(move: Move, attachment: Attachment | None) -> list[SimpleUploadedFile]:
    if attachment is None:
        return []
    content = paper_pdf(
        agency=attachment.agency,
        symbol=attachment.symbol,
        day=timezone.localdate(move.at),
        title=attachment.title,
        paragraphs=attachment.paragraphs,
    )
    return [SimpleUploadedFile(attachment.filename, content, content_type="application/pdf")]


def play(
    move: Move,
    committees: Mapping[str, Committee],
    directives: dict[str, Directive],
    people: Mapping[str, User],
    orgs: Mapping[str, Organization],
) -> None:
    """One row: the one service call it stands for, as its actor, at the clock's moment."""
    actor = people[move.actor] if move.actor is not None else None
    if isinstance(move, Assign):
        directives[move.directive] = services.directive_create(
            committee=committees[move.committee],
            actor=actor,
            title=move.title,
            lead_organization=orgs[move.lead],
            reference_number=move.reference_number,
            reference_date=move.reference_date,
            expected_result=move.expected_result,
            coordinating_organizations=[orgs[code] for code in move.coordinating],
            deadline=move.deadline,
            priority=move.priority,
        )
        return
    directive = Directive.objects.get(pk=directives[move.directive].pk)
    if timezone.now() <= directive.created_at:
        raise ValueError(f"Demo directive {move.directive}: {move!r} is dated before the directive existed.")
    match move:
        case Progress():
            services.progress_post(
                directive=directive,
                actor=actor,
                text=move.text,
                percent=move.percent,
                files=_upload(move, move.evidence),
            )
        case Contribute():
            services.contribution_add(
                directive=directive, actor=actor, text=move.text, files=_upload(move, move.evidence)
            )
        case ReportDone():
            services.directive_report_done(
                directive=directive,
                actor=actor,
                summary=move.summary,
                files=_upload(move, move.evidence),
                document_number=move.document_number,
                document_date=move.document_date,
            )
        case ProposeAcceptance():
            services.acceptance_propose(directive=directive, actor=actor, note=move.note)
        case Accept():
            services.directive_accept(directive=directive, actor=actor, note=move.note)
        case Return():
            services.directive_return(directive=directive, actor=actor, reason=move.reason)
        case AskExtension():
            services.extension_request(
                directive=directive, actor=actor, proposed_deadline=move.deadline, reason=move.reason
            )
        case DecideExtension():
            request = directive.extension_requests.get(status=ExtensionRequest.Status.PENDING)
            services.extension_decide(request=request, actor=actor, approve=move.approve, note=move.note)
        case CancelDirective():
            services.directive_cancel(directive=directive, actor=actor, reason=move.reason)
        case Urge():
            services.directive_urge(directive=directive, actor=actor, note=move.note)
        case FollowUpTeam():
            team = SupportTeam.objects.get(committee_id=directive.committee_id, name=move.team)
            services.follow_up_team_set(directive=directive, actor=actor, team=team)
        case _:
            raise TypeError(f"Unknown demo move: {move!r}")
