"""Benchmark: the directive list, the scoreboard and their exports with many directives.

Run: `.venv/bin/python scripts/bench_directives.py [repeats] [sizes...]` (default: 5 repeats,
2000 and 20000 directives). SQLite unless DATABASE_URL is set (then PostgreSQL). It builds a
throwaway test database (Django's test-database machinery, as pytest does; dropped at the end),
the test cast of committee A, 12 agencies and the directives in bulk (mixed statuses and
deadlines over a year, 5 % regular work, one in five with a coordinating agency), then requests
each page with Django's test client as a member of the committee and prints the min / median
wall time and the queries of each request. The figures go to docs/benchmarks.md. Timings are
measured here, never asserted in tests (the machines are shared and noisy).
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from tasks.models import Directive  # noqa: E402
from tests.conftest import Cast  # noqa: E402
from tests.members.factories import OrganizationFactory  # noqa: E402

S = Directive.Status
AGENCIES = 12


def build(cast: Cast, count: int) -> None:
    """`count` directives of committee A, spread as a year of real work would be."""
    rng = random.Random(count)  # noqa: S311 - the same rows for the same size, run after run
    agencies = [cast.org_a, cast.org_b] + [
        OrganizationFactory(name=f"Sở ngành số {n}", short_code=f"BENCH{n}") for n in range(AGENCIES - 2)
    ]
    today = timezone.localdate()
    rows = []
    for n in range(count):
        deadline = today + datetime.timedelta(days=rng.randint(-180, 180))
        fields = {"deadline": deadline, "reporting_period": ""}
        if rng.random() < 0.05:
            fields = {"deadline": None, "reporting_period": Directive.Period.QUARTERLY}
        roll = rng.random()
        status = S.ASSIGNED
        if roll < 0.20:
            status = S.IN_PROGRESS
        elif roll < 0.45 and deadline < today:
            status = S.ACCEPTED
            reported = deadline + datetime.timedelta(days=rng.randint(-20, 10))
            fields.update(reported_done_on=min(reported, today), deadline_at_report=deadline)
        elif roll < 0.50:
            status = S.CANCELLED
        directive = Directive(
            committee=cast.committee,
            source=Directive.Source.AD_HOC,
            title=f"Báo cáo tiến độ triển khai nhiệm vụ số {n} về Chính quyền điện tử",
            expected_result="Báo cáo kết quả, đề xuất giải pháp",
            reference_number=f"{n}/TB-UBND",
            lead_organization=rng.choice(agencies),
            status=status,
            percent=100 if status == S.ACCEPTED else rng.choice((0, 20, 50, 80)),
            created_by=cast.chair,
            **fields,
        )
        directive.refresh_search_text()
        rows.append(directive)
    made = Directive.objects.bulk_create(rows, batch_size=1000)
    through = Directive.coordinating_organizations.through
    through.objects.bulk_create(
        [
            through(directive_id=d.pk, organization_id=rng.choice(agencies).pk)
            for d in made
            if rng.random() < 0.2
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def measure(client: Client, url: str, params: dict, repeats: int) -> tuple[float, float, int, int]:
    """(min s, median s, queries, response bytes) of GET url?params, after a warm-up."""
    client.get(url, params)
    times = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, params)
            body = b"".join(response) if response.streaming else response.content
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return min(times), statistics.median(times), len(queries), len(body)


def run(size: int, repeats: int) -> None:
    cast = Cast()
    build(cast, size)
    client = Client()
    client.force_login(cast.member)
    directives = reverse("tasks:directive-list")
    scoreboard = reverse("tasks:scoreboard", kwargs={"committee_pk": cast.committee.pk})
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    cases = [
        ("list, first page", directives, {}),
        ("list, search 'tien do' + overdue", directives, {"q": "tien do", "timeliness": "overdue"}),
        ("list, last page", directives, {"page": 10**6}),
        ("list, one agency (lead or coordinating)", directives, {"agency": cast.org_b.pk}),
        ("scoreboard, year", scoreboard, {"year": year}),
        ("scoreboard, quarter", scoreboard, {"year": year, "quarter": quarter}),
        ("export CSV, every row", reverse("tasks:directive-export", kwargs={"fmt": "csv"}), {}),
        ("export XLSX, every row", reverse("tasks:directive-export", kwargs={"fmt": "xlsx"}), {}),
        ("scoreboard XLSX, year", scoreboard + "export.xlsx", {"year": year}),
    ]
    print(f"\n{size} directives ({connection.vendor})")
    for label, url, params in cases:
        low, median, queries, size_bytes = measure(client, url, params, repeats)
        print(f"  {label:42} {low:7.3f} s {median:7.3f} s {queries:3d} queries {size_bytes / 1024:7.0f} KiB")


def main() -> None:
    args = [int(a) for a in sys.argv[1:]]
    repeats = args[0] if args else 5
    sizes = args[1:] or [2000, 20000]
    setup_test_environment()
    print(f"repeats: {repeats}; min and median wall time per request")
    for size in sizes:
        # A fresh throwaway database per size, dropped after it.
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            run(size, repeats)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
