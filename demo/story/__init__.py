"""The demo year of meetings: a living year of the e-Government committee and one meeting of the
second committee, written as tables (one module per part of the year) and replayed through the
services as the demo people, on the dates it happened (demo/replay.py); then what the agencies
did with the directives the signed notices gave them (directives/, demo/follow_up.py); then the
year's work plan, approved and half under way, and a draft inspection plan (plans/); then the
quarterly reports and a request for the agencies' reports (reports.py).

Idempotent: a committee that already has meetings is left untouched, and so are directives that
already have a story and a committee that has plans.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from meetings.models import Notice
from members.models import Committee, Notification

from ..clock import DemoClock
from ..people import EGOV, KTXH
from ..replay import replay_meetings, settle_notifications
from ..steps import MeetingSpec
from .consultations import data_sharing_consultation, plan_consultation
from .directives import seed_directives
from .first_half import quarter_one, quarter_two
from .plans import seed_plans
from .reports import seed_reports
from .second_committee import ktxh_quarterly
from .setting import StoryDays
from .support_group import support_meetings
from .third_quarter import extended, extraordinary
from .this_quarter import cancelled, draft, quarter_four
from .working_session import health_working_session


def year_of_meetings(clock: DemoClock) -> list[MeetingSpec]:
    """Every meeting of the story, dated from the clock's today; steps at the same moment play in
    this order."""
    days = StoryDays.of(clock)
    return [
        quarter_one(days),
        quarter_two(days),
        extraordinary(days),
        extended(days),
        cancelled(days),
        health_working_session(days),
        plan_consultation(days),
        data_sharing_consultation(days),
        quarter_four(days),
        draft(days),
        *support_meetings(days),
        ktxh_quarterly(days),
    ]


def seed_meetings(clock: DemoClock, stdout: OutputWrapper | None = None) -> int:
    """Replay the demo year for each demo committee that has no meeting yet, then the follow-up of
    its directives, then the annual plans (after the directives' story: that story counts as played
    once any directive of the committee has more than its creation); returns how many meetings,
    follow-up steps, plan rows and report steps it created (0 on a second run, which writes nothing)."""
    return (
        _seed_year(clock, stdout)
        + seed_directives(clock, stdout)
        + seed_plans(clock, stdout)
        + seed_reports(clock, stdout)
    )


def _seed_year(clock: DemoClock, stdout: OutputWrapper | None) -> int:
    committees = {c.short_code: c for c in Committee.objects.filter(short_code__in=(EGOV, KTXH))}
    todo = {code: c for code, c in committees.items() if not c.meetings.exists()}
    if not todo:
        if stdout is not None:
            stdout.write("Demo meetings: already in place, nothing to do.")
        return 0

    specs = [spec for spec in year_of_meetings(clock) if spec.committee in todo]
    with transaction.atomic():
        last_note = Notification.objects.aggregate(n=Max("pk"))["n"] or 0
        with translation.override(settings.LANGUAGE_CODE):  # stored messages in the portal's language
            done = replay_meetings(clock, todo, specs)
        settle_notifications(clock, last_note)

    meetings = list(done.meetings.values())
    if stdout is not None:
        per_committee = ", ".join(
            f"{code} {sum(m.committee_id == c.pk for m in meetings)}" for code, c in todo.items()
        )
        notices = (
            Notice.objects.filter(meeting__in=meetings).select_related("committee").order_by("signed_at")
        )
        stdout.write(
            f"Demo meetings: {len(meetings)} created ({per_committee}), {done.papers} papers, "
            f"notices {', '.join(n.symbol for n in notices)}."
        )
    return len(meetings)
