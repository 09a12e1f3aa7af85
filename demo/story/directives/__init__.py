"""The directives' year: what the agencies did with the instructions of the signed notices (01–03/TB
of the e-Government committee, 01/TB of the second), and three ad-hoc directives of recent weeks.

Written for the demo's "today" late in a quarter, and moving with it like the meetings: a row is
counted from its meeting, from its deadline or from today, so each directive's rows keep their
order on any day (demo.follow_up.check_order refuses a story that would not). What it shows:

- done on time and accepted (some after the secretariat's proposal, one by the standing member);
- done late (reported after the deadline), one of them first returned by the chair with a reason,
  completed and reported again;
- two approved extensions on one directive, then done on time against the new deadline; one
  extension refused;
- overdue and urged (the portal's automatic reminder, the secretariat, the standing member); one
  never started;
- cancelled by the chair, with the reason;
- open for Sở KH&ĐT (`member`, `focal`): one overdue, one due within days; in progress elsewhere,
  on time; reported done and proposed for acceptance: waiting for the chair.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from members.models import Committee, Notification
from tasks.models import Directive, DirectiveEvent

from ...clock import DemoClock
from ...follow_up import FromNotice, Move, check_order, committee_of, find_notice_directives, replay_follow_up
from ...people import EGOV, KTXH
from ...replay import settle_notifications
from ..setting import StoryDays
from .quarter_one import quarter_one_moves
from .quarter_two import quarter_two_moves
from .recent import recent_moves
from .third_quarter import extraordinary_moves, second_committee_moves


def sources(days: StoryDays) -> dict[str, FromNotice]:
    """The notices' directives the story follows, by key: committee, meeting day, lead agency and
    the due days its conclusion gives (demo/story/first_half.py, third_quarter.py,
    second_committee.py)."""
    q1, q2, ex, k = days.q1, days.q2, days.extraordinary, days.ktxh
    return {
        "q1.ioc": FromNotice(EGOV, q1, "STTTT", 49),
        "q1.dvc": FromNotice(EGOV, q1, "VPUBND", 110),
        "q1.attt": FromNotice(EGOV, q1, "STC", 290),
        "q2.ioc": FromNotice(EGOV, q2, "STTTT", 74),
        "q2.budget": FromNotice(EGOV, q2, "STC", 42),
        "q2.dancu": FromNotice(EGOV, q2, "CAT", 196),
        "q2.dautu": FromNotice(EGOV, q2, "SKHDT", 90),
        "q2.phuongso": FromNotice(EGOV, q2, "UBNDTP", 120),
        "ex.vuln": FromNotice(EGOV, ex, "STTTT", 14),
        "ex.trace": FromNotice(EGOV, ex, "CAT", 30),
        "ex.inform": FromNotice(EGOV, ex, "VPUBND", 7),
        "ex.soc": FromNotice(EGOV, ex, "SKHDT", 45),
        "ex.health": FromNotice(EGOV, ex, "SYT", 60),
        "ktxh.capital": FromNotice(KTXH, k, "SKHDT", 35),
        "ktxh.land": FromNotice(KTXH, k, "UBNDHT", 110),
    }


def follow_up(days: StoryDays) -> tuple[dict[str, FromNotice], list[Move]]:
    """The whole follow-up: the notices' directives it uses and every row, each directive's in order."""
    src = sources(days)
    moves = [
        *quarter_one_moves(days, src),
        *quarter_two_moves(days, src),
        *extraordinary_moves(days, src),
        *second_committee_moves(days, src),
        *recent_moves(days),
    ]
    check_order(src, moves)
    return src, moves


def _followed_up(committee: Committee) -> bool:
    """The committee's directives have a story already: anything but their creation happened."""
    return (
        Directive.objects.filter(committee=committee, source=Directive.Source.AD_HOC).exists()
        or DirectiveEvent.objects.filter(directive__committee=committee)
        .exclude(kind=DirectiveEvent.Kind.CREATED)
        .exists()
    )


def seed_directives(clock: DemoClock, stdout: OutputWrapper | None = None) -> int:
    """Replay the follow-up for each demo committee whose directives have none yet; returns how
    many rows it played (0 on a second run, which writes nothing)."""
    committees = {c.short_code: c for c in Committee.objects.filter(short_code__in=(EGOV, KTXH))}
    todo = {code: c for code, c in committees.items() if not _followed_up(c)}
    if not todo:
        if stdout is not None:
            stdout.write("Demo directives: already in place, nothing to do.")
        return 0
    if not Directive.objects.filter(committee__in=todo.values()).exists():
        # A database seeded before signed notices made directives: there is nothing to follow up.
        if stdout is not None:
            stdout.write("Demo directives: the notices have no directives (seeded before they existed).")
        return 0
    every_source, every_move = follow_up(StoryDays.of(clock))
    moves = [m for m in every_move if committee_of(m.directive, every_source, every_move) in todo]
    directives = find_notice_directives({k: s for k, s in every_source.items() if s.committee in todo})
    with transaction.atomic():
        last_note = Notification.objects.aggregate(n=Max("pk"))["n"] or 0
        with translation.override(settings.LANGUAGE_CODE):  # stored messages in the portal's language
            played = replay_follow_up(clock, todo, directives, moves)
        settle_notifications(clock, last_note)
    if stdout is not None:
        total = Directive.objects.filter(committee__in=todo.values()).count()
        stdout.write(f"Demo directives: {total} directives, {played} follow-up steps replayed.")
    return played
