"""Benchmark: the reminder sweep over many due directives and meetings (issue #11, acceptance 6).

Run: `DATABASE_URL=postgres://… .venv/bin/python scripts/bench_reminders.py [directives meetings
overdue%]...` (default: 500 50 20, then 5000 500 20). SQLite without DATABASE_URL. For each size it
builds a throwaway test database (Django's test-database machinery, dropped at the end): committee
A of the test cast, 12 agencies each with a member and a focal officer, then in bulk

- the directives, all due for a reminder at the sweep's moment: `overdue%` of them overdue by one
  to eight weeks (urged through tasks.services.directive_urge each, logged on the directive), the
  others due in 2–7 days, tomorrow or today (a notification each);
- the meetings: 60 % convened, starting in 1–3 days, ten invitations each, half unanswered; 40 %
  held two weeks ago, their minutes unsigned;

then runs, at the same moment, a dry run (the rules' reads and the report's wording, as the
command does), the sweep as the beat job runs it (claims and notifications, no wording), and the
sweep again (everything already claimed: what every 15 minutes costs),
printing the wall time and the queries of each, per rule. Publishing the e-mails to the broker
is left out (the outbox sends them; that is not the sweep's time). Figures go to
docs/benchmarks.md; nothing is asserted here.
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from meetings.models import Invitation, Meeting  # noqa: E402
from members.models import RoleAssignment  # noqa: E402
from members.reminders import Outcome, reminder_rules, reminders_sweep  # noqa: E402
from tasks.models import Directive  # noqa: E402
from tests.conftest import Cast  # noqa: E402
from tests.members.factories import OrganizationFactory, RoleAssignmentFactory, UserFactory  # noqa: E402

S = Directive.Status
AGENCIES = 12
INVITEES = 10


def build(cast: Cast, directives: int, meetings: int, overdue: float, today: datetime.date) -> None:
    rng = random.Random(directives)  # noqa: S311 - the same rows for the same size, run after run
    agencies = [cast.org_a, cast.org_b]
    people = []
    for n in range(AGENCIES):
        if n >= 2:
            agencies.append(OrganizationFactory(name=f"Sở ngành số {n}", short_code=f"BENCH{n}"))
        org = agencies[n]
        for role in (RoleAssignment.Role.MEMBER, RoleAssignment.Role.FOCAL_OFFICER):
            user = UserFactory(username=f"bench_{role}_{n}", organization=org)
            RoleAssignmentFactory(user=user, committee=cast.committee, role=role, organization=org)
            people.append(user)
    rows = []
    for n in range(directives):
        if rng.random() < overdue:
            deadline = today - datetime.timedelta(days=7 * rng.randint(1, 8) + rng.randint(0, 6))
        else:
            deadline = today + datetime.timedelta(days=rng.choice((0, 1, 2, 3, 4, 5, 6, 7)))
        directive = Directive(
            committee=cast.committee,
            source=Directive.Source.AD_HOC,
            title=f"Báo cáo tiến độ triển khai nhiệm vụ số {n} về Chính quyền điện tử",
            reference_number=f"{n}/TB-UBND",
            lead_organization=rng.choice(agencies),
            status=rng.choice((S.ASSIGNED, S.IN_PROGRESS)),
            deadline=deadline,
            created_by=cast.chair,
        )
        directive.refresh_search_text()
        rows.append(directive)
    Directive.objects.bulk_create(rows, batch_size=1000)
    # Given a month ago, so every reminder before the deadline is due (auto_now_add set today).
    Directive.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))

    made = []
    for n in range(meetings):
        upcoming = n < meetings * 0.6
        day = (
            today + datetime.timedelta(days=rng.choice((1, 2, 3)))
            if upcoming
            else today - datetime.timedelta(days=14)
        )
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + n % 9, 0)))
        made.append(
            Meeting(
                committee=cast.committee,
                kind=Meeting.Kind.EXTRAORDINARY,
                year=day.year,
                sequence=n + 1,
                title=f"Họp chuyên đề số {n}",
                start_at=start,
                end_at=start + datetime.timedelta(hours=2),
                place="Phòng họp số 1",
                presiding=cast.chair,
                secretary=cast.secretary,
                status=Meeting.Status.CONVENED if upcoming else Meeting.Status.HELD,
                convened_at=timezone.now() - datetime.timedelta(days=20),
                created_by=cast.secretary,
            )
        )
    Meeting.objects.bulk_create(made, batch_size=500)
    invitations = []
    for meeting in Meeting.objects.filter(title__startswith="Họp chuyên đề"):
        for k, user in enumerate(rng.sample(people, INVITEES)):
            response = Invitation.Response.PENDING if k % 2 else Invitation.Response.ATTEND
            invitations.append(Invitation(meeting=meeting, user=user, response=response))
    Invitation.objects.bulk_create(invitations, batch_size=1000)


class QueryCounter:
    """Counts the statements sent to the database (Django's query log stops at 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(label: str, moment: datetime.datetime, dry_run: bool) -> None:
    total_time = total_queries = 0.0
    lines = []
    for rule in reminder_rules():
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            start = time.perf_counter()
            [report] = reminders_sweep(at=moment, dry_run=dry_run, rules=[rule.name], word=dry_run)
            elapsed = time.perf_counter() - start
        assert not report.error, report.error
        counts = {o: len(report.of(o)) for o in Outcome}
        total_time += elapsed
        total_queries += queries.count
        lines.append(
            f"    {rule.name:22} {elapsed:7.2f} s {queries.count:6d} queries  "
            f"due {counts[Outcome.DUE]:5d} sent {counts[Outcome.SENT]:5d} "
            f"earlier {counts[Outcome.TAKEN]:5d} failed {counts[Outcome.FAILED]:3d}"
        )
    print(f"  {label}: {total_time:.2f} s, {int(total_queries)} queries")
    print("\n".join(lines))


def run(directives: int, meetings: int, overdue: int) -> None:
    moment = timezone.now()
    today = timezone.localdate(moment)
    cast = Cast()
    build(cast, directives, meetings, overdue / 100, today)
    print(
        f"\n{directives} directives ({overdue} % overdue), {meetings} meetings ({connection.vendor}), "
        f"at {moment:%Y-%m-%d %H:%M}"
    )
    timed("dry run (reads only)", moment, dry_run=True)
    timed("sweep", moment, dry_run=False)
    timed("sweep again (all claimed)", moment, dry_run=False)


def main() -> None:
    args = [int(a) for a in sys.argv[1:]]
    sizes = list(zip(args[::3], args[1::3], args[2::3], strict=True)) or [(500, 50, 20), (5000, 500, 20)]
    setup_test_environment()
    # The e-mails are the outbox's to send: publishing them is not the sweep's time.
    with mock.patch("members.jobs.enqueue"):
        for directives, meetings, overdue in sizes:
            old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
            try:
                run(directives, meetings, overdue)
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
