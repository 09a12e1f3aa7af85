"""Benchmark: the dashboard (the home page of the chair) and the register with many directives and
eight quarters of meetings.

Run: `.venv/bin/python scripts/bench_dashboard.py [repeats] [sizes...]` (default: 5 repeats, 20 and
2000 directives). SQLite unless DATABASE_URL is set (then PostgreSQL). Like bench_directives.py it
builds a throwaway test database per size (dropped at the end): the test cast of committee A, the
directives in bulk (bench_directives.build: 12 agencies, mixed statuses and deadlines), then two
held meetings a quarter over the last eight quarters with their invitations (copies in bulk of one
meeting taken through the services), and requests each page with Django's test client as the
chair, printing the min / median wall time and the queries of each request. The figures go to
docs/benchmarks.md; tests assert the query budget (tests/reports/test_dashboard_budget.py), never
a time.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings.test")

import django  # noqa: E402

django.setup()

from bench_directives import build, measure  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from meetings import services as meeting_services  # noqa: E402
from meetings.models import Invitation, Meeting  # noqa: E402
from reports.dashboard import last_quarters  # noqa: E402
from tests.conftest import Cast  # noqa: E402

QUARTERS = 8


def meetings(cast: Cast) -> int:
    """Two held meetings a quarter over the last eight quarters, with every member invited (half
    present): copies of one draft meeting made through the services."""
    start = timezone.localtime() + datetime.timedelta(days=3)
    model = meeting_services.meeting_create(
        committee=cast.committee,
        actor=cast.secretary,
        kind=Meeting.Kind.QUARTERLY,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        place="Phòng họp số 1",
    )
    invitations = list(model.invitations.all())
    today = timezone.localdate()
    copies = []
    for index, period in enumerate(last_quarters(today, QUARTERS)):
        for extra in range(2):
            day = min(period.start + datetime.timedelta(days=20 + 30 * extra), today)
            begin = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
            copy = Meeting.objects.get(pk=model.pk)
            copy.pk = None
            copy.sequence, copy.year = 100 + 2 * index + extra, day.year
            copy.status = Meeting.Status.NOTICE_ISSUED
            copy.start_at, copy.end_at = begin, begin + datetime.timedelta(hours=2)
            copies.append(copy)
    made = Meeting.objects.bulk_create(copies)
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            user_id=invitation.user_id,
            kind=invitation.kind,
            response=Invitation.Response.ATTEND,
            attendance=Invitation.Attendance.PRESENT if n % 2 else Invitation.Attendance.ABSENT_APPROVED,
        )
        for meeting in made
        for n, invitation in enumerate(invitations)
    )
    return len(made)


def run(size: int, repeats: int) -> None:
    cast = Cast()
    build(cast, size)
    held = meetings(cast)
    client = Client()
    client.force_login(cast.chair)
    cases = [
        ("dashboard (home), chair", reverse("home"), {}),
        ("register", reverse("reports:register", kwargs={"committee_pk": cast.committee.pk}), {}),
    ]
    print(f"\n{size} directives, {held} meetings over {QUARTERS} quarters ({connection.vendor})")
    for label, url, params in cases:
        low, median, queries, size_bytes = measure(client, url, params, repeats)
        print(f"  {label:30} {low:7.3f} s {median:7.3f} s {queries:3d} queries {size_bytes / 1024:7.0f} KiB")


def main() -> None:
    args = [int(a) for a in sys.argv[1:]]
    repeats = args[0] if args else 5
    sizes = args[1:] or [20, 2000]
    setup_test_environment()
    print(f"repeats: {repeats}; min and median wall time per request")
    for size in sizes:
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            run(size, repeats)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
