"""The rows of the demo's tables: a meeting is its committee and the steps of its life, each step
one service call by one demo person (`actor`, a username) at one moment (`at`).

The story modules (demo/story/) write these down; demo/replay.py plays them through the services.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from meetings.models import Invitation

from .dates import _at, _wd

# An agenda item: title, presenting organization's code (or None), minutes allowed.
AgendaRow = tuple[str, str | None, int]
# A conclusion: text, lead organization's code (None: not an instruction), due in days after the
# meeting; an instruction may add the codes of its coordinating organizations.
ConclusionRow = tuple[str, str | None, int | None] | tuple[str, str, int, tuple[str, ...]]


@dataclass(frozen=True)
class Step:
    at: datetime.datetime
    actor: str


@dataclass(frozen=True)
class Create(Step):
    """The secretariat drafts the meeting (services.meeting_create)."""

    kind: str
    start: datetime.datetime
    end: datetime.datetime
    place: str = ""
    title: str = ""
    presiding: str | None = None
    agencies: tuple[str, ...] = ()  # short codes: a working session's agencies (Điều 9.2)


@dataclass(frozen=True)
class Consult(Step):
    """The secretariat drafts a written consultation for the person asking
    (services.consultation_create); every member in force is asked. Sent with `Convene`."""

    asked_by: str
    matter: str
    questions: tuple[str, ...]
    deadline: datetime.datetime
    title: str = ""


@dataclass(frozen=True)
class ConsultAnswer(Step):
    """A member's answer to a written consultation (services.consultation_answer_save): sent by
    the member, or prepared for `member` by a focal officer of the member's agency (`actor`)."""

    position: str
    comments: str = ""
    member: str | None = None  # the member whose answer a focal officer prepares


@dataclass(frozen=True)
class CompileSummary(Step):
    """After the deadline the secretariat compiles the summary as generated
    (services.consultation_summary_compile); the chair then decides (Conclude, IssueNotice)."""


@dataclass(frozen=True)
class Propose(Step):
    """A member proposes an extraordinary meeting (services.proposal_create)."""

    reason: str
    suggested_start: datetime.datetime


@dataclass(frozen=True)
class AcceptProposal(Step):
    """The chair accepts the proposal; the service drafts the meeting (services.proposal_decide)."""

    note: str


@dataclass(frozen=True)
class Update(Step):
    """The secretariat completes a draft's details (services.meeting_update)."""

    title: str
    place: str
    secretary: str


@dataclass(frozen=True)
class InviteAlso(Step):
    """People invited on top of those the meeting's kind invites (services.invitees_set)."""

    usernames: tuple[str, ...]


@dataclass(frozen=True)
class InviteGuest(Step):
    """An outside expert invited to an extended meeting (services.guest_invite)."""

    username: str


@dataclass(frozen=True)
class AddAgenda(Step):
    """The agenda, item by item (services.agenda_item_add)."""

    items: tuple[AgendaRow, ...]


@dataclass(frozen=True)
class AddPaper(Step):
    """A paper for the `item`-th agenda item (from 0; None: the meeting's own papers, as a written
    consultation's draft), made as a PDF dated the step's day (services.paper_add)."""

    item: int | None
    filename: str
    title: str
    agency: str
    symbol: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Convene(Step):
    """The invitations go out (services.meeting_convene); `fallback` convenes if `actor` may not."""

    fallback: str | None = None


@dataclass(frozen=True)
class Answer(Step):
    """The invitee (`actor`) answers (services.invitation_respond)."""

    response: str = Invitation.Response.ATTEND
    absence_reason: str = ""
    substitute_name: str = ""
    substitute_position: str = ""
    written_opinion: str = ""


@dataclass(frozen=True)
class DecideAbsence(Step):
    """The presiding person decides on an invitee's absence (services.absence_decide)."""

    invitee: str
    approve: bool = True


@dataclass(frozen=True)
class Postpone(Step):
    """services.meeting_postpone, to a new time."""

    start: datetime.datetime
    end: datetime.datetime
    reason: str


@dataclass(frozen=True)
class Cancel(Step):
    """services.meeting_cancel."""

    reason: str


@dataclass(frozen=True)
class Hold(Step):
    """The secretary records attendance: from the answers, except the `overrides` (username → mark)."""

    overrides: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StartMinutes(Step):
    """The minutes start from the prefilled draft (services.minutes_start)."""


@dataclass(frozen=True)
class WriteMinutes(Step):
    """What was said under each agenda item (one tuple of paragraphs per item) and the conclusions
    proposed, written into the draft (services.minutes_update)."""

    proceedings: tuple[tuple[str, ...], ...]
    proposed: tuple[str, ...]


@dataclass(frozen=True)
class SignMinutes(Step):
    """services.minutes_sign: the secretary, then the presiding person (or a deputy for the chair)."""


@dataclass(frozen=True)
class OpenReview(Step):
    """The draft minutes are opened for the attendees' comments (services.minutes_open_review)."""


@dataclass(frozen=True)
class Comment(Step):
    """services.minutes_comment_add."""

    body: str


@dataclass(frozen=True)
class AnswerComment(Step):
    """The support group answers the comment `author` made (their last one): taken into account or
    not, with a note (services.minutes_comment_answer)."""

    author: str
    taken: bool
    note: str


@dataclass(frozen=True)
class CloseReview(Step):
    """The presiding person closes the comment window before its last day, so the minutes can be
    signed (services.minutes_review_close)."""


@dataclass(frozen=True)
class Conclude(Step):
    """The conclusions, in order (services.conclusion_add)."""

    items: tuple[ConclusionRow, ...]


@dataclass(frozen=True)
class IssueNotice(Step):
    """The notice of conclusions is signed and numbered (services.conclusions_sign)."""


@dataclass(frozen=True)
class RecordActingPeriod(Step):
    """The chair records being away from `start` to `end`, `deputy` acting for them (Điều 4.1;
    members.services.chair_acting_period_record), in the meeting's committee."""

    deputy: str
    start: datetime.date
    end: datetime.date
    reason: str


@dataclass(frozen=True)
class MeetingSpec:
    """One meeting of the story: `key` names it in the story, `committee` is a short code."""

    key: str
    committee: str
    steps: tuple[Step, ...]


def answers_from(
    first: datetime.datetime, usernames: list[str], spacing_minutes: int = 95
) -> tuple[Answer, ...]:
    """Several people answer "attend", one after another from `first` on, in office hours."""
    rows = []
    when = first
    for username in usernames:
        rows.append(Answer(when, username))
        when += datetime.timedelta(minutes=spacing_minutes)
        if when.hour >= 17:
            when = _at(_wd(timezone.localdate(when), 1), 7, 45)
    return tuple(rows)
